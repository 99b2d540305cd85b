import pytest

from carnet.observatory import anonymize

from .tables import class_sizes, patients, smallest_class

QUASI = ["birth_date", "sex", "postcode"]


@pytest.mark.parametrize("k", [2, 5, 10, 25])
def test_it_makes_every_released_class_at_least_k_rows(k):
    table = patients(3000)
    out, report = anonymize(table, QUASI, ["diagnosis"], k=k, drop=["patient_id"])
    assert smallest_class(out, QUASI) >= k
    assert report["k_achieved"] == smallest_class(out, QUASI)


def test_it_accounts_for_every_row_and_stays_within_the_suppression_budget():
    table = patients(3000)
    out, report = anonymize(table, QUASI, ["diagnosis"], k=10, max_suppression=0.05, drop=["patient_id"])
    assert report["rows_in"] == table.height
    assert report["rows_out"] == out.height
    assert report["suppressed"] == table.height - out.height
    assert report["suppressed"] <= 0.05 * table.height


def test_it_reports_unique_rows_and_risk_as_counted_independently():
    table = patients(3000)
    out, report = anonymize(table, QUASI, ["diagnosis"], k=5, drop=["patient_id"])
    before = class_sizes(table, QUASI)
    assert report["unique_rows_before"] == sum(1 for size in before.values() if size == 1)
    after = class_sizes(out, QUASI)
    assert report["risk"]["prosecutor_max"] == pytest.approx(1 / min(after.values()))
    assert report["risk"]["prosecutor_mean"] == pytest.approx(len(after) / out.height)


def test_it_keeps_sensitive_values_as_they_are_and_rows_in_order():
    table = patients(2000)
    out, report = anonymize(table, QUASI, ["diagnosis", "prescription"], k=3, max_suppression=0.1,
                            drop=["patient_id"])
    released = list(zip(out.get_column("diagnosis").to_list(), out.get_column("prescription").to_list()))
    original = iter(zip(table.get_column("diagnosis").to_list(), table.get_column("prescription").to_list()))
    # Each released row is found, unchanged, further down the input: a subsequence.
    assert all(row in original for row in released)
    assert report["suppressed"] > 0  # so that the check above is not trivial


def test_it_refuses_when_no_generalisation_can_reach_k():
    from carnet.observatory import AnonymizationError

    table = patients(30)
    with pytest.raises(AnonymizationError, match="aucune généralisation"):
        anonymize(table, QUASI, ["diagnosis"], k=100, drop=["patient_id"])
