"""The practice administrator's observatory export (``carnet.observatory``
on the practice's own data).

One row per patient. The quasi-identifiers an administrator may choose are
those an outsider could know (year of birth, sex, postcode); the studied
attributes are the medical record's history items (CIM-10 codes only),
allergies and treatments, each joined into one sorted value. With a
pseudonym, the row carries an HMAC of the patient's id under the practice's
export key (kept in the data folder, never in the file), so that rows of
successive exports can be linked, and the file is labelled pseudonymous.
"""

import io
import json
import zipfile
from collections import defaultdict

import polars as pl
from django.conf import settings

from carnet.observatory import anonymize, measure
from carnet.observatory.pseudonyms import generate_key, read_key_file, write_key_file
from carnet.records.models import Allergy, HistoryItem, Patient, Treatment

QUASI_FIELDS = {
    "annee_naissance": "Année de naissance",
    "sexe": "Sexe",
    "code_postal": "Code postal",
}
SENSITIVE_FIELDS = {
    "antecedents": "Antécédents (CIM-10)",
    "allergies": "Allergies",
    "traitements": "Traitements",
}
HIERARCHIES = {"annee_naissance": "year", "sexe": "sex", "code_postal": "postcode"}
PSEUDONYM_COLUMN = "patient"


def _joined(values) -> str:
    return " | ".join(sorted({v.strip() for v in values if v and v.strip()})) or "aucun"


def practice_table(practice, quasi, sensitive, pseudonym=False) -> pl.DataFrame:
    """The practice's patients as a table of the chosen columns (decrypted here,
    in memory, and nowhere else)."""
    columns = defaultdict(list)
    per_patient = {name: defaultdict(list) for name in SENSITIVE_FIELDS}
    sources = {
        # Codes only: a free-text label may name the patient or a rare detail.
        "antecedents": (HistoryItem, lambda e: e.cim10 or "non codé"),
        "allergies": (Allergy, lambda e: e.substance),
        "traitements": (Treatment, lambda e: e.drug),
    }
    for name in sensitive:
        model, value_of = sources[name]
        for entry in model.objects.filter(practice=practice).iterator(chunk_size=1000):
            per_patient[name][entry.patient_id].append(value_of(entry))
    patients = Patient.objects.filter(practice=practice).order_by("pk")
    for patient in patients.iterator(chunk_size=1000):
        if pseudonym:
            columns[PSEUDONYM_COLUMN].append(patient.public_id)
        if "annee_naissance" in quasi:
            columns["annee_naissance"].append(patient.birth_date.year)
        if "sexe" in quasi:
            columns["sexe"].append(patient.sex)
        if "code_postal" in quasi:
            columns["code_postal"].append(patient.postcode or "inconnu")
        for name in sensitive:
            columns[name].append(_joined(per_patient[name].get(patient.pk, ())))
    order = ([PSEUDONYM_COLUMN] if pseudonym else []) + [q for q in QUASI_FIELDS if q in quasi] + [
        s for s in SENSITIVE_FIELDS if s in sensitive]
    return pl.DataFrame({name: columns[name] for name in order}, strict=False)


def export_key(practice):
    """The practice's pseudonym key, created on first use beside the vault's keys."""
    path = settings.DATA_DIR / f"observatory-{practice.pk}.key"
    if not path.exists():
        write_key_file(path, generate_key())
    return read_key_file(path)


def run_export(practice, quasi, sensitive, k, l=None, pseudonym=False):
    """(anonymised table, report, risk before) for the chosen columns."""
    table = practice_table(practice, quasi, sensitive, pseudonym)
    before = measure(table.drop(PSEUDONYM_COLUMN, strict=False), quasi=list(quasi), sensitive=list(sensitive))
    out, report = anonymize(
        table,
        quasi=list(quasi),
        sensitive=list(sensitive),
        k=k,
        l=l,
        pseudonym=PSEUDONYM_COLUMN if pseudonym else None,
        pseudonym_key=export_key(practice) if pseudonym else None,
        hierarchies={q: HIERARCHIES[q] for q in quasi},
    )
    return out, report, before


def as_zip(out: pl.DataFrame, report: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        csv = io.StringIO()
        out.write_csv(csv, separator=";")
        archive.writestr("export.csv", csv.getvalue())
        archive.writestr("rapport.json", json.dumps(report, ensure_ascii=False, indent=2, default=str))
    return buffer.getvalue()
