"""The notes guard over what is already stored: every administrative
free-text field of a practice, scanned, and a report for the DPO.

The report names patients by their opaque id and a link, never by name, and
holds the comment text only when asked (``include_text``). Reading every
comment is itself an access to patient data: it is logged as an export.
"""

from collections import Counter

from carnet.audit import log
from carnet.guard import CATEGORIES, CATEGORY_LABELS, scan
from carnet.records.comment_guard import GUARDED_FIELDS
from carnet.records.models import Patient

SUGGESTED_ACTIONS = {
    "judgement": "Supprimer la remarque ou la reformuler en fait utile et objectif.",
    "criminal": "Supprimer : les données d'infractions (art. 10 RGPD) n'ont pas leur place ici.",
    "politics": "Supprimer : opinion sans utilité pour la prise en charge.",
    "union": "Supprimer : appartenance syndicale sans utilité pour la prise en charge.",
}
DEFAULT_ACTION = "Déplacer dans le dossier médical (réservé aux soignants), puis retirer du commentaire."


def suggested_action(categories) -> str:
    for category in ("criminal", "judgement", "politics", "union"):
        if category in categories:
            return SUGGESTED_ACTIONS[category]
    return DEFAULT_ACTION


def audit_practice(practice, *, include_text=False, progress=None, origin=None) -> dict:
    """Scans the practice's administrative free text; returns the report.
    ``origin``: the request (or user) the access log attributes the reading to;
    None for the command line."""
    fields = ("id", "public_id", "practice", "vault_id", *GUARDED_FIELDS)
    patients = Patient.objects.filter(practice=practice).only(*fields).order_by("pk")
    per_category, flagged = Counter(), []
    scanned = 0
    for patient in patients.iterator(chunk_size=500):
        scanned += 1
        found = {}
        for name in GUARDED_FIELDS:
            result = scan(getattr(patient, name) or "")
            if result:
                found[name] = result
        if found:
            categories = sorted({c for r in found.values() for c in r.categories})
            per_category.update(categories)
            entry = {
                "patient": patient.public_id,
                "link": f"/patients/{patient.public_id}/modifier/",
                "fields": {name: list(r.categories) for name, r in found.items()},
                "categories": categories,
                "category_labels": [CATEGORY_LABELS[c] for c in categories],
                "suggested_action": suggested_action(categories),
            }
            if include_text:
                entry["text"] = {name: r.text for name, r in found.items()}
            flagged.append(entry)
        if progress:
            progress(1)
    report = {
        "practice": practice.pk,
        "practice_name": practice.name,
        "fields_scanned": list(GUARDED_FIELDS),
        "patients_scanned": scanned,
        "patients_flagged": len(flagged),
        "per_category": {c: per_category.get(c, 0) for c in CATEGORIES},
        "labels": dict(CATEGORY_LABELS),
        "patients": flagged,
    }
    log.record_access(
        origin, practice.pk, "export",
        fields=GUARDED_FIELDS,
        detail={"report": "guard_audit", "patients_scanned": scanned,
                "patients_flagged": len(flagged), "with_text": include_text},
    )
    return report
