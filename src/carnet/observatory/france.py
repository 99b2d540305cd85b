"""Reference tables for French data: départements, regions, CIM-10 chapters.

Embedded here (no download at run time). Regions are the 18 regions of the
2016 reform (13 in metropolitan France, 5 overseas).
"""

from __future__ import annotations

_REGION_DEPARTEMENTS: dict[str, tuple[str, ...]] = {
    "Auvergne-Rhône-Alpes": ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"),
    "Bourgogne-Franche-Comté": ("21", "25", "39", "58", "70", "71", "89", "90"),
    "Bretagne": ("22", "29", "35", "56"),
    "Centre-Val de Loire": ("18", "28", "36", "37", "41", "45"),
    "Corse": ("2A", "2B"),
    "Grand Est": ("08", "10", "51", "52", "54", "55", "57", "67", "68", "88"),
    "Hauts-de-France": ("02", "59", "60", "62", "80"),
    "Île-de-France": ("75", "77", "78", "91", "92", "93", "94", "95"),
    "Normandie": ("14", "27", "50", "61", "76"),
    "Nouvelle-Aquitaine": ("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"),
    "Occitanie": ("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"),
    "Pays de la Loire": ("44", "49", "53", "72", "85"),
    "Provence-Alpes-Côte d'Azur": ("04", "05", "06", "13", "83", "84"),
    "Guadeloupe": ("971",),
    "Martinique": ("972",),
    "Guyane": ("973",),
    "La Réunion": ("974",),
    "Mayotte": ("976",),
    # Not regions, but they have French postcodes: kept apart rather than lost.
    "Collectivités d'outre-mer": ("975", "977", "978", "986", "987", "988"),
    "Monaco": ("980",),
}

REGION_OF_DEPARTEMENT: dict[str, str] = {
    dep: region for region, deps in _REGION_DEPARTEMENTS.items() for dep in deps
}

UNKNOWN_DEPARTEMENT = "inconnu"
UNKNOWN_REGION = "inconnue"


def departement_of_postcode(postcode: str | None) -> str:
    """The département of a 5-digit postcode: '75011' → '75', '20167' → '2A',
    '97411' → '974'. Corsica's postcodes 200xx-201xx are Corse-du-Sud (2A),
    202xx and above Haute-Corse (2B); overseas ones use three digits."""
    if postcode is None:
        return UNKNOWN_DEPARTEMENT
    code = postcode.strip()
    if len(code) != 5 or not code.isdigit():
        return UNKNOWN_DEPARTEMENT
    if code.startswith("20"):
        return "2A" if code[2] in "01" else "2B"
    if code[:2] in ("97", "98"):
        dep = code[:3]
        return dep if dep in REGION_OF_DEPARTEMENT else UNKNOWN_DEPARTEMENT
    dep = code[:2]
    return dep if dep in REGION_OF_DEPARTEMENT else UNKNOWN_DEPARTEMENT


def region_of_departement(departement: str) -> str:
    return REGION_OF_DEPARTEMENT.get(departement, UNKNOWN_REGION)


# CIM-10 (ICD-10) chapters as (first category, last category, chapter).
CIM10_CHAPTERS: tuple[tuple[str, str, str], ...] = (
    ("A00", "B99", "I"),
    ("C00", "D48", "II"),
    ("D50", "D89", "III"),
    ("E00", "E90", "IV"),
    ("F00", "F99", "V"),
    ("G00", "G99", "VI"),
    ("H00", "H59", "VII"),
    ("H60", "H95", "VIII"),
    ("I00", "I99", "IX"),
    ("J00", "J99", "X"),
    ("K00", "K93", "XI"),
    ("L00", "L99", "XII"),
    ("M00", "M99", "XIII"),
    ("N00", "N99", "XIV"),
    ("O00", "O99", "XV"),
    ("P00", "P96", "XVI"),
    ("Q00", "Q99", "XVII"),
    ("R00", "R99", "XVIII"),
    ("S00", "T98", "XIX"),
    ("V01", "Y98", "XX"),
    ("Z00", "Z99", "XXI"),
    ("U00", "U99", "XXII"),
)

UNKNOWN_CIM10 = "inconnu"


def cim10_category(code: str | None) -> str:
    """'E11.9', 'E119' or 'e11' → 'E11'; anything else → 'inconnu'."""
    if code is None:
        return UNKNOWN_CIM10
    cleaned = code.strip().upper().replace(".", "")
    if len(cleaned) < 3 or not cleaned[0].isalpha() or not cleaned[1:3].isdigit():
        return UNKNOWN_CIM10
    return cleaned[:3]


def cim10_chapter(category: str) -> str:
    if category == UNKNOWN_CIM10:
        return UNKNOWN_CIM10
    for first, last, chapter in CIM10_CHAPTERS:
        if first <= category <= last:
            return f"chapitre {chapter}"
    return UNKNOWN_CIM10
