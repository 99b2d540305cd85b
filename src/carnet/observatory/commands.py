"""``carnet observatory``: measure re-identification risk, anonymise an export.

    carnet observatory measure INPUT --quasi COLS [--sensitive COLS]
    carnet observatory anonymize INPUT --quasi COLS --sensitive COLS --k K [--l L]
        [--max-suppression F] [--pseudonym COL] [--key-file PATH] [--drop COLS]
        [--hierarchy COL=FILE.csv|NAME ...] -o OUTPUT [--report REPORT.json]

INPUT and OUTPUT are CSV or Parquet, by extension. CSV is read as text (so
that postcodes keep their leading zero), with ``;`` or ``,`` detected.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "observatory", help="mesurer le risque de ré-identification, anonymiser un export"
    )
    sub = parser.add_subparsers(dest="observatory_command", metavar="ACTION", required=True)

    measure = sub.add_parser("measure", help="rapport de risque d'une table telle quelle")
    _add_input_arguments(measure)
    measure.set_defaults(handler=_measure)

    anonymize = sub.add_parser(
        "anonymize", help="généraliser et supprimer jusqu'à k-anonymat (et l-diversité)"
    )
    _add_input_arguments(anonymize)
    anonymize.add_argument("--k", type=int, required=True, help="taille minimale des groupes")
    anonymize.add_argument("--l", type=int, default=None, help="valeurs sensibles distinctes par groupe")
    anonymize.add_argument("--max-suppression", type=float, default=0.02,
                           help="part des lignes qui peuvent être supprimées (défaut 0.02)")
    anonymize.add_argument("--pseudonym", default=None, help="colonne remplacée par un pseudonyme HMAC")
    anonymize.add_argument("--key-file", default=None,
                           help="clé du pseudonyme (lue si le fichier existe, créée sinon; "
                                "défaut : OUTPUT.pseudonym-key)")
    anonymize.add_argument("--drop", default="", help="colonnes retirées (identifiants directs)")
    anonymize.add_argument("--hierarchy", action="append", default=[], metavar="COL=FILE.csv",
                           help="hiérarchie d'une colonne : CSV de niveaux ou nom intégré "
                                "(date, year, age, postcode, sex, cim10, flat)")
    anonymize.add_argument("-o", "--output", required=True, help="fichier produit (.csv ou .parquet)")
    anonymize.add_argument("--report", default=None, help="rapport JSON (sinon sur la sortie standard)")
    anonymize.set_defaults(handler=_anonymize)


def _add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="INPUT", help="table (.csv ou .parquet)")
    parser.add_argument("--quasi", required=True, help="quasi-identifiants, séparés par des virgules")
    parser.add_argument("--sensitive", default="", help="attributs sensibles, séparés par des virgules")
    parser.add_argument("--risk-threshold", type=float, default=0.2,
                        help="risque au-delà duquel une ligne est comptée à risque (défaut 0.2)")
    parser.add_argument("--separator", default=None, help="séparateur CSV (détecté sinon)")


def _columns(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def _read_table(path_text: str, separator: str | None):
    import polars as pl

    from carnet.cli import CommandError

    path = Path(path_text)
    if not path.is_file():
        raise CommandError(f"fichier introuvable : {path}")
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return pl.read_parquet(path)
        if suffix in (".csv", ".txt", ".tsv"):
            return pl.read_csv(path, separator=separator or _sniff_separator(path),
                               infer_schema=False)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise CommandError(f"lecture impossible de {path} : {str(exc).splitlines()[0]}") from None
    raise CommandError(f"format non pris en charge : {path.name} (.csv ou .parquet)")


def _sniff_separator(path: Path) -> str:
    with path.open(encoding="utf-8", errors="replace") as handle:
        header = handle.readline()
    return max((";", ",", "\t"), key=header.count)


def _write_table(df, path_text: str) -> None:
    from carnet.cli import CommandError

    path = Path(path_text)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        df.write_parquet(path)
    elif suffix == ".csv":
        df.write_csv(path)
    else:
        raise CommandError(f"format de sortie non pris en charge : {path.name} (.csv ou .parquet)")


def _measure(args: argparse.Namespace) -> int:
    from carnet.cli import CommandError
    from carnet.observatory import measure

    df = _read_table(args.input, args.separator)
    try:
        report = measure(df, _columns(args.quasi), _columns(args.sensitive), args.risk_threshold)
    except (KeyError, ValueError) as exc:
        raise CommandError(str(exc).strip("'\"")) from None
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _anonymize(args: argparse.Namespace) -> int:
    from carnet.cli import CommandError
    from carnet.observatory import AnonymizationError, anonymize

    output = Path(args.output)
    if output.suffix.lower() not in (".csv", ".parquet"):
        raise CommandError(f"format de sortie non pris en charge : {output.name} (.csv ou .parquet)")
    hierarchies = {}
    for item in args.hierarchy:
        column, sep, spec = item.partition("=")
        if not sep or not column or not spec:
            raise CommandError(f"--hierarchy attend COLONNE=FICHIER.csv, reçu {item!r}")
        hierarchies[column.strip()] = spec.strip()

    df = _read_table(args.input, args.separator)
    print(f"observatory: {df.height} lignes lues de {args.input}", file=sys.stderr)
    key, key_path, key_created = None, None, False
    if args.pseudonym:
        key_path = Path(args.key_file) if args.key_file else output.with_name(output.name + ".pseudonym-key")
        key, key_created = _pseudonym_key(key_path, explicit=bool(args.key_file))
    try:
        out, report = anonymize(
            df,
            quasi=_columns(args.quasi),
            sensitive=_columns(args.sensitive),
            k=args.k,
            l=args.l,
            max_suppression=args.max_suppression,
            pseudonym=args.pseudonym,
            pseudonym_key=key,
            drop=_columns(args.drop),
            hierarchies=hierarchies,
            risk_threshold=args.risk_threshold,
        )
    except AnonymizationError as exc:
        if key_created:
            key_path.unlink(missing_ok=True)
        raise CommandError(str(exc)) from None

    _write_table(out, args.output)
    if key_path is not None:
        report["pseudonym"]["key_file"] = str(key_path)
        report["pseudonym"]["key_created"] = key_created
    text = json.dumps(report, ensure_ascii=False, indent=2)
    if args.report:
        Path(args.report).write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    levels = ", ".join(f"{c}={lv}" for c, lv in report["levels"].items())
    print(
        f"observatory: {report['rows_out']} lignes écrites dans {args.output} "
        f"(k={report['k_achieved']}, {report['suppressed']} supprimées, {levels}, "
        f"{report['label']})",
        file=sys.stderr,
    )
    if key_created:
        print(
            f"observatory: clé du pseudonyme écrite dans {key_path} : conservez-la, "
            "ne la transmettez jamais avec l'export",
            file=sys.stderr,
        )
    return 0


def _pseudonym_key(path: Path, explicit: bool) -> tuple[bytes, bool]:
    """The key in ``path`` if it was named and exists; a new one written there otherwise."""
    from carnet.cli import CommandError
    from carnet.observatory import generate_key, read_key_file, write_key_file

    if path.exists():
        if not explicit:
            raise CommandError(
                f"{path} existe déjà : donnez --key-file {path} pour réutiliser cette clé, "
                "ou choisissez une autre sortie"
            )
        try:
            return read_key_file(path), False
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    key = generate_key()
    try:
        write_key_file(path, key)
    except OSError as exc:
        raise CommandError(f"écriture impossible de la clé {path} : {exc.strerror}") from None
    return key, True
