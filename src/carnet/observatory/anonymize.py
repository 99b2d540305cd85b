"""Anonymise a table: generalise and suppress quasi-identifiers until k (and l) hold.

``anonymize(df, quasi=…, sensitive=…, k=…)`` returns the released table and
its report (the keys of ``spec/observatory.md``). It refuses a table that
still holds a direct identifier not named in ``drop`` or ``pseudonym``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import polars as pl

from . import lattice
from .hierarchies import Hierarchy, guess_hierarchy, resolve_hierarchy
from .identifiers import find_direct_identifiers
from .pseudonyms import pseudonymise
from .risk import DEFAULT_RISK_THRESHOLD, class_size_histogram, risk_from_class_sizes

INFORMATION_LOSS_MEASURE = "loss_metric"
INFORMATION_LOSS_DESCRIPTION = (
    "Iyengar's loss metric (LM), mean over quasi-identifiers: a row loses "
    "(leaves - 1) / (distinct values - 1) per attribute, 0 = kept, 1 = suppressed"
)


class AnonymizationError(ValueError):
    """The request cannot be met (bad parameters, direct identifiers, no solution)."""


class DirectIdentifierError(AnonymizationError):
    """A direct identifier is left in the table."""


def anonymize(
    df: pl.DataFrame,
    quasi: Sequence[str],
    sensitive: Sequence[str] = (),
    k: int = 5,
    l: int | None = None,
    max_suppression: float = 0.02,
    pseudonym: str | None = None,
    pseudonym_key: bytes | None = None,
    drop: Sequence[str] = (),
    hierarchies: Mapping[str, Hierarchy | str | Path] | None = None,
    risk_threshold: float = DEFAULT_RISK_THRESHOLD,
) -> tuple[pl.DataFrame, dict]:
    """The released table and its report.

    ``hierarchies`` maps a quasi-identifier to a Hierarchy, a built-in name
    (date, year, age, postcode, sex, cim10, flat) or an ARX-style CSV path;
    the others are guessed from type, name and content. ``pseudonym_key``
    (bytes, e.g. ``pseudonyms.generate_key()``) is required with ``pseudonym``
    and never appears in the output or the report."""
    started = time.perf_counter()
    quasi, sensitive, drop = list(quasi), list(sensitive), list(drop)
    _check_request(df, quasi, sensitive, k, l, max_suppression, pseudonym, pseudonym_key, drop)
    chosen = _choose_hierarchies(df, quasi, hierarchies or {})

    try:
        problem = lattice.Problem.build(df, chosen, sensitive, k, l or 1, max_suppression)
    except ValueError as exc:
        raise AnonymizationError(str(exc)) from exc
    try:
        found = lattice.search(problem)
    except ValueError as exc:
        raise AnonymizationError(str(exc)) from exc
    except lattice.NoSolution:
        raise AnonymizationError(
            f"aucune généralisation n'atteint k={k}"
            + (f" et l={l}" if l else "")
            + f" en supprimant au plus {max_suppression:.0%} des lignes"
        ) from None
    best = found.best
    released = problem.row_released(best)

    out = df.filter(pl.Series(released))
    out = out.with_columns(_generalised_columns(problem, best.levels, released))
    if pseudonym:
        out = out.with_columns(pseudonymise(out.get_column(pseudonym), pseudonym_key))
    out = out.drop(drop)

    report = _report(df, out, problem, found, released, quasi, sensitive, k, l,
                     max_suppression, pseudonym, drop, risk_threshold)
    report["search"]["seconds"] = round(time.perf_counter() - started, 3)
    return out, report


def _check_request(df, quasi, sensitive, k, l, max_suppression, pseudonym, key, drop) -> None:
    named = [*quasi, *sensitive, *drop, *([pseudonym] if pseudonym else [])]
    missing = sorted({c for c in named if c not in df.columns})
    if missing:
        raise AnonymizationError(f"colonnes absentes de la table : {', '.join(missing)}")
    if not quasi:
        raise AnonymizationError("au moins un quasi-identifiant (--quasi) est nécessaire")
    roles = {"quasi": set(quasi), "sensitive": set(sensitive), "drop": set(drop),
             "pseudonym": {pseudonym} if pseudonym else set()}
    seen: dict[str, str] = {}
    for role, columns in roles.items():
        for column in columns:
            if column in seen:
                raise AnonymizationError(
                    f"la colonne {column!r} ne peut pas être à la fois {seen[column]} et {role}"
                )
            seen[column] = role
    if not isinstance(k, int) or k < 1:
        raise AnonymizationError("k doit être un entier ≥ 1")
    if l is not None and (not isinstance(l, int) or l < 1):
        raise AnonymizationError("l doit être un entier ≥ 1")
    if l and l > 1 and not sensitive:
        raise AnonymizationError("l demande au moins une colonne sensible (--sensitive)")
    if not 0 <= max_suppression < 1:
        raise AnonymizationError("la part de suppression doit être dans [0, 1[")
    if pseudonym and not key:
        raise AnonymizationError("un pseudonyme demande une clé secrète")
    if df.height == 0:
        raise AnonymizationError("la table est vide")
    identifiers = find_direct_identifiers(df, ignore=[*drop, *([pseudonym] if pseudonym else [])])
    if identifiers:
        listed = ", ".join(f"{d.column} ({d.kind}, {d.reason})" for d in identifiers)
        raise DirectIdentifierError(
            f"identifiants directs à supprimer (--drop) ou pseudonymiser (--pseudonym) : {listed}"
        )


def _choose_hierarchies(df, quasi, given) -> dict[str, Hierarchy]:
    unknown = sorted(set(given) - set(quasi))
    if unknown:
        raise AnonymizationError(
            f"hiérarchie donnée pour une colonne qui n'est pas un quasi-identifiant : {', '.join(unknown)}"
        )
    chosen = {}
    for column in quasi:
        try:
            if column in given:
                chosen[column] = resolve_hierarchy(given[column], column)
            else:
                chosen[column] = guess_hierarchy(column, df.get_column(column).unique().head(5000))
        except ValueError as exc:
            raise AnonymizationError(str(exc)) from exc
    return chosen


def _generalised_columns(problem, levels, released) -> list[pl.Series]:
    columns = []
    for col, level in zip(problem.columns, levels):
        level_codes = col.maps[level][col.row_codes[released]]
        labels = pl.Series(col.name, col.labels[level].tolist(), dtype=pl.String)
        columns.append(labels.gather(pl.Series(level_codes)).alias(col.name))
    return columns


def _report(df, out, problem, found, released, quasi, sensitive, k, l,
            max_suppression, pseudonym, drop, risk_threshold) -> dict:
    best = found.best
    sizes_before = problem.group_counts
    rows_out = int(released.sum())
    per_attribute = {
        col.name: round(float(col.value_loss[level][col.row_codes[released]].mean()), 6)
        if rows_out else 1.0
        for col, level in zip(problem.columns, best.levels)
    }
    loss_released = float(np.mean(list(per_attribute.values())))
    suppressed = df.height - rows_out
    named = {*quasi, *sensitive, *drop, *([pseudonym] if pseudonym else [])}
    report = {
        "rows_in": df.height,
        "rows_out": rows_out,
        "suppressed": suppressed,
        "suppressed_share": suppressed / df.height,
        "max_suppression": max_suppression,
        "k": k,
        "k_achieved": int(best.class_sizes.min()) if rows_out else 0,
        "levels": {col.name: col.hierarchy.level_names[lv] for col, lv in zip(problem.columns, best.levels)},
        "level_indices": {col.name: lv for col, lv in zip(problem.columns, best.levels)},
        "hierarchies": {col.name: col.hierarchy.name for col in problem.columns},
        "unique_rows_before": int((sizes_before == 1).sum()),
        "risk_before": risk_from_class_sizes(sizes_before, risk_threshold),
        "risk": risk_from_class_sizes(best.class_sizes, risk_threshold),
        "classes": int(len(best.class_sizes)),
        "class_sizes": class_size_histogram(best.class_sizes),
        "information_loss": {
            "measure": INFORMATION_LOSS_MEASURE,
            "description": INFORMATION_LOSS_DESCRIPTION,
            "value": round(found.loss, 6),
            "per_attribute": per_attribute,
            "released_rows": round(loss_released, 6),
            "with_suppression": round((loss_released * rows_out + suppressed) / df.height, 6),
        },
        "label": "pseudonymous" if pseudonym else "anonymous",
        "quasi_identifiers": quasi,
        "sensitive": sensitive,
        "dropped": drop,
        "unchanged": [c for c in df.columns if c not in named],
        "search": {"method": found.method, "nodes": found.nodes, "evaluated": found.evaluations},
    }
    if l:
        report["l"] = l
        l_per_column = problem.exact_l(best) \
            if l > 1 else _exact_l_from_output(out, quasi, sensitive)
        report["l_achieved"] = min(l_per_column.values()) if l_per_column else 0
        report["l_achieved_per_column"] = l_per_column
    if pseudonym:
        report["pseudonym"] = {
            "column": pseudonym,
            "method": "HMAC-SHA-256, clé secrète propre à l'export, conservée hors de l'export",
        }
    return report


def _exact_l_from_output(out, quasi, sensitive) -> dict[str, int]:
    if not sensitive or out.height == 0:
        return {name: 0 for name in sensitive}
    classes = out.group_by(quasi).agg([pl.col(s).n_unique().alias(s) for s in sensitive])
    return {s: int(classes.get_column(s).min()) for s in sensitive}
