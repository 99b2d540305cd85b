"""Generalisation hierarchies: how a quasi-identifier's values become coarser.

A hierarchy turns the *distinct* values of a column into one label per level,
level 0 being the value itself and the last level ``*`` (suppressed). Labels
are computed on distinct values only (a few thousand dates or postcodes), so
plain Python is fast enough here; the row-level work happens on integer codes
in ``lattice``.

Built in, for French data: ``date`` (day → month → year → 5-year band →
10-year band → *), ``year`` (year → 5 → 10 → *), ``age`` (year → 5 → 10 →
20 → *), ``postcode`` (5 digits → département → region → *), ``sex`` and
``flat`` (value → *), ``cim10`` (code → 3-character category → chapter → *).
Anything else comes from a CSV of levels, as ARX writes them: one row per
value, the value then its generalisations, most specific first.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import polars as pl

from . import france

SUPPRESSED = "*"
MISSING = "?"

# (label of each level but the last, for one value) — the last is always "*".
_LabelFunction = Callable[[object], Sequence[str]]


@dataclass(frozen=True)
class Hierarchy:
    """A named chain of levels; ``labels`` generalises distinct values."""

    name: str
    level_names: tuple[str, ...]
    label_function: _LabelFunction

    @property
    def height(self) -> int:
        """Number of levels (the lattice's size along this column)."""
        return len(self.level_names)

    def labels(self, values: Sequence[object]) -> list[list[str]]:
        """For each level, the label of each value (same order as values)."""
        per_value = [self._labels_of(value) for value in values]
        return [[labels[level] for labels in per_value] for level in range(self.height)]

    def labels_of_series(self, values: pl.Series) -> list[list[str]]:
        """``labels`` for a polars Series, vectorised where the hierarchy allows."""
        if self.name == "date" and values.dtype == pl.Date:
            return _date_labels_vectorised(values)
        return self.labels(values.to_list())

    def _labels_of(self, value: object) -> list[str]:
        if value is None:
            below_top = [MISSING] * (self.height - 1)
        else:
            below_top = list(self.label_function(value))
        if len(below_top) != self.height - 1:
            raise ValueError(
                f"hiérarchie {self.name}: {len(below_top) + 1} niveaux pour {value!r}, "
                f"{self.height} attendus"
            )
        return [*below_top, SUPPRESSED]


# --- dates -----------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d")


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()[:10]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date illisible : {value!r}")


def _band(value: int, width: int) -> str:
    start = value - value % width
    return f"{start}-{start + width - 1}"


def _date_labels(value: object) -> list[str]:
    day = _as_date(value)
    return [
        day.isoformat(),
        f"{day.year:04d}-{day.month:02d}",
        f"{day.year:04d}",
        _band(day.year, 5),
        _band(day.year, 10),
    ]


def _date_labels_vectorised(values: pl.Series) -> list[list[str]]:
    """The date hierarchy on a Date series, without a Python loop per value."""
    year = values.dt.year()
    five = year - year % 5
    ten = year - year % 10
    frame = pl.DataFrame({"d": values, "y": year, "f": five, "t": ten}).select(
        pl.col("d").dt.strftime("%Y-%m-%d").fill_null(MISSING).alias("day"),
        pl.col("d").dt.strftime("%Y-%m").fill_null(MISSING).alias("month"),
        pl.col("y").cast(pl.String).str.zfill(4).fill_null(MISSING).alias("year"),
        pl.format("{}-{}", "f", pl.col("f") + 4).fill_null(MISSING).alias("five"),
        pl.format("{}-{}", "t", pl.col("t") + 9).fill_null(MISSING).alias("ten"),
    )
    levels = [frame.to_series(i).to_list() for i in range(frame.width)]
    return [*levels, [SUPPRESSED] * len(values)]


def _year_labels(value: object) -> list[str]:
    year = int(value)
    return [str(year), _band(year, 5), _band(year, 10)]


def _age_labels(value: object) -> list[str]:
    age = int(float(value))
    return [str(age), _band(age, 5), _band(age, 10), _band(age, 20)]


def _postcode_text(value: object) -> str:
    if isinstance(value, int):
        return f"{value:05d}"
    return str(value).strip()


def _postcode_labels(value: object) -> list[str]:
    code = _postcode_text(value)
    departement = france.departement_of_postcode(code)
    return [code, departement, france.region_of_departement(departement)]


def _cim10_labels(value: object) -> list[str]:
    category = france.cim10_category(str(value))
    return [str(value).strip(), category, france.cim10_chapter(category)]


def _flat_labels(value: object) -> list[str]:
    return [str(value)]


DATE = Hierarchy("date", ("jour", "mois", "année", "5 ans", "10 ans", SUPPRESSED), _date_labels)
YEAR = Hierarchy("year", ("année", "5 ans", "10 ans", SUPPRESSED), _year_labels)
AGE = Hierarchy("age", ("âge", "5 ans", "10 ans", "20 ans", SUPPRESSED), _age_labels)
POSTCODE = Hierarchy(
    "postcode", ("code postal", "département", "région", SUPPRESSED), _postcode_labels
)
CIM10 = Hierarchy("cim10", ("code", "catégorie", "chapitre", SUPPRESSED), _cim10_labels)
SEX = Hierarchy("sex", ("valeur", SUPPRESSED), _flat_labels)
FLAT = Hierarchy("flat", ("valeur", SUPPRESSED), _flat_labels)

BUILTIN: dict[str, Hierarchy] = {h.name: h for h in (DATE, YEAR, AGE, POSTCODE, CIM10, SEX, FLAT)}


# --- user hierarchies --------------------------------------------------------


def read_hierarchy_csv(path: str | Path, name: str | None = None) -> Hierarchy:
    """An ARX-style hierarchy: each row ``value;level1;level2;…`` (``;``, ``,``
    or tab separated, no header). A ``*`` level is appended when the file's
    last column is not already a single value."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    rows = [row for row in csv.reader(text.splitlines(), delimiter=delimiter) if row]
    if not rows:
        raise ValueError(f"hiérarchie vide : {path}")
    height = len(rows[0])
    if any(len(row) != height for row in rows):
        raise ValueError(f"hiérarchie {path} : toutes les lignes doivent avoir {height} colonnes")
    last_is_top = len({row[-1] for row in rows}) == 1
    kept = [row[:-1] if last_is_top else row for row in rows]
    table = {row[0]: row for row in kept}

    def labels(value: object) -> list[str]:
        key = str(value)
        if key not in table:
            raise ValueError(f"valeur {key!r} absente de la hiérarchie {path.name}")
        return table[key]

    levels = tuple([f"niveau {i}" for i in range(len(kept[0]))] + [SUPPRESSED])
    return Hierarchy(name or path.stem, levels, labels)


# --- choosing one ------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_FR_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
_POSTCODE = re.compile(r"^\d{5}$")
_CIM10 = re.compile(r"^[A-Za-z]\d{2}(\.?\w{0,3})?$")
_SEX_NAMES = {"sexe", "sex", "genre", "gender"}
_POSTCODE_NAMES = {"cp", "postcode", "postal", "zip", "zipcode", "codepostal"}
_AGE_NAMES = {"age", "âge"}


def name_tokens(column: str) -> set[str]:
    """'code_postal' → {'code', 'postal', 'codepostal'}; 'birthDate' → {'birth', 'date', 'birthdate'}."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", column)
    parts = [p for p in re.split(r"[^0-9a-zA-Zéèêàâîôûç]+", spaced.lower()) if p]
    return set(parts) | {"".join(parts)}


def _share_matching(values: pl.Series, pattern: re.Pattern[str]) -> float:
    sample = [str(v) for v in values.drop_nulls().head(1000).to_list()]
    if not sample:
        return 0.0
    return sum(bool(pattern.match(v.strip())) for v in sample) / len(sample)


def guess_hierarchy(column: str, distinct_values: pl.Series) -> Hierarchy:
    """The built-in hierarchy that fits a column, from its type, name and content."""
    tokens = name_tokens(column)
    dtype = distinct_values.dtype
    if dtype in (pl.Date, pl.Datetime) or isinstance(dtype, pl.Datetime):
        return DATE
    if tokens & _SEX_NAMES:
        return SEX
    if tokens & _POSTCODE_NAMES or ({"code", "postal"} <= tokens):
        return POSTCODE
    if dtype.is_integer() or dtype.is_float():
        return _numeric_hierarchy(distinct_values.drop_nulls(), tokens)
    if dtype == pl.String:
        if _share_matching(distinct_values, _ISO_DATE) > 0.95 or _share_matching(
            distinct_values, _FR_DATE
        ) > 0.95:
            return DATE
        if _share_matching(distinct_values, _POSTCODE) > 0.95:
            return POSTCODE
        non_null = distinct_values.drop_nulls()
        as_numbers = non_null.str.strip_chars().cast(pl.Int64, strict=False)
        if len(non_null) and as_numbers.null_count() == 0:
            return _numeric_hierarchy(as_numbers, tokens)
        if _share_matching(distinct_values, _CIM10) > 0.95:
            return CIM10
    return FLAT


def _numeric_hierarchy(values: pl.Series, tokens: set[str]) -> Hierarchy:
    if not len(values):
        return FLAT
    if tokens & _AGE_NAMES and values.min() >= 0 and values.max() <= 130:
        return AGE
    if values.min() >= 1850 and values.max() <= 2100:
        return YEAR
    if values.min() >= 0 and values.max() <= 130:
        return AGE
    return FLAT


def resolve_hierarchy(spec: str | Path | Hierarchy, name: str | None = None) -> Hierarchy:
    """A Hierarchy, a built-in name ('date', 'postcode', …) or a CSV path."""
    if isinstance(spec, Hierarchy):
        return spec
    if isinstance(spec, str) and spec in BUILTIN:
        return BUILTIN[spec]
    path = Path(spec)
    if not path.exists():
        raise ValueError(
            f"hiérarchie inconnue : {spec!r} (ni fichier, ni une de {', '.join(sorted(BUILTIN))})"
        )
    return read_hierarchy_csv(path, name)
