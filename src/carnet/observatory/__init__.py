"""Observatory exports: measure re-identification risk, then generalise and
suppress quasi-identifiers until k-anonymity (and l-diversity) hold, with
keyed pseudonyms where pseudonymous is the honest label.

Pure Python on polars and numpy; no Django. See README.md beside this file.
"""

from .anonymize import AnonymizationError, DirectIdentifierError, anonymize
from .hierarchies import BUILTIN as BUILTIN_HIERARCHIES
from .hierarchies import Hierarchy, read_hierarchy_csv
from .identifiers import find_direct_identifiers
from .pseudonyms import generate_key, pseudonymise, read_key_file, write_key_file
from .risk import equivalence_classes, measure

__all__ = [
    "AnonymizationError",
    "BUILTIN_HIERARCHIES",
    "DirectIdentifierError",
    "Hierarchy",
    "anonymize",
    "equivalence_classes",
    "find_direct_identifiers",
    "generate_key",
    "measure",
    "pseudonymise",
    "read_hierarchy_csv",
    "read_key_file",
    "write_key_file",
]
