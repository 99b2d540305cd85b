import polars as pl
import pytest

from carnet.observatory import DirectIdentifierError, anonymize, find_direct_identifiers, generate_key

from .tables import patients

QUASI = ["birth_date", "sex", "postcode"]


def _with(column, values):
    table = patients(200)
    return table.with_columns(pl.Series(column, [values[i % len(values)] for i in range(table.height)]))


@pytest.mark.parametrize("column", ["nom", "Prénom", "last_name", "NIR", "telephone", "email", "adresse", "numero_secu"])
def test_it_stops_an_export_holding_a_direct_identifier_by_name(column):
    table = _with(column, ["x1", "x2"])
    with pytest.raises(DirectIdentifierError, match=column):
        anonymize(table, QUASI, ["diagnosis"], k=2, drop=["patient_id"])


@pytest.mark.parametrize(
    "kind,values",
    [
        ("NIR", ["1 84 03 75 116 042 17", "284127511604217", "1840375116042"]),
        ("phone", ["06 12 34 56 78", "+33 1 45 67 89 10", "01.45.67.89.10"]),
        ("email", ["marie.durand@example.fr", "j.martin@example.com"]),
        ("address", ["12 rue de la Paix", "3 bis avenue Jean Jaurès", "7, boulevard Voltaire"]),
    ],
)
def test_it_stops_an_export_holding_a_direct_identifier_by_content(kind, values):
    table = _with("contact", values)
    found = find_direct_identifiers(table, ignore=["patient_id"])
    assert [(d.column, d.kind) for d in found] == [("contact", kind)]
    with pytest.raises(DirectIdentifierError, match="contact"):
        anonymize(table, QUASI, ["diagnosis"], k=2, drop=["patient_id"])


def test_it_accepts_the_identifier_once_dropped_and_removes_it():
    table = _with("email", ["marie.durand@example.fr"])
    out, report = anonymize(table, QUASI, ["diagnosis"], k=2, drop=["patient_id", "email"])
    assert "email" not in out.columns and "patient_id" not in out.columns
    assert report["dropped"] == ["patient_id", "email"]


def test_it_accepts_the_identifier_once_pseudonymised():
    table = patients(200)
    out, report = anonymize(table, QUASI, ["diagnosis"], k=2, pseudonym="patient_id", pseudonym_key=generate_key())
    assert report["label"] == "pseudonymous"
    assert not set(out.get_column("patient_id").to_list()) & set(table.get_column("patient_id").to_list())


def test_it_does_not_mistake_quasi_identifiers_and_diagnoses_for_identifiers():
    assert find_direct_identifiers(patients(300), ignore=["patient_id"]) == []
