import datetime

from carnet.vault import matches_name_query, name_words
from carnet.vault.blind_index import name_index_values
from tests.vault.helpers import new_vault


def search(vault, practice, rows, query):
    """What a caller does: rows whose stored terms contain every query term,
    then the exact re-check on the decrypted names."""
    wanted = set(vault.name_query_terms(practice, query))
    candidates = [names for names, terms in rows if wanted <= terms]
    return [names for names in candidates if matches_name_query(names, query)]


def indexed(vault, practice, *names):
    terms = set()
    for name in names:
        terms |= vault.name_index_terms(practice, name)
    return (names, terms)


def test_it_normalises_case_accents_and_punctuation():
    assert name_words("  Le Gall-Dùpont ") == ["le", "gall", "dupont"]
    assert name_words("ŒUVRAY d'Estaing") == ["oeuvray", "d", "estaing"]


def test_a_prefix_finds_the_name_whatever_its_case_or_accents():
    vault = new_vault()
    rows = [
        indexed(vault, "1", "Dupont", "Hélène"),
        indexed(vault, "1", "Durand", "Éric"),
        indexed(vault, "1", "Martin", "Jean-Pierre"),
    ]
    assert search(vault, "1", rows, "dup") == [("Dupont", "Hélène")]
    assert search(vault, "1", rows, "DÛP") == [("Dupont", "Hélène")]
    assert search(vault, "1", rows, "du") == [("Dupont", "Hélène"), ("Durand", "Éric")]
    assert search(vault, "1", rows, "helene dup") == [("Dupont", "Hélène")]
    assert search(vault, "1", rows, "eric") == [("Durand", "Éric")]
    assert search(vault, "1", rows, "jean-pi") == [("Martin", "Jean-Pierre")]
    assert search(vault, "1", rows, "pierre") == [("Martin", "Jean-Pierre")]
    assert search(vault, "1", rows, "dupontel") == []


def test_long_queries_are_cut_to_the_indexed_prefix_then_rechecked():
    vault = new_vault()
    rows = [indexed(vault, "1", "Dupontel"), indexed(vault, "1", "Dupont")]
    assert search(vault, "1", rows, "dupontel") == [("Dupontel",)]
    assert max(len(v) for v in name_index_values("Dupontel")) == 6


def test_the_same_name_gives_different_terms_in_two_practices():
    vault = new_vault()
    assert vault.name_index_terms("1", "Dupont").isdisjoint(vault.name_index_terms("2", "Dupont"))
    day = datetime.date(1980, 5, 17)
    assert vault.date_term("1", day) != vault.date_term("2", day)


def test_a_birth_date_term_matches_only_the_same_date():
    vault = new_vault()
    day = datetime.date(1980, 5, 17)
    assert vault.date_term("1", day) == vault.date_term("1", datetime.date(1980, 5, 17))
    assert vault.date_term("1", day) != vault.date_term("1", datetime.date(1980, 5, 18))


def test_terms_are_short_and_reveal_no_name():
    vault = new_vault()
    terms = vault.name_index_terms("1", "Dupont")
    assert all(len(t) == 11 for t in terms)
    assert not any("dup" in t.lower() for t in terms)
    assert len(terms) == len(name_index_values("Dupont")) == 6


def test_scopes_keep_family_and_given_names_apart():
    vault = new_vault()
    family = vault.name_index_terms("1", "Martin", scope="family_name")
    given = vault.name_index_terms("1", "Martin", scope="given_name")
    assert family.isdisjoint(given)
