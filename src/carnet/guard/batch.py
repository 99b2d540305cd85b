"""``scan_many``: many notes, on every core, results in input order."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator

from carnet.guard.findings import Findings
from carnet.guard.scanner import scan

CHUNK = 2_000


def _scan_chunk(texts: list[str]) -> list[Findings]:
    return [scan(text) for text in texts]


def _chunks(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(texts)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def scan_many(texts: Iterable[str], jobs: int | None = None, chunk_size: int = CHUNK) -> Iterator[Findings]:
    """Scan every text, yielding one ``Findings`` per text in input order.

    ``jobs`` processes share the work (default: every core available); with
    ``jobs=1`` everything runs in this process. Texts are read lazily, so a
    file of millions of notes is streamed, not loaded.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if jobs == 1:
        for text in texts:
            yield scan(text)
        return
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(jobs) as pool:
        for results in pool.imap(_scan_chunk, _chunks(texts, chunk_size)):
            yield from results
