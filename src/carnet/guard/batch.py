"""``scan_many``: many notes, on every core, results in input order."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator

from carnet.guard.findings import Findings
from carnet.guard.scanner import scan

CHUNK = 2_000


def _scan_chunk(texts: list[str]) -> list[Findings]:
    return [scan(text) for text in texts]


def _scan_lines_chunk(records: list[tuple[object, str]]) -> list[tuple[bool, str]]:
    return [
        (bool(findings), json.dumps(findings.to_scan_record(note_id), ensure_ascii=False))
        for note_id, findings in ((note_id, scan(text)) for note_id, text in records)
    ]


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
    with _pool(jobs) as pool:
        for results in pool.imap(_scan_chunk, _chunks(texts, chunk_size)):
            yield from results


def scan_to_json_lines(
    records: Iterable[tuple[object, str]], jobs: int | None = None, chunk_size: int = CHUNK
) -> Iterator[tuple[bool, str]]:
    """For ``carnet guard scan``: (id, text) pairs in, (flagged, JSON line of
    the design.md contract) out, in order. Workers return the serialised
    line rather than ``Findings`` objects, which would cost more to send
    back between processes than to compute."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if jobs == 1:
        for chunk in _chunks(records, chunk_size):
            yield from _scan_lines_chunk(chunk)
        return
    with _pool(jobs) as pool:
        for results in pool.imap(_scan_lines_chunk, _chunks(records, chunk_size)):
            yield from results


def _pool(jobs: int):
    # fork shares the loaded lexicons and automaton with the workers: build
    # them once here (about 0.7 s) rather than once in each worker.
    scan("échauffement : diabétique")
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    return context.Pool(jobs)
