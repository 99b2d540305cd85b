from collections import Counter, defaultdict

import polars as pl
import pytest

from carnet.observatory import equivalence_classes, measure

from .tables import patients

QUASI = ["birth_date", "sex", "postcode"]


def _by_hand(table, quasi, sensitive):
    keys = list(zip(*(table.get_column(c).to_list() for c in quasi)))
    sizes = Counter(keys)
    distinct = defaultdict(set)
    for key, value in zip(keys, table.get_column(sensitive).to_list()):
        distinct[key].add(value)
    return sizes, distinct


@pytest.mark.parametrize("quasi", [["sex"], ["sex", "postcode"], QUASI])
def test_it_measures_k_l_uniques_and_prosecutor_risk_as_counted_by_hand(quasi):
    table = patients(2000, seed=5)
    report = measure(table, quasi, ["diagnosis"], threshold=0.1)
    sizes, distinct = _by_hand(table, quasi, "diagnosis")
    assert report["rows"] == table.height
    assert report["classes"] == len(sizes)
    assert report["k_achieved"] == min(sizes.values())
    assert report["unique_rows"] == sum(1 for n in sizes.values() if n == 1)
    assert report["l_achieved"] == {"diagnosis": min(len(v) for v in distinct.values())}
    assert report["risk"]["prosecutor_max"] == pytest.approx(1 / min(sizes.values()))
    assert report["risk"]["prosecutor_mean"] == pytest.approx(
        sum(1 / sizes[k] for k in zip(*(table.get_column(c).to_list() for c in quasi))) / table.height
    )
    assert report["risk"]["records_at_risk"] == sum(n for n in sizes.values() if 1 / n > 0.1)


def test_it_counts_rows_by_class_size():
    table = pl.DataFrame({"sex": ["M", "M", "F", "F", "F", "X"], "dx": ["a", "b", "a", "a", "a", "c"]})
    report = measure(table, ["sex"], ["dx"])
    buckets = {b["size"]: (b["classes"], b["rows"]) for b in report["class_sizes"]}
    assert buckets["1"] == (1, 1) and buckets["2"] == (1, 2) and buckets["3-4"] == (1, 3)
    assert report["l_achieved"] == {"dx": 1}


def test_it_lists_every_equivalence_class_with_its_size():
    table = patients(500)
    classes = equivalence_classes(table, ["sex", "postcode"], ["diagnosis"])
    sizes, distinct = _by_hand(table, ["sex", "postcode"], "diagnosis")
    got = {(r["sex"], r["postcode"]): (r["size"], r["distinct_diagnosis"]) for r in classes.iter_rows(named=True)}
    assert got == {k: (n, len(distinct[k])) for k, n in sizes.items()}


def test_it_treats_missing_values_as_a_value():
    table = pl.DataFrame({"sex": ["M", None, None, "F"], "dx": ["a", "b", "b", None]})
    report = measure(table, ["sex"], ["dx"])
    assert report["classes"] == 3 and report["unique_rows"] == 2


def test_it_rejects_unknown_columns():
    with pytest.raises(KeyError):
        measure(patients(10), ["nope"])
