"""Patient search by name prefix and birth date, through keyed blind indexes.

Names and birth dates are stored encrypted; what the database can match on is
a set of HMAC terms per patient (``PatientSearchToken``), computed under the
practice's index key by ``carnet.vault``. A search looks the terms up, then
decrypts the candidates and re-checks them exactly, since terms are truncated
and may collide.
"""

from carnet.records.models import Patient, PatientSearchToken
from carnet.vault import blind_index


def _vault():
    from carnet.vault.django_keys import get_vault

    return get_vault()


def patient_terms(patient) -> set[str]:
    vault, practice_id = _vault(), str(patient.practice_id)
    terms = vault.name_index_terms(practice_id, patient.family_name)
    terms |= vault.name_index_terms(practice_id, patient.given_name)
    terms.add(vault.date_term(practice_id, patient.birth_date))
    return terms


def index_patient(patient) -> None:
    """(Re)writes the search terms of a patient; call inside the save's transaction."""
    PatientSearchToken.objects.filter(patient=patient).delete()
    PatientSearchToken.objects.bulk_create(
        PatientSearchToken(patient=patient, practice_id=patient.practice_id, token=t)
        for t in sorted(patient_terms(patient))
    )


def find_patients(practice, query: str, born=None) -> list[Patient]:
    """The practice's patients whose names start with every word of ``query``
    and, if given, born on ``born``; sorted by name."""
    vault, practice_id = _vault(), str(practice.pk)
    terms = vault.name_query_terms(practice_id, query) if query else []
    if born:
        terms.append(vault.date_term(practice_id, born))
    if not terms:
        return []
    candidates = Patient.objects.filter(practice=practice)
    for term in terms:
        candidates = candidates.filter(
            pk__in=PatientSearchToken.objects.filter(practice=practice, token=term).values("patient_id")
        )
    found = [
        p for p in candidates
        if (not query or blind_index.matches_name_query((p.family_name, p.given_name), query))
        and (not born or p.birth_date == born)
    ]
    return sorted(found, key=lambda p: (blind_index.name_words(p.family_name), p.given_name, p.pk))
