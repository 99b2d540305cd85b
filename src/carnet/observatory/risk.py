"""Re-identification risk of a table as it is: equivalence classes and what follows.

An *equivalence class* is a set of rows sharing the same quasi-identifier
values. Under the prosecutor model (the attacker knows their target is in
the table), a row's re-identification risk is 1 / size of its class.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import polars as pl

DEFAULT_RISK_THRESHOLD = 0.2

_HISTOGRAM_BUCKETS = ((1, 1), (2, 2), (3, 4), (5, 9), (10, 19), (20, 49), (50, 99), (100, None))


def equivalence_classes(
    df: pl.DataFrame, quasi: Sequence[str], sensitive: Sequence[str] = ()
) -> pl.DataFrame:
    """One row per class: its quasi-identifier values, ``size``, and for each
    sensitive column ``distinct_<column>`` (the class's distinct l)."""
    return df.group_by(list(quasi)).agg(
        pl.len().alias("size"),
        *[pl.col(name).n_unique().alias(f"distinct_{name}") for name in sensitive],
    )


def risk_from_class_sizes(sizes: np.ndarray, threshold: float = DEFAULT_RISK_THRESHOLD) -> dict:
    """Prosecutor risk figures from the sizes of the classes of a table."""
    sizes = np.asarray(sizes, dtype=np.int64)
    rows = int(sizes.sum())
    if rows == 0:
        return {
            "prosecutor_max": 0.0,
            "prosecutor_mean": 0.0,
            "records_at_risk": 0,
            "records_at_risk_share": 0.0,
            "threshold": threshold,
        }
    at_risk = int(sizes[1.0 / sizes > threshold].sum())
    return {
        "prosecutor_max": 1.0 / int(sizes.min()),
        # Mean over records of 1/size: each class contributes size × 1/size = 1.
        "prosecutor_mean": len(sizes) / rows,
        "records_at_risk": at_risk,
        "records_at_risk_share": at_risk / rows,
        "threshold": threshold,
    }


def class_size_histogram(sizes: np.ndarray) -> list[dict]:
    """How many classes and rows fall in each size bucket (1, 2, 3-4, 5-9, …)."""
    sizes = np.asarray(sizes, dtype=np.int64)
    buckets = []
    for low, high in _HISTOGRAM_BUCKETS:
        mask = sizes >= low if high is None else (sizes >= low) & (sizes <= high)
        label = f"{low}+" if high is None else (str(low) if low == high else f"{low}-{high}")
        buckets.append({"size": label, "classes": int(mask.sum()), "rows": int(sizes[mask].sum())})
    return buckets


def _class_sizes_and_distinct(
    df: pl.DataFrame, quasi: list[str], sensitive: list[str]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Class sizes and, per sensitive column, distinct values per class.

    Each column becomes integer codes and a class a 64-bit mixed-radix key;
    everything after is sorting integers (numpy's sort is several times
    faster than hashing strings in a group-by). Falls back to a polars
    group-by when the keys would not fit in 64 bits."""
    from .lattice import code_only, count_by_key, run_starts

    codes = [code_only(df.get_column(c)) for c in quasi]
    radices = [distinct for _, distinct in codes]
    space = np.prod([float(r) for r in radices])
    sensitive_codes = {name: code_only(df.get_column(name)) for name in sensitive}
    widest = max([d for _, d in sensitive_codes.values()], default=1)
    if space * widest >= 2**62:
        classes = equivalence_classes(df, quasi, sensitive)
        return (classes.get_column("size").to_numpy(),
                {n: classes.get_column(f"distinct_{n}").to_numpy() for n in sensitive})
    key = np.zeros(df.height, dtype=np.int64)
    for (column_codes, _), radix in zip(codes, radices):
        key *= radix
        key += column_codes
    _, sizes = count_by_key(key)
    distinct = {}
    for name, (values, width) in sensitive_codes.items():
        pairs = key * width
        pairs += values
        pairs.sort()
        distinct_pairs = pairs[run_starts(pairs)]
        distinct_pairs //= width  # now the class key of each distinct pair, still sorted
        starts = run_starts(distinct_pairs)
        # Distinct values per class = distinct pairs per class, in class-key order.
        distinct[name] = np.diff(starts, append=len(distinct_pairs))
    return sizes, distinct


def measure(
    df: pl.DataFrame,
    quasi: Sequence[str],
    sensitive: Sequence[str] = (),
    threshold: float = DEFAULT_RISK_THRESHOLD,
) -> dict:
    """The risk report of a table: k and l achieved, unique rows, prosecutor risk."""
    missing = [c for c in [*quasi, *sensitive] if c not in df.columns]
    if missing:
        raise KeyError(f"colonnes absentes : {', '.join(missing)}")
    if not quasi:
        raise ValueError("au moins un quasi-identifiant est nécessaire")
    sizes, distinct = _class_sizes_and_distinct(df, list(quasi), list(sensitive))
    report = {
        "rows": df.height,
        "classes": int(len(sizes)),
        "k_achieved": int(sizes.min()) if len(sizes) else 0,
        "unique_rows": int((sizes == 1).sum()),
        "risk": risk_from_class_sizes(sizes, threshold),
        "class_sizes": class_size_histogram(sizes),
    }
    if sensitive:
        report["l_achieved"] = {
            name: int(per_class.min()) if len(per_class) else 0 for name, per_class in distinct.items()
        }
    return report
