"""Database triggers that make the log tables append-only.

They refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on
``audit_accessevent`` and ``audit_checkpoint``, whatever the client: the ORM,
raw SQL, a SQL injection through the application's connection. They do not
stop someone who may drop triggers (the table owner, a superuser, whoever
holds the SQLite file): that is what the hash chain and the signed
checkpoints are for.

Used by migration 0002 and by ``carnet.audit.testing`` (test databases must be
flushable between transactional tests).
"""

from __future__ import annotations

APPEND_ONLY_TABLES = ("audit_accessevent", "audit_checkpoint")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION carnet_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'carnet audit: % on % refused, the table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        statements = [_PG_FUNCTION]
        for table in APPEND_ONLY_TABLES:
            statements += [
                f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION carnet_audit_append_only()",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION carnet_audit_append_only()",
            ]
        return statements
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} BEGIN "
            f"SELECT RAISE(ABORT, 'carnet audit: {op} on {table} refused, the table is append-only'); "
            f"END"
            for table in APPEND_ONLY_TABLES
            for op in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"carnet audit: no append-only triggers for {vendor}")


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        statements = []
        for table in APPEND_ONLY_TABLES:
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            ]
        return statements + ["DROP FUNCTION IF EXISTS carnet_audit_append_only()"]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_{op}"
            for table in APPEND_ONLY_TABLES
            for op in ("update", "delete")
        ]
    raise NotImplementedError(f"carnet audit: no append-only triggers for {vendor}")


def execute(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def create_triggers(connection) -> None:
    execute(connection, create_sql(connection.vendor))


def drop_triggers(connection) -> None:
    execute(connection, drop_sql(connection.vendor))
