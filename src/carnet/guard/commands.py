"""``carnet guard scan``: audit other software's notes, on every core.

    carnet guard scan INPUT.jsonl -o OUTPUT.jsonl [--jobs N]
    carnet guard scan EXPORT.csv --text-column TEXT --id-column ID -o OUTPUT.jsonl

Input: JSON Lines objects with ``id`` and ``text`` (other keys ignored), or a
CSV file with the named columns (delimiter sniffed: "," or ";"). Output: one
JSON object per input note, in input order (design.md contract). Progress
goes to stderr. A malformed line stops the scan with a one-line error naming
the line; the output file is then not written (results go to a temporary
file renamed at the end).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator


def register(subparsers: argparse._SubParsersAction) -> None:
    guard = subparsers.add_parser(
        "guard", help="detect sensitive categories in French free-text notes"
    )
    commands = guard.add_subparsers(dest="guard_command", metavar="COMMAND")
    scan = commands.add_parser(
        "scan", help="scan a JSON Lines or CSV file of notes, write findings as JSON Lines"
    )
    scan.add_argument("input", help="JSON Lines file (id, text), or CSV with --text-column; '-' for stdin")
    scan.add_argument("-o", "--output", required=True, help="JSON Lines output; '-' for stdout")
    scan.add_argument("--jobs", type=int, default=None, help="processes (default: all cores)")
    scan.add_argument("--text-column", help="CSV input: the column holding the note text")
    scan.add_argument("--id-column", help="CSV input: the column holding the note id")
    scan.add_argument("--format", choices=("auto", "jsonl", "csv"), default="auto",
                      help="input format (default: CSV when --text-column is given or the name ends in .csv)")
    scan.set_defaults(handler=_scan_command)

    audit = commands.add_parser(
        "audit",
        help="scan every stored administrative comment of Carnet's practices, write the DPO's report",
    )
    audit.add_argument("--practice", type=int, action="append", help="practice id (default: all)")
    audit.add_argument("-o", "--output", help="JSON report (default: stdout)")
    audit.add_argument("--include-text", action="store_true",
                       help="include the flagged comments' text (protect the report)")
    audit.set_defaults(handler=_audit_command)
    guard.set_defaults(handler=lambda args: (guard.print_help(sys.stderr), 2)[1])


def _audit_command(args: argparse.Namespace) -> int:
    """Carnet's own stored comments: the application's management command
    does the work (this core stays free of Django)."""
    from carnet.cli import _run_manage

    argv = ["carnet_guard_audit"]
    for practice in args.practice or ():
        argv += ["--practice", str(practice)]
    if args.output:
        argv += ["--output", args.output]
    if args.include_text:
        argv.append("--include-text")
    return _run_manage(argv)


class _Records:
    """Iterates the (id, text) pairs of the input, remembering the first
    error instead of raising it inside the worker pool's feeder thread."""

    def __init__(self, lines: Iterator[tuple[object, str]]) -> None:
        self._lines = lines
        self.error: str | None = None

    def __iter__(self) -> Iterator[tuple[object, str]]:
        try:
            yield from self._lines
        except _InputError as exc:
            self.error = str(exc)


class _InputError(Exception):
    pass


def _jsonl_records(handle: io.TextIOBase) -> Iterator[tuple[object, str]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _InputError(f"ligne {number} : JSON invalide ({exc.msg})") from None
        if not isinstance(record, dict):
            raise _InputError(f"ligne {number} : un objet JSON est attendu")
        if "id" not in record:
            raise _InputError(f"ligne {number} : champ « id » manquant")
        if "text" not in record:
            raise _InputError(f"ligne {number} : champ « text » manquant")
        text = record["text"]
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise _InputError(f"ligne {number} : « text » doit être une chaîne de caractères")
        yield record["id"], text


def _csv_records(handle: io.TextIOBase, text_column: str, id_column: str) -> Iterator[tuple[object, str]]:
    sample = handle.read(64 * 1024)
    handle_rest = handle
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(_chain(sample, handle_rest), dialect)
    header = next(reader, None)
    if header is None:
        return
    header = [name.strip().lstrip("\ufeff") for name in header]
    for column in (text_column, id_column):
        if column not in header:
            raise _InputError(f"ligne 1 : colonne « {column} » absente (colonnes : {', '.join(header)})")
    text_index, id_index = header.index(text_column), header.index(id_column)
    for row in reader:
        number = reader.line_num
        if not row:
            continue
        if len(row) != len(header):
            raise _InputError(f"ligne {number} : {len(row)} colonnes au lieu de {len(header)}")
        yield row[id_index], row[text_index]


def _chain(sample: str, rest: io.TextIOBase) -> Iterator[str]:
    yield from io.StringIO(sample + rest.readline())
    yield from rest


def _open_input(path: str) -> io.TextIOBase:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")
    try:
        return open(path, encoding="utf-8", newline="")
    except OSError as exc:
        from carnet.cli import CommandError

        raise CommandError(f"impossible de lire {path} : {exc.strerror}") from None


class _Progress:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.last = self.started
        self.count = 0

    def tick(self) -> None:
        self.count += 1
        if self.count % 10_000 == 0:
            now = time.monotonic()
            if now - self.last >= 1.0:
                self.last = now
                rate = self.count / (now - self.started)
                print(f"carnet guard scan : {self.count} notes analysées ({rate:,.0f}/s)",
                      file=sys.stderr, flush=True)

    def done(self, flagged: int) -> None:
        elapsed = time.monotonic() - self.started
        print(f"carnet guard scan : {self.count} notes analysées en {elapsed:.1f} s, "
              f"{flagged} avec au moins une catégorie sensible", file=sys.stderr, flush=True)


def _scan_command(args: argparse.Namespace) -> int:
    from carnet.cli import CommandError
    from carnet.guard.batch import scan_to_json_lines

    use_csv = args.format == "csv" or (
        args.format == "auto" and (args.text_column is not None or args.input.lower().endswith(".csv"))
    )
    if use_csv and not (args.text_column and args.id_column):
        raise CommandError("une entrée CSV demande --text-column et --id-column")
    if args.jobs is not None and args.jobs < 1:
        raise CommandError("--jobs doit être au moins 1")

    handle = _open_input(args.input)
    lines = (_csv_records(handle, args.text_column, args.id_column) if use_csv
             else _jsonl_records(handle))
    records = _Records(lines)
    to_stdout = args.output == "-"
    if to_stdout:
        out, temporary = sys.stdout, None
    else:
        directory = os.path.dirname(os.path.abspath(args.output))
        try:
            descriptor, temporary = tempfile.mkstemp(prefix=".guard-", suffix=".jsonl", dir=directory)
        except OSError as exc:
            raise CommandError(f"impossible d'écrire dans {directory} : {exc.strerror}") from None
        out = os.fdopen(descriptor, "w", encoding="utf-8")
    progress = _Progress()
    flagged = 0
    try:
        with handle:
            for sensitive, line in scan_to_json_lines(records, jobs=args.jobs):
                out.write(line + "\n")
                flagged += sensitive
                progress.tick()
        if records.error:
            raise CommandError(records.error)
        if temporary:
            out.close()
            os.replace(temporary, args.output)
            temporary = None
    finally:
        if temporary:
            out.close()
            os.unlink(temporary)
    progress.done(flagged)
    return 0
