"""Small synthetic patient tables for the observatory tests, and independent checks.

The checks use plain Python (``collections.Counter``), never the code under test.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

import polars as pl

POSTCODES = ["75011", "75015", "69003", "13008", "20000", "20090", "20200", "20600",
             "97411", "97200", "59000", "33000", "31000", "01000", "06000", "67000"]
DIAGNOSES = ["E11.9", "I10", "J45.0", "F32.1", "K21.0", "M54.5", "C50.9", "N39.0", "Z00.0", "B20"]
PRESCRIPTIONS = ["metformine", "amlodipine", "salbutamol", "sertraline", "oméprazole", "paracétamol"]


def patients(rows: int, seed: int = 7) -> pl.DataFrame:
    rnd = random.Random(seed)
    start = dt.date(1930, 1, 1)
    return pl.DataFrame(
        {
            "patient_id": [f"P{rnd.randrange(rows // 2 + 1):06d}" for _ in range(rows)],
            "birth_date": [start + dt.timedelta(days=rnd.randrange(90 * 365)) for _ in range(rows)],
            "sex": [rnd.choice("MF") for _ in range(rows)],
            "postcode": [rnd.choice(POSTCODES) for _ in range(rows)],
            "diagnosis": [rnd.choice(DIAGNOSES) for _ in range(rows)],
            "prescription": [rnd.choice(PRESCRIPTIONS) for _ in range(rows)],
        }
    )


def class_sizes(df: pl.DataFrame, quasi: list[str]) -> Counter:
    return Counter(zip(*(df.get_column(c).to_list() for c in quasi)))


def smallest_class(df: pl.DataFrame, quasi: list[str]) -> int:
    return min(class_sizes(df, quasi).values())


def smallest_distinct(df: pl.DataFrame, quasi: list[str], sensitive: str) -> int:
    values = defaultdict(set)
    for key, value in zip(zip(*(df.get_column(c).to_list() for c in quasi)), df.get_column(sensitive).to_list()):
        values[key].add(value)
    return min(len(v) for v in values.values())
