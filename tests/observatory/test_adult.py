"""UCI Adult (shared/data/adult.csv), the usual benchmark of anonymisation
tools, with all 8 quasi-identifiers and the hierarchies in adult_hierarchies/."""

from pathlib import Path

import polars as pl
import pytest

from carnet.observatory import anonymize, lattice
from carnet.observatory.hierarchies import AGE, SEX, read_hierarchy_csv

from .tables import smallest_class, smallest_distinct

ADULT = Path(__file__).resolve().parents[3] / "shared" / "data" / "adult.csv"
HIERARCHY_DIR = Path(__file__).resolve().parent / "adult_hierarchies"
QUASI = ["sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation"]


def adult_hierarchies():
    given = {c: read_hierarchy_csv(HIERARCHY_DIR / f"{c}.csv") for c in QUASI if c not in ("sex", "age")}
    return {c: {"sex": SEX, "age": AGE}.get(c) or given[c] for c in QUASI}


@pytest.fixture(scope="module")
def adult():
    if not ADULT.exists():
        pytest.skip(f"{ADULT} is not there")
    return pl.read_csv(ADULT, separator=";")


@pytest.mark.parametrize("k,l", [(5, None), (10, None), (5, 2)])
def test_it_anonymizes_adult_with_all_eight_quasi_identifiers(adult, k, l):
    out, report = anonymize(adult, QUASI, ["salary-class"], k=k, l=l, hierarchies=adult_hierarchies())
    assert smallest_class(out, QUASI) >= k
    assert report["suppressed"] <= 0.02 * adult.height
    assert report["rows_out"] == out.height == adult.height - report["suppressed"]
    if l:
        assert smallest_distinct(out, QUASI, "salary-class") >= l


@pytest.mark.slow
@pytest.mark.parametrize("k", [5, 10])
def test_it_finds_the_exhaustive_optimum_on_adult(adult, k):
    hierarchies = adult_hierarchies()
    found = lattice.search(lattice.Problem.build(adult, hierarchies, ["salary-class"], k, 1, 0.02))
    exhaustive = lattice.search_exhaustive(lattice.Problem.build(adult, hierarchies, ["salary-class"], k, 1, 0.02))
    assert found.best.levels == exhaustive.best.levels
    assert found.evaluations < exhaustive.evaluations / 10
