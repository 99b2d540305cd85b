import datetime as dt

import polars as pl
import pytest

from carnet.observatory import read_hierarchy_csv
from carnet.observatory.france import REGION_OF_DEPARTEMENT
from carnet.observatory.hierarchies import AGE, CIM10, DATE, POSTCODE, SEX, YEAR, guess_hierarchy


@pytest.mark.parametrize(
    "postcode,departement,region",
    [
        ("75011", "75", "Île-de-France"),
        ("01000", "01", "Auvergne-Rhône-Alpes"),
        ("20000", "2A", "Corse"),  # Ajaccio
        ("20167", "2A", "Corse"),
        ("20200", "2B", "Corse"),  # Bastia
        ("20600", "2B", "Corse"),
        ("97411", "974", "La Réunion"),
        ("97200", "972", "Martinique"),
        ("97600", "976", "Mayotte"),
        ("59000", "59", "Hauts-de-France"),
        ("13008", "13", "Provence-Alpes-Côte d'Azur"),
    ],
)
def test_it_generalises_a_postcode_to_departement_then_region_then_suppressed(postcode, departement, region):
    levels = POSTCODE.labels([postcode])
    assert [level[0] for level in levels] == [postcode, departement, region, "*"]


def test_it_reads_an_integer_postcode_with_its_leading_zero():
    assert POSTCODE.labels([1000])[1] == ["01"]


def test_it_embeds_every_departement_and_the_2016_regions():
    metropolitan = {d for d in REGION_OF_DEPARTEMENT if len(d) == 2}
    assert len(metropolitan) == 96
    overseas = {"971", "972", "973", "974", "976"}
    assert overseas <= set(REGION_OF_DEPARTEMENT)
    regions = {REGION_OF_DEPARTEMENT[d] for d in metropolitan | overseas}
    assert len(regions) == 18


def test_it_marks_malformed_postcodes_unknown():
    assert POSTCODE.labels(["7501"])[1] == ["inconnu"]


def test_it_generalises_dates_day_month_year_bands():
    levels = DATE.labels([dt.date(1984, 3, 12)])
    assert [level[0] for level in levels] == ["1984-03-12", "1984-03", "1984", "1980-1984", "1980-1989", "*"]
    assert DATE.labels_of_series(pl.Series([dt.date(1984, 3, 12), None])) == DATE.labels([dt.date(1984, 3, 12), None])
    assert DATE.labels(["12/03/1984"])[0] == ["1984-03-12"]


def test_it_generalises_ages_and_years_in_bands():
    assert [level[0] for level in AGE.labels([37])] == ["37", "35-39", "30-39", "20-39", "*"]
    assert [level[0] for level in YEAR.labels([1984])] == ["1984", "1980-1984", "1980-1989", "*"]


def test_it_generalises_cim10_codes_to_category_then_chapter():
    levels = CIM10.labels(["E11.9", "C50.9", "S72.0", "B20"])
    assert levels[1] == ["E11", "C50", "S72", "B20"]
    assert levels[2] == ["chapitre IV", "chapitre II", "chapitre XIX", "chapitre I"]
    assert levels[3] == ["*"] * 4


def test_it_suppresses_sex_in_one_step():
    assert SEX.labels(["F"]) == [["F"], ["*"]]


def test_it_reads_an_arx_style_csv_hierarchy(tmp_path):
    path = tmp_path / "country.csv"
    path.write_text("France;Europe;*\nPeru;South America;*\nChina;Asia;*\n")
    hierarchy = read_hierarchy_csv(path)
    assert hierarchy.height == 3
    assert hierarchy.labels(["Peru", "France"]) == [["Peru", "France"], ["South America", "Europe"], ["*", "*"]]
    with pytest.raises(ValueError, match="absente"):
        hierarchy.labels(["Chile"])


def test_it_adds_the_suppressed_level_when_the_csv_has_none(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("a,x\nb,x\nc,y\n")
    assert read_hierarchy_csv(path).labels(["c"]) == [["c"], ["y"], ["*"]]


@pytest.mark.parametrize(
    "name,values,expected",
    [
        ("date_naissance", pl.Series([dt.date(1980, 1, 1)]), DATE),
        ("ddn", pl.Series(["1980-01-01", "1975-05-02"]), DATE),
        ("code_postal", pl.Series(["75011"]), POSTCODE),
        ("cp", pl.Series(["75011"]), POSTCODE),
        ("sexe", pl.Series(["F", "M"]), SEX),
        ("age", pl.Series(["37", "12"]), AGE),
        ("annee_naissance", pl.Series([1984, 1950]), YEAR),
        ("diagnostic", pl.Series(["E11.9", "I10"]), CIM10),
    ],
)
def test_it_guesses_the_built_in_hierarchy_of_a_column(name, values, expected):
    assert guess_hierarchy(name, values) is expected
