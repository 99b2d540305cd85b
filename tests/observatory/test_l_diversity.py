import pytest

from carnet.observatory import AnonymizationError, anonymize

from .tables import patients, smallest_class, smallest_distinct

QUASI = ["birth_date", "sex", "postcode"]


@pytest.mark.parametrize("k,l", [(5, 2), (5, 3), (10, 4)])
def test_it_gives_every_released_class_l_distinct_values_of_each_sensitive_column(k, l):
    table = patients(3000, seed=11)
    sensitive = ["diagnosis", "prescription"]
    out, report = anonymize(table, QUASI, sensitive, k=k, l=l, drop=["patient_id"])
    assert smallest_class(out, QUASI) >= k
    for column in sensitive:
        assert smallest_distinct(out, QUASI, column) >= l
        assert report["l_achieved_per_column"][column] == smallest_distinct(out, QUASI, column)
    assert report["l_achieved"] == min(smallest_distinct(out, QUASI, c) for c in sensitive)


def test_it_needs_a_coarser_or_equal_node_for_l_than_for_k_alone():
    table = patients(3000, seed=12)
    _, k_only = anonymize(table, QUASI, ["diagnosis"], k=5, drop=["patient_id"])
    _, with_l = anonymize(table, QUASI, ["diagnosis"], k=5, l=4, drop=["patient_id"])
    assert with_l["information_loss"]["value"] >= k_only["information_loss"]["value"]


def test_it_refuses_l_larger_than_the_distinct_sensitive_values():
    table = patients(500)
    with pytest.raises(AnonymizationError):
        anonymize(table, QUASI, ["prescription"], k=2, l=50, drop=["patient_id"])


def test_it_refuses_l_without_a_sensitive_column():
    with pytest.raises(AnonymizationError, match="sensible"):
        anonymize(patients(100), QUASI, [], k=2, l=2, drop=["patient_id"])
