"""`carnet guard audit` and the administrator's report of stored comments."""

import json

from carnet.audit.models import AccessEvent
from carnet.cli import main
from tests import factories
from tests.conftest import signed_in


def _seed(practice):
    flagged = factories.make_patient(practice, admin_comment="Sort de prison, suivi SPIP")
    factories.make_patient(practice, admin_comment="Tiers payant")
    factories.make_patient(practice, admin_comment="Patiente pénible, diabétique")
    return flagged


def test_it_reports_flagged_patients_without_their_text(practice, tmp_path, other_practice):
    flagged = _seed(practice)
    factories.make_patient(other_practice, admin_comment="Témoin de Jéhovah")
    out = tmp_path / "rapport.json"
    assert main(["guard", "audit", "--practice", str(practice.pk), "-o", str(out)]) == 0
    [report] = json.loads(out.read_text())["reports"]
    assert (report["patients_scanned"], report["patients_flagged"]) == (3, 2)
    assert report["per_category"]["criminal"] == 1
    assert report["per_category"]["judgement"] == 1 and report["per_category"]["health"] == 1
    assert report["per_category"]["religion"] == 0  # the other practice is not scanned
    entry = next(p for p in report["patients"] if p["patient"] == flagged.public_id)
    assert entry["link"] == f"/patients/{flagged.public_id}/modifier/"
    assert "art. 10" in entry["suggested_action"]
    text = out.read_text()
    assert "prison" not in text and "Dupont" not in text


def test_it_includes_the_text_only_when_asked(practice, tmp_path):
    _seed(practice)
    out = tmp_path / "rapport.json"
    main(["manage", "carnet_guard_audit", "--include-text", "-o", str(out)])
    assert "Sort de prison" in out.read_text()


def test_it_logs_the_audit_as_an_export(practice, tmp_path):
    from django.core.management import call_command

    _seed(practice)
    # call_command, not the CLI: Django's command line closes the connection
    # at the end, and this test reads the log afterwards.
    call_command("carnet_guard_audit", "-o", str(tmp_path / "r.json"))
    event = AccessEvent.objects.get(action="export", practice_id=practice.pk)
    assert event.detail["patients_flagged"] == 2


def test_it_shows_the_report_to_the_practice_administrator(client, practice, practice_admin):
    _seed(practice)
    signed_in(client, practice_admin)
    page = client.get("/cabinet/garde/").content.decode()
    assert "Infractions et condamnations" in page and "prison" not in page


def test_it_lets_the_administrator_choose_block_mode(client, practice, practice_admin):
    signed_in(client, practice_admin)
    assert client.post("/cabinet/reglages/", {"guard_mode": "block"}).status_code == 302
    practice.refresh_from_db()
    assert practice.guard_mode == "block"
    assert client.post("/cabinet/reglages/", {"guard_mode": "never"}).status_code == 400
