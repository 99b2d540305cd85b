"""The search finds the node an exhaustive search finds, on lattices small
enough to check every node, and with far fewer evaluations."""

import itertools
from collections import Counter

import pytest

from carnet.observatory import lattice
from carnet.observatory.hierarchies import DATE, POSTCODE, SEX

from .tables import patients

HIERARCHIES = {"birth_date": DATE, "sex": SEX, "postcode": POSTCODE}


def _problem(table, k, l, max_suppression):
    return lattice.Problem.build(table, HIERARCHIES, ["diagnosis"], k, l, max_suppression)


def _satisfies_by_hand(table, levels, k, l, max_suppression):
    """Generalise every row in plain Python, count classes with a Counter."""
    generalised_columns = []
    for (column, hierarchy), level in zip(HIERARCHIES.items(), levels):
        values = table.get_column(column).to_list()
        generalised_columns.append(hierarchy.labels(values)[level])
    keys = list(zip(*generalised_columns))
    sizes = Counter(keys)
    distinct = {}
    for key, value in zip(keys, table.get_column("diagnosis").to_list()):
        distinct.setdefault(key, set()).add(value)
    suppressed = sum(n for key, n in sizes.items() if n < k or len(distinct[key]) < l)
    return suppressed <= max_suppression * table.height


@pytest.mark.parametrize(
    "rows,k,l,max_suppression",
    [(400, 3, 1, 0.0), (400, 5, 1, 0.02), (1500, 10, 1, 0.05), (1500, 5, 2, 0.02), (800, 4, 3, 0.1)],
)
def test_it_finds_the_exhaustive_optimum(rows, k, l, max_suppression):
    table = patients(rows, seed=rows + k)
    found = lattice.search(_problem(table, k, l, max_suppression))
    exhaustive_problem = _problem(table, k, l, max_suppression)
    exhaustive = lattice.search_exhaustive(exhaustive_problem)
    assert found.best.levels == exhaustive.best.levels
    assert found.loss == pytest.approx(exhaustive.loss)
    assert found.evaluations < exhaustive.evaluations == len(exhaustive_problem.all_nodes())


@pytest.mark.parametrize("k,l", [(5, 1), (8, 2)])
def test_it_agrees_with_satisfaction_computed_by_hand_on_every_node(k, l):
    table = patients(600, seed=3)
    problem = _problem(table, k, l, 0.02)
    found = lattice.search(problem)
    by_hand = [
        levels
        for levels in itertools.product(*(range(h.height) for h in HIERARCHIES.values()))
        if _satisfies_by_hand(table, levels, k, l, 0.02)
    ]
    cheapest = min(by_hand, key=lambda levels: round(problem.loss(levels), 12))
    assert problem.loss(found.best.levels) == pytest.approx(problem.loss(cheapest))
    assert found.best.levels in by_hand


def test_it_never_reports_a_satisfying_node_that_fails_by_hand():
    table = patients(500, seed=9)
    problem = _problem(table, 6, 1, 0.0)
    for node in problem.all_nodes():
        levels = tuple(int(v) for v in node)
        assert problem.evaluate(levels).satisfied == _satisfies_by_hand(table, levels, 6, 1, 0.0)


def test_it_uses_a_loss_that_grows_along_the_lattice():
    problem = _problem(patients(500), 2, 1, 0.0)
    nodes = problem.all_nodes()
    for node in nodes:
        for dim, height in enumerate(problem.heights):
            if node[dim] + 1 < height:
                successor = node.copy()
                successor[dim] += 1
                assert problem.loss(successor) >= problem.loss(node)


def test_it_refuses_a_lattice_too_large_to_search_exactly():
    import polars as pl

    from carnet.observatory import AnonymizationError, anonymize

    table = pl.DataFrame({f"flag_{i}": ["a", "b"] * 10 for i in range(24)})
    with pytest.raises(AnonymizationError, match="combinaisons"):
        anonymize(table, table.columns, k=2)
