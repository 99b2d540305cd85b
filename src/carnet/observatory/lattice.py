"""The generalisation lattice and the search for its optimal node.

A *node* is one hierarchy level per quasi-identifier, e.g. (year, sex,
département). Node A precedes node B when every level of A is ≤ B's.

Speed comes from three choices:

1. Every quasi-identifier is encoded once into integer *value codes*; each
   hierarchy level is then a small lookup array (value code → level code).
2. The table is grouped once by the value codes (the most specific node)
   with a count per group: the *pre-aggregate* (one 64-bit mixed-radix key
   per row, sorted and run-length counted). A node's equivalence classes are
   found by mapping the pre-aggregate's codes through the lookup arrays and
   summing counts with ``numpy.bincount``: the full table is never grouped
   again. Distinct l is not additive, so it is checked on the rows, with
   ``capped_distinct`` (l linear passes), and only when k alone has not
   already failed the node.
3. The search visits nodes in increasing information loss and stops at the
   first that satisfies k (and l) within the suppression budget. Satisfying
   is monotone (a coarser node never suppresses more rows, see
   ``evaluate``), so, as in ARX's Flash, a failing node tags all its
   predecessors as failing and a satisfying one all its successors as
   satisfying, and an unknown node is settled by a binary search along a
   path from it to the top. Because every node cheaper than the answer is
   then known to fail, the answer is the exhaustive search's optimum
   (``search_exhaustive`` is kept to prove it in the tests).

Information loss (the quantity minimised) is Iyengar's *loss metric* (LM),
averaged over the quasi-identifiers: for one attribute at one level, each
input row loses (leaves − 1) / (distinct − 1), where ``leaves`` is the number
of distinct input values that share the row's generalised value and
``distinct`` the number of distinct input values of the attribute; 0 means
kept as is, 1 fully suppressed. It depends only on the node (not on which
rows are suppressed), so it is known before a node is evaluated and grows
monotonically along the lattice. Suppressed rows are reported apart, and in
``loss_with_suppression``, where each suppressed row counts as 1.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from .hierarchies import Hierarchy

# A node's classes are counted with a dense bincount (one counter per
# possible class) when the possible classes are few compared with the items
# counted; otherwise keys are ranked by sorting, which costs no memory per
# absent class.
DENSE_CLASS_LIMIT = 1 << 26

# The search keeps every node in memory (a few bytes each).
MAX_LATTICE_NODES = 5_000_000


def _dense_enough(space: int, items: int) -> bool:
    return space <= DENSE_CLASS_LIMIT and space <= 4 * items + (1 << 16)


# Integer-like columns whose value range is at most this are coded with numpy
# arrays indexed by value; wider ones go through a hash join.
_DIRECT_RANGE_LIMIT = 1 << 26


def value_codes(series: pl.Series) -> tuple[np.ndarray, pl.Series]:
    """Integer code per row (0..distinct-1) and the distinct values, nulls included.

    Strings go through polars' categorical codes, dates and integers through
    their physical value: both then become dense codes with two numpy passes,
    without hashing or sorting the rows."""
    physical = _physical_integers(series)
    if physical is None:
        return _value_codes_by_join(series)
    codes, distinct = _dense_codes(physical)
    # Any row holding each code gives that code's value (the last one written).
    representative = np.empty(distinct, dtype=np.int64)
    representative[codes] = np.arange(len(codes), dtype=np.int64)
    return codes, series.gather(representative)


def code_only(series: pl.Series) -> tuple[np.ndarray, int]:
    """``value_codes`` without the distinct values: the codes and how many there are."""
    physical = _physical_integers(series)
    if physical is None:
        codes, distinct = _value_codes_by_join(series)
        return codes, len(distinct)
    return _dense_codes(physical)


def _dense_codes(physical: np.ndarray) -> tuple[np.ndarray, int]:
    seen = np.zeros(int(physical.max()) + 1, dtype=bool)
    seen[physical] = True
    dense_code = np.cumsum(seen, dtype=np.int32)
    dense_code -= 1
    return dense_code[physical], int(dense_code[-1]) + 1


def _physical_integers(series: pl.Series) -> np.ndarray | None:
    """Non-negative integers standing for the values (null = one more), or None."""
    dtype = series.dtype
    if dtype == pl.String:
        physical = series.cast(pl.Categorical).to_physical()
    elif dtype.is_integer() or dtype in (pl.Date, pl.Boolean) or isinstance(dtype, pl.Datetime):
        physical = series.to_physical().cast(pl.Int64)
        low = physical.min()
        if low is None:
            return None
        physical = physical - low
    else:
        return None
    high = physical.max()
    if high is None or high > _DIRECT_RANGE_LIMIT:
        return None
    if physical.null_count():
        physical = physical.fill_null(high + 1)
    return physical.to_numpy()


def _value_codes_by_join(series: pl.Series) -> tuple[np.ndarray, pl.Series]:
    distinct = series.unique(maintain_order=False)
    table = distinct.to_frame("value").with_row_index("code")
    codes = (
        series.to_frame("value")
        .join(table, on="value", how="left", nulls_equal=True, maintain_order="left")
        .get_column("code")
        .to_numpy()
        .astype(np.int32, copy=False)
    )
    return codes, distinct


def dense_rank(keys: np.ndarray) -> np.ndarray:
    """0-based dense rank of each key: equal keys share a rank, ranks follow key order.

    Two arrays holding the same set of keys get the same ranks, which lets
    rows and pre-aggregated groups be numbered alike."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.empty(len(keys), dtype=bool)
    starts[:1] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=starts[1:])
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[order] = np.cumsum(starts) - 1
    return ranks


def count_by_key(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys (sorted) and how many times each occurs: a sort and a run-length pass."""
    sorted_keys = np.sort(keys)
    starts = run_starts(sorted_keys)
    counts = np.empty(len(starts), dtype=np.int64)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1:] = len(sorted_keys) - starts[-1:]
    return sorted_keys[starts], counts


def run_starts(sorted_values: np.ndarray) -> np.ndarray:
    """Positions where a new value begins in a sorted array."""
    if len(sorted_values) == 0:
        return np.zeros(0, dtype=np.int64)
    is_start = np.empty(len(sorted_values), dtype=bool)
    is_start[0] = True
    np.not_equal(sorted_values[1:], sorted_values[:-1], out=is_start[1:])
    return np.flatnonzero(is_start)


@dataclass
class EncodedColumn:
    """One quasi-identifier: its row codes and, per level, its lookup array and labels."""

    name: str
    hierarchy: Hierarchy
    row_codes: np.ndarray  # value code of each input row
    maps: list[np.ndarray]  # per level: value code → level code
    labels: list[np.ndarray]  # per level: level code → label text
    value_loss: list[np.ndarray] = field(default_factory=list)  # per level: LM of each value code
    loss: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per level: LM over all rows

    @property
    def sizes(self) -> list[int]:
        return [len(labels) for labels in self.labels]


def encode_column(series: pl.Series, hierarchy: Hierarchy) -> EncodedColumn:
    codes, distinct = value_codes(series)
    maps, labels = [], []
    for level_labels in hierarchy.labels_of_series(distinct):
        uniques = sorted(set(level_labels))
        code_of = {label: code for code, label in enumerate(uniques)}
        maps.append(np.fromiter((code_of[v] for v in level_labels), dtype=np.int32, count=len(level_labels)))
        labels.append(np.array(uniques, dtype=object))
    column = EncodedColumn(series.name, hierarchy, codes, maps, labels)
    column.value_loss = _loss_metric_per_value(column)
    column.loss = _loss_metric_per_level(column)
    return column


def _loss_metric_per_value(column: EncodedColumn) -> list[np.ndarray]:
    """Per level, the loss metric of each value code: (leaves − 1) / (distinct − 1)."""
    # "Distinct input values" are the level-0 labels, so that two spellings of
    # one value ('75011', ' 75011') do not count twice.
    label0 = column.maps[0]
    distinct = column.sizes[0]
    per_level = []
    for level_map in column.maps:
        # Leaves under each level code: distinct level-0 labels mapping to it.
        pairs = np.unique(np.stack([level_map, label0]), axis=1)
        leaves_per_code = np.bincount(pairs[0], minlength=int(level_map.max()) + 1)
        if distinct <= 1:
            per_level.append(np.zeros(len(level_map)))
        else:
            per_level.append((leaves_per_code[level_map] - 1) / (distinct - 1))
    per_level[-1] = np.ones(len(column.maps[-1]))  # the top level "*" is full suppression
    return per_level


def _loss_metric_per_level(column: EncodedColumn) -> np.ndarray:
    """LM of the whole attribute at each level: the mean over input rows."""
    rows_per_value = np.bincount(column.row_codes, minlength=len(column.maps[0]))
    total_rows = max(int(rows_per_value.sum()), 1)
    return np.array([float((v * rows_per_value).sum() / total_rows) for v in column.value_loss])


def _pre_aggregate(row_codes: list[np.ndarray], distinct: list[int]) -> tuple[list[np.ndarray], np.ndarray]:
    """Distinct combinations of value codes and their row counts (the most specific node)."""
    if np.prod([float(d) for d in distinct]) < 2**62:
        key = np.zeros(len(row_codes[0]), dtype=np.int64)
        for codes, size in zip(row_codes, distinct):
            key *= size
            key += codes
        keys, counts = count_by_key(key)
        group_codes = []
        for size in reversed(distinct):
            keys, codes = np.divmod(keys, size)
            group_codes.append(codes.astype(np.int32))
        return group_codes[::-1], counts.astype(np.int64)
    # Too many combinations for one 64-bit key: let polars group the columns.
    names = [f"q{i}" for i in range(len(row_codes))]
    groups = pl.DataFrame(dict(zip(names, row_codes))).group_by(names).len()
    return ([groups.get_column(n).to_numpy() for n in names],
            groups.get_column("len").to_numpy().astype(np.int64))


@dataclass
class NodeResult:
    levels: tuple[int, ...]
    satisfied: bool
    suppressed: int  # rows in classes failing k or l
    class_sizes: np.ndarray  # sizes of the released classes
    released_class_index: np.ndarray | None = None  # for building the output
    dense: bool = True  # class index = key (dense) or the key's dense rank


@dataclass
class Problem:
    """A table prepared for the search: encoded quasi-identifiers, pre-aggregates."""

    columns: list[EncodedColumn]
    k: int
    l: int
    max_suppressed_rows: int
    rows: int
    group_codes: list[np.ndarray]  # per column: value code of each pre-aggregated group
    group_counts: np.ndarray
    # For l-diversity: the value code of each row in each sensitive column
    # (duplicates do no harm to ``capped_distinct``, so no pre-aggregation).
    sensitive_codes: list[np.ndarray]
    sensitive_names: list[str]
    evaluations: int = 0

    # --- building ------------------------------------------------------------

    @classmethod
    def build(
        cls,
        df: pl.DataFrame,
        hierarchies: dict[str, Hierarchy],
        sensitive: list[str],
        k: int,
        l: int,
        max_suppression: float,
    ) -> "Problem":
        columns = [encode_column(df.get_column(name), h) for name, h in hierarchies.items()]
        group_codes, group_counts = _pre_aggregate([col.row_codes for col in columns],
                                                   [len(col.maps[0]) for col in columns])
        sensitive_codes = []
        if l > 1:
            sensitive_codes = [code_only(df.get_column(name))[0] for name in sensitive]
        return cls(
            columns=columns,
            k=k,
            l=l,
            max_suppressed_rows=int(np.floor(max_suppression * df.height + 1e-9)),
            rows=df.height,
            group_codes=group_codes,
            group_counts=group_counts,
            sensitive_codes=sensitive_codes,
            sensitive_names=list(sensitive) if l > 1 else [],
        )

    # --- lattice ---------------------------------------------------------------

    @property
    def heights(self) -> list[int]:
        return [col.hierarchy.height for col in self.columns]

    def all_nodes(self) -> np.ndarray:
        size = int(np.prod(self.heights))
        if size > MAX_LATTICE_NODES:
            raise ValueError(
                f"{size:,} combinaisons de niveaux : trop pour une recherche exacte "
                f"(au plus {MAX_LATTICE_NODES:,}); retirez des quasi-identifiants ou "
                "raccourcissez leurs hiérarchies"
            )
        return np.array(list(itertools.product(*(range(h) for h in self.heights))), dtype=np.int16)

    def loss(self, levels: tuple[int, ...] | np.ndarray) -> float:
        return float(np.mean([col.loss[lv] for col, lv in zip(self.columns, levels)]))

    def nodes_by_loss(self) -> np.ndarray:
        """All nodes, cheapest first; ties broken by total height, then levels."""
        nodes = self.all_nodes()
        losses = np.mean(
            np.stack([col.loss[nodes[:, i]] for i, col in enumerate(self.columns)], axis=1),
            axis=1,
        )
        keys = [nodes[:, i] for i in reversed(range(nodes.shape[1]))]
        order = np.lexsort((*keys, nodes.sum(axis=1), np.round(losses, 12)))
        return nodes[order]

    # --- evaluating one node ---------------------------------------------------

    def node_keys(self, codes: list[np.ndarray], levels: tuple[int, ...]) -> tuple[np.ndarray, int]:
        """Class key of each item (mixed-radix number of its level codes) and key count."""
        key = np.zeros(len(codes[0]), dtype=np.int64)
        space = 1
        for col, col_codes, level in zip(self.columns, codes, levels):
            size = col.sizes[level]
            key *= size
            key += col.maps[level][col_codes]
            space *= size
        return key, space

    def evaluate(self, levels: tuple[int, ...], keep_index: bool = False) -> NodeResult:
        """Classes of a node; a class failing k or l is suppressed whole.

        Monotonicity: a class of a coarser node is a union of classes of this
        node; it fails k only if all of them did, and has fewer than l
        distinct values only if all of them had. So it suppresses no row
        that this node keeps, and a coarser node never suppresses more."""
        self.evaluations += 1
        key, space = self.node_keys(self.group_codes, levels)
        dense = _dense_enough(space, len(key))
        if dense:
            index, n_classes = key, space
        else:
            index = dense_rank(key)
            n_classes = int(index.max()) + 1
        sizes = np.bincount(index, weights=self.group_counts, minlength=n_classes).astype(np.int64)
        present = sizes > 0
        ok = sizes >= self.k
        suppressed = int(sizes[present & ~ok].sum())
        # Fails on k alone: the (costlier) l check cannot save it.
        if self.sensitive_codes and suppressed <= self.max_suppressed_rows:
            row_class = self._row_class_index(levels, dense)
            for values in self.sensitive_codes:
                ok &= capped_distinct(row_class, values, n_classes, self.l) >= self.l
                suppressed = int(sizes[present & ~ok].sum())
                if suppressed > self.max_suppressed_rows:
                    break  # already failing: the other columns cannot save it
        released = present & ok
        return NodeResult(
            levels=tuple(int(v) for v in levels),
            satisfied=suppressed <= self.max_suppressed_rows,
            suppressed=suppressed,
            class_sizes=sizes[released],
            released_class_index=released if keep_index else None,
            dense=dense,
        )

    def _row_class_index(self, levels, dense: bool) -> np.ndarray:
        """Class index of each input row, numbered as in ``evaluate``."""
        key, _ = self.node_keys([col.row_codes for col in self.columns], levels)
        return key if dense else dense_rank(key)

    def row_released(self, result: NodeResult) -> np.ndarray:
        """For each input row, whether its class is released at this node."""
        return result.released_class_index[self._row_class_index(result.levels, result.dense)]

    def exact_l(self, result: NodeResult) -> dict[str, int]:
        """Smallest number of distinct values of each sensitive column in a released class."""
        row_class = self._row_class_index(result.levels, result.dense)
        released = result.released_class_index
        achieved = {}
        for name, values in zip(self.sensitive_names, self.sensitive_codes):
            pairs, _ = count_by_key(row_class * (int(values.max()) + 1) + values)
            per_class = np.bincount(pairs // (int(values.max()) + 1), minlength=len(released))
            kept = per_class[released]
            achieved[name] = int(kept.min()) if len(kept) else 0
        return achieved


def capped_distinct(class_index: np.ndarray, values: np.ndarray, n_classes: int, cap: int) -> np.ndarray:
    """min(number of distinct values, cap) per class, in ``cap`` linear passes.

    Each pass picks one value per class still holding rows (any of them: the
    last written) and drops that class's rows equal to it; a class counts one
    more distinct value for every pass in which it still held rows. The last
    pass only asks whether rows are left. No sort, no hash table: l is small,
    so this beats a grouped n_unique."""
    counts = np.zeros(n_classes, dtype=np.int32)
    chosen = np.empty(n_classes, dtype=values.dtype)
    holding = np.empty(n_classes, dtype=bool)
    active_class, active_value = class_index, values
    for step in range(cap):
        if len(active_class) == 0:
            break
        holding[:] = False
        holding[active_class] = True
        counts += holding
        if step == cap - 1:
            break
        chosen[active_class] = active_value
        different = active_value != chosen[active_class]
        active_class, active_value = active_class[different], active_value[different]
    return counts


@dataclass
class SearchResult:
    best: NodeResult
    loss: float
    nodes: int
    evaluations: int
    method: str


def search(problem: Problem) -> SearchResult:
    """Cheapest satisfying node, with predictive tagging (see module docstring).

    Nodes are taken in increasing loss. An unknown node is settled by a
    binary search along a path from it to the top of the lattice (each step
    to the cheapest successor), as ARX's Flash does: the search evaluates the
    path's middle first, usually a coarse node whose classes are few and
    cheap to count, and every evaluation tags a whole cone of the lattice.
    Once the first satisfying node in loss order is found, every cheaper node
    is known to fail: it is the optimum."""
    nodes = problem.nodes_by_loss()
    rank = {tuple(int(v) for v in node): i for i, node in enumerate(nodes)}
    status = np.zeros(len(nodes), dtype=np.int8)  # 0 unknown, 1 satisfies, -1 fails
    heights = problem.heights
    results: dict[int, NodeResult] = {}

    def evaluate(i: int) -> bool:
        result = problem.evaluate(tuple(int(v) for v in nodes[i]), keep_index=True)
        results[i] = result
        if result.satisfied:
            status[(nodes >= nodes[i]).all(axis=1)] = 1
        else:
            status[(nodes <= nodes[i]).all(axis=1)] = -1
        return result.satisfied

    def path_to_top(i: int) -> list[int]:
        path, current = [i], nodes[i]
        while True:
            successors = []
            for dim, height in enumerate(heights):
                if current[dim] + 1 < height:
                    succ = current.copy()
                    succ[dim] += 1
                    successors.append(rank[tuple(int(v) for v in succ)])
            if not successors:
                return path
            path.append(min(successors))  # lowest rank = cheapest
            current = nodes[path[-1]]

    def settle(i: int) -> None:
        """Binary search on the path from node i up for its lowest satisfying node."""
        path = path_to_top(i)
        low, high = 0, len(path)  # path[high:] satisfy (high = len: none known to)
        while low < high:
            middle = (low + high) // 2
            j = path[middle]
            satisfied = status[j] == 1 if status[j] != 0 else evaluate(j)
            if satisfied:
                high = middle
            else:
                low = middle + 1

    for i in range(len(nodes)):
        if status[i] == 0:
            settle(i)
        if status[i] == 1:
            best = results.get(i) or problem.evaluate(tuple(int(v) for v in nodes[i]), keep_index=True)
            levels = best.levels
            return SearchResult(best, problem.loss(levels), len(nodes), problem.evaluations, "flash")
    raise NoSolution()


def search_exhaustive(problem: Problem) -> SearchResult:
    """Evaluate every node and keep the cheapest satisfying one (for tests)."""
    best, best_loss = None, None
    nodes = problem.nodes_by_loss()
    for node in nodes:
        levels = tuple(int(v) for v in node)
        result = problem.evaluate(levels, keep_index=True)
        loss = round(problem.loss(levels), 12)
        # Strictly less: on equal loss the first in the lattice's order wins,
        # the same tie-break as ``search``.
        if result.satisfied and (best is None or loss < best_loss):
            best, best_loss = result, loss
    if best is None:
        raise NoSolution()
    return SearchResult(best, problem.loss(best.levels), len(nodes), problem.evaluations, "exhaustive")


class NoSolution(Exception):
    """Not even the top of the lattice satisfies (too few rows, or too few sensitive values)."""
