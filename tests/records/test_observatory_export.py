"""The practice administrator's observatory export: risk shown before and
after, k checked independently on the file, logged, key never in the file."""

import io
import json
import random
import zipfile
from collections import Counter
from datetime import date

import pytest

from carnet.audit.models import AccessEvent
from carnet.records.models import HistoryItem
from tests import factories
from tests.conftest import signed_in


@pytest.fixture
def populated(practice, doctor):
    rng = random.Random(3)
    for i in range(120):
        patient = factories.make_patient(
            practice, family_name=f"Obs{i}", sex=rng.choice("FM"),
            birth_date=date(rng.randint(1940, 2010), rng.randint(1, 12), rng.randint(1, 28)),
            postcode=rng.choice(["75011", "75012", "92100", "93200", "69003"]),
        )
        HistoryItem.objects.create(patient=patient, author=doctor, label="HTA", cim10=rng.choice(["I10", "E11", "J45"]))
    return practice


FORM = {"quasi": ["annee_naissance", "sexe", "code_postal"], "sensitive": ["antecedents"], "k": "5"}


def _download(client, **extra):
    response = client.post("/cabinet/observatoire/", {**FORM, **extra, "action": "download"})
    assert response.status_code == 200, response.content[:500]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return archive.read("export.csv").decode(), json.loads(archive.read("rapport.json"))


def test_it_previews_the_risk_before_and_after(client, practice_admin, populated):
    signed_in(client, practice_admin)
    response = client.post("/cabinet/observatoire/", {**FORM, "action": "preview"})
    assert response.status_code == 200
    assert response.context["before"]["k_achieved"] < 5 <= response.context["report"]["k_achieved"]
    assert "anonyme" in response.content.decode()
    assert AccessEvent.objects.get(action="export").detail["downloaded"] is False


def test_it_downloads_a_k_anonymous_file_and_logs_the_export(client, practice_admin, populated):
    signed_in(client, practice_admin)
    csv, report = _download(client)
    lines = csv.strip().splitlines()
    header, rows = lines[0].split(";"), [line.split(";") for line in lines[1:]]
    quasi_idx = [header.index(q) for q in FORM["quasi"]]
    classes = Counter(tuple(row[i] for i in quasi_idx) for row in rows)
    assert min(classes.values()) >= 5  # checked here, not by the code under test
    assert report["label"] == "anonymous" and report["k_achieved"] >= 5
    assert "Obs1" not in csv
    event = AccessEvent.objects.get(action="export", detail__downloaded=True)
    assert event.detail["k"] == 5 and event.detail["kind"] == "observatory"


def test_it_labels_a_pseudonymous_export_and_keeps_the_key_out(client, practice_admin, populated, settings):
    signed_in(client, practice_admin)
    csv, report = _download(client, pseudonym="on")
    assert report["label"] == "pseudonymous"
    key = (settings.DATA_DIR / f"observatory-{populated.pk}.key").read_text().strip()
    assert key not in csv and key not in json.dumps(report)
    again, _ = _download(client, pseudonym="on")
    first_ids = {line.split(";")[0] for line in csv.splitlines()[1:]}
    assert first_ids == {line.split(";")[0] for line in again.splitlines()[1:]}  # stable under the practice key


def test_it_rejects_bad_parameters_in_french(client, practice_admin, populated):
    signed_in(client, practice_admin)
    assert client.post("/cabinet/observatoire/", {**FORM, "k": "1"}).status_code == 400
    assert client.post("/cabinet/observatoire/", {**FORM, "quasi": ["nom"]}).status_code == 400
    impossible = client.post("/cabinet/observatoire/", {**FORM, "k": "100", "l": "10"})
    assert impossible.status_code == 400


def test_it_makes_every_released_group_l_diverse(client, practice_admin, populated):
    signed_in(client, practice_admin)
    csv, report = _download(client, l="2")
    lines = csv.strip().splitlines()
    header, rows = lines[0].split(";"), [line.split(";") for line in lines[1:]]
    quasi_idx = [header.index(q) for q in FORM["quasi"]]
    sensitive_idx = header.index("antecedents")
    values_per_class = {}
    for row in rows:
        values_per_class.setdefault(tuple(row[i] for i in quasi_idx), set()).add(row[sensitive_idx])
    assert min(len(v) for v in values_per_class.values()) >= 2
    assert report["l_achieved"] >= 2
