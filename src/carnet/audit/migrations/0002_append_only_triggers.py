"""Append-only at the database level: triggers refusing UPDATE and DELETE on
the access log and the checkpoints (SQL in ``carnet.audit.triggers``)."""

from django.db import migrations

from carnet.audit import triggers


def create_triggers(apps, schema_editor):
    triggers.create_triggers(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    triggers.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
