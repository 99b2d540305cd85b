"""Synthetic French patient tables for the observatory benchmark.

Birth date (an age pyramid: flat to 60, then thinning to 100), sex (48.5 %
men), a 5-digit postcode (département by approximate population, a few dozen
postcodes per département, the main town most frequent; Paris's 75001-75020,
Corsica's 2A/2B ranges, the overseas départements), two CIM-10 diagnoses
and one prescription (ATC-like codes), both Zipf-distributed.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

# Approximate populations, in thousands (INSEE orders of magnitude).
DEPARTEMENT_POPULATION = {
    "01": 650, "02": 530, "03": 335, "04": 165, "05": 141, "06": 1090, "07": 328, "08": 270,
    "09": 153, "10": 310, "11": 372, "12": 279, "13": 2040, "14": 694, "15": 144, "16": 352,
    "17": 651, "18": 302, "19": 240, "21": 534, "22": 600, "23": 117, "24": 413, "25": 543,
    "26": 516, "27": 599, "28": 431, "29": 915, "2A": 158, "2B": 181, "30": 748, "31": 1400,
    "32": 191, "33": 1623, "34": 1176, "35": 1079, "36": 219, "37": 610, "38": 1271, "39": 259,
    "40": 413, "41": 329, "42": 765, "43": 227, "44": 1429, "45": 680, "46": 174, "47": 331,
    "48": 76, "49": 818, "50": 495, "51": 566, "52": 172, "53": 307, "54": 733, "55": 184,
    "56": 759, "57": 1044, "58": 204, "59": 2608, "60": 829, "61": 280, "62": 1468, "63": 662,
    "64": 682, "65": 229, "66": 479, "67": 1132, "68": 764, "69": 1876, "70": 235, "71": 551,
    "72": 566, "73": 436, "74": 826, "75": 2165, "76": 1255, "77": 1421, "78": 1448, "79": 374,
    "80": 570, "81": 389, "82": 260, "83": 1076, "84": 561, "85": 685, "86": 437, "87": 374,
    "88": 364, "89": 335, "90": 142, "91": 1301, "92": 1624, "93": 1655, "94": 1407, "95": 1249,
    "971": 384, "972": 364, "973": 285, "974": 861, "976": 279,
}

REFERENCE_DATE = dt.date(2026, 1, 1)


def _zipf_weights(n: int, exponent: float = 1.1) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def _postcodes_of(departement: str, rng: np.random.Generator) -> list[str]:
    if departement == "75":
        return [f"750{i:02d}" for i in range(1, 21)]
    if departement == "2A":
        return ["20000"] + [f"20{i:03d}" for i in sorted(rng.choice(np.arange(1, 20) * 10, 12, replace=False))]
    if departement == "2B":
        return ["20200"] + [f"20{i:03d}" for i in sorted(rng.choice(np.arange(21, 63) * 10, 20, replace=False))]
    if len(departement) == 3:
        return [f"{departement}00"] + [f"{departement}{i:02d}" for i in sorted(rng.choice(np.arange(1, 99), 25, replace=False))]
    others = rng.choice(np.arange(1, 100) * 10, 59, replace=False)
    return [f"{departement}000"] + [f"{departement}{i:03d}" for i in sorted(others)]


def postcode_vocabulary(rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    codes, weights = [], []
    for departement, population in DEPARTEMENT_POPULATION.items():
        local = _postcodes_of(departement, rng)
        local_weights = _zipf_weights(len(local), 0.9)
        codes.extend(local)
        weights.extend(population * local_weights)
    weights = np.array(weights)
    return codes, weights / weights.sum()


def cim10_vocabulary(rng: np.random.Generator, size: int = 3000) -> list[str]:
    letters = [c for c in "ABCDEFGHIJKLMNOPQRSTVWXYZ"]
    codes = set()
    while len(codes) < size:
        category = f"{rng.choice(letters)}{rng.integers(0, 100):02d}"
        codes.add(category if rng.random() < 0.3 else f"{category}.{rng.integers(0, 10)}")
    vocabulary = sorted(codes)
    rng.shuffle(vocabulary)  # the Zipf rank is independent of the code's order
    return vocabulary


def atc_vocabulary(rng: np.random.Generator, size: int = 800) -> list[str]:
    groups = "ABCDGHJLMNPRSV"
    codes = set()
    while len(codes) < size:
        codes.add(
            f"{rng.choice(list(groups))}{rng.integers(1, 16):02d}"
            f"{chr(65 + rng.integers(0, 8))}{chr(65 + rng.integers(0, 8))}{rng.integers(1, 30):02d}"
        )
    vocabulary = sorted(codes)
    rng.shuffle(vocabulary)
    return vocabulary


def _ages(rng: np.random.Generator, rows: int) -> np.ndarray:
    ages = np.arange(0, 101)
    weights = np.where(ages < 60, 1.0, np.clip((100 - ages) / 40, 0.02, 1.0))
    return rng.choice(ages, size=rows, p=weights / weights.sum())


def synthetic_table(rows: int, seed: int = 2025) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    postcodes, postcode_weights = postcode_vocabulary(rng)
    diagnoses = cim10_vocabulary(rng)
    prescriptions = atc_vocabulary(rng)
    diagnosis_weights = _zipf_weights(len(diagnoses))
    prescription_weights = _zipf_weights(len(prescriptions))

    reference_day = (REFERENCE_DATE - dt.date(1970, 1, 1)).days
    birth_days = reference_day - (_ages(rng, rows) * 365.25 + rng.integers(0, 365, rows)).astype(np.int32)

    def pick(vocabulary: list[str], weights: np.ndarray) -> pl.Series:
        return pl.Series(vocabulary, dtype=pl.String).gather(
            pl.Series(rng.choice(len(vocabulary), size=rows, p=weights).astype(np.uint32))
        )

    return pl.DataFrame(
        {
            "birth_date": pl.Series(birth_days, dtype=pl.Int32).cast(pl.Date),
            "sex": pl.Series(["M", "F"]).gather(pl.Series((rng.random(rows) >= 0.485).astype(np.uint32))),
            "postcode": pick(postcodes, postcode_weights),
            "diagnosis_1": pick(diagnoses, diagnosis_weights),
            "diagnosis_2": pick(diagnoses, diagnosis_weights),
            "prescription": pick(prescriptions, prescription_weights),
        }
    )
