"""Patient search by name prefix and birth date, through keyed blind indexes.

Names and birth dates are stored encrypted; what the database can match on is
a set of HMAC terms per patient (``PatientSearchTerm``), computed under the
practice's index key by ``carnet.vault``. A search looks the terms up, then
decrypts the candidates and re-checks them exactly, since terms are truncated
and may collide.
"""

from carnet.records.models import Patient
from carnet.vault import blind_index
from carnet.vault.django_keys import get_vault
from carnet.vault.search import filter_by_terms, replace_index_terms


def patient_terms(patient) -> set[str]:
    vault, practice_id = get_vault(), str(patient.practice_id)
    terms = vault.name_index_terms(practice_id, patient.family_name)
    terms |= vault.name_index_terms(practice_id, patient.given_name)
    terms.add(vault.date_term(practice_id, patient.birth_date))
    return terms


def index_patient(patient) -> None:
    """(Re)writes the search terms of a patient; call inside the save's transaction."""
    replace_index_terms(patient.search_terms, patient_terms(patient))


def find_patients(practice, query: str, born=None) -> list[Patient]:
    """The practice's patients whose names start with every word of ``query``
    and, if given, born on ``born``; sorted by name."""
    vault, practice_id = get_vault(), str(practice.pk)
    terms = vault.name_query_terms(practice_id, query) if query else []
    if born:
        terms.append(vault.date_term(practice_id, born))
    if not terms:
        return []
    candidates = filter_by_terms(Patient.objects.filter(practice=practice), "search_terms", terms)
    found = [
        p for p in candidates
        if (not query or blind_index.matches_name_query((p.family_name, p.given_name), query))
        and (not born or p.birth_date == born)
    ]
    return sorted(found, key=lambda p: (blind_index.name_words(p.family_name), p.given_name, p.pk))
