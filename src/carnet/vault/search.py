"""Django helpers to store and query blind index terms.

The terms come from the Vault (``name_index_terms``, ``date_term``); they live
in a table derived from ``models_spec.AbstractBlindIndexTerm`` with a
ForeignKey to the indexed row. A row matches a query when it has every term
of the query (one term per query word). Candidates must then be re-checked
on their decrypted values (``carnet.vault.matches_name_query``), since
terms are truncated HMACs and prefixes are cut to MAX_PREFIX characters.
"""

from __future__ import annotations

from typing import Iterable

from django.db import transaction


def replace_index_terms(related_manager, terms: Iterable[str]) -> None:
    """Make a row's terms exactly ``terms``; ``related_manager`` is the reverse
    side of the term model's ForeignKey, e.g. ``patient.name_terms``."""
    wanted = set(terms)
    owner_field = related_manager.field.name
    with transaction.atomic(using=related_manager.db):
        existing = set(related_manager.values_list("term", flat=True))
        if existing - wanted:
            related_manager.filter(term__in=existing - wanted).delete()
        related_manager.model._base_manager.using(related_manager.db).bulk_create(
            related_manager.model(term=term, **{owner_field: related_manager.instance})
            for term in sorted(wanted - existing)
        )


def filter_by_terms(queryset, relation: str, terms: Iterable[str]):
    """Rows of ``queryset`` that have every term, through ``relation``
    (the related name of the term model, e.g. "name_terms")."""
    for term in dict.fromkeys(terms):
        queryset = queryset.filter(**{f"{relation}__term": term})
    return queryset.distinct()
