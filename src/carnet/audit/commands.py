"""``carnet audit checkpoint | verify | pubkey``.

- ``checkpoint [--practice ID] [-o FILE]``: check each chain since its last
  checkpoint, then sign and store a new checkpoint of its head; the
  checkpoints are printed as JSON Lines (or appended to FILE) to be kept
  outside the database. A tampered chain gets no checkpoint and makes the
  exit status 1; the others are still signed.
- ``verify [--practice ID] [--checkpoints FILE] [--pubkey PEM]``: check every
  chain from its first row and against its checkpoints (stored, and those in
  FILE, checked with the local signing key and/or the PEM public keys). One
  JSON line per practice on stdout; exit 0 if all are intact, 1 otherwise,
  with the first bad row named on stderr.
- ``pubkey [-o FILE]``: the public key that checks the signatures (PEM).
"""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="access log: signed checkpoints and verification")
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)

    checkpoint = sub.add_parser("checkpoint", help="sign and store a checkpoint of each chain head")
    checkpoint.add_argument("--practice", type=int, help="only this practice (id)")
    checkpoint.add_argument("-o", "--output", help="append the checkpoints to this JSON Lines file")
    checkpoint.set_defaults(handler=checkpoint_command)

    verify = sub.add_parser("verify", help="check the hash chains and their checkpoints")
    verify.add_argument("--practice", type=int, help="only this practice (id)")
    verify.add_argument(
        "--checkpoints", action="append", default=[], metavar="FILE",
        help="also check against checkpoints kept in this file (repeatable)",
    )
    verify.add_argument(
        "--pubkey", action="append", default=[], metavar="PEM",
        help="public key accepted for checkpoint signatures (repeatable)",
    )
    verify.set_defaults(handler=verify_command)

    pubkey = sub.add_parser("pubkey", help="print the public key that checks checkpoint signatures")
    pubkey.add_argument("-o", "--output", help="write the PEM to this file")
    pubkey.set_defaults(handler=pubkey_command)


def _setup():
    from carnet.cli import _setup_django

    _setup_django()


def checkpoint_command(args) -> int:
    _setup()
    from carnet.audit.checkpoints import ChainBroken, write_checkpoint
    from carnet.audit.signing import SigningKeyMissing
    from carnet.audit.verify import practice_ids
    from carnet.cli import CommandError

    practices = [args.practice] if args.practice is not None else practice_ids()
    written, broken = [], 0
    try:
        for practice_id in practices:
            # One tampered chain must not stop the others from being signed.
            try:
                checkpoint = write_checkpoint(practice_id)
            except ChainBroken as exc:
                broken += 1
                print(f"chaîne altérée, pas de point de contrôle : {exc}", file=sys.stderr)
                continue
            if checkpoint is None:
                print(f"cabinet {practice_id} : journal vide, pas de point de contrôle", file=sys.stderr)
            else:
                written.append(checkpoint.to_record())
    except (SigningKeyMissing, ValueError, OSError) as exc:
        raise CommandError(f"clé de signature inutilisable : {exc}") from None
    finally:
        _emit(written, args.output)
    print(f"{len(written)} point(s) de contrôle signé(s), {broken} chaîne(s) altérée(s)", file=sys.stderr)
    return 1 if broken else 0


def _emit(records, output) -> None:
    lines = "".join(json.dumps(r, sort_keys=True) + "\n" for r in records)
    if output:
        with open(output, "a", encoding="utf-8") as f:
            f.write(lines)
    else:
        sys.stdout.write(lines)


def verify_command(args) -> int:
    _setup()
    from carnet.audit.checkpoints import known_public_keys, read_checkpoint_file
    from carnet.audit.verify import practice_ids, verify_practice
    from carnet.cli import CommandError

    try:
        keys = known_public_keys(args.pubkey)
        external = [cp for path in args.checkpoints for cp in read_checkpoint_file(path)]
    except (OSError, ValueError, KeyError) as exc:
        raise CommandError(f"clé ou fichier de points de contrôle illisible : {exc}") from None

    practices = [args.practice] if args.practice is not None else practice_ids()
    practices = sorted(set(practices) | {cp.statement.practice_id for cp in external
                                         if args.practice in (None, cp.statement.practice_id)})
    failures = 0
    for practice_id in practices:
        report = verify_practice(practice_id, public_keys=keys, external_checkpoints=external)
        print(json.dumps(report.to_record(), sort_keys=True, ensure_ascii=False))
        if report.ok:
            print(
                f"cabinet {practice_id} : intact, {report.rows_checked} ligne(s), "
                f"{report.checkpoints_checked} point(s) de contrôle", file=sys.stderr,
            )
        else:
            failures += 1
            print(report.problem.message, file=sys.stderr)
    print(f"{len(practices)} chaîne(s) vérifiée(s), {failures} altérée(s)", file=sys.stderr)
    return 1 if failures else 0


def pubkey_command(args) -> int:
    _setup()
    from carnet.audit.signing import key_id, load_private_key, public_pem

    public = load_private_key(create=True).public_key()
    pem = public_pem(public)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(pem)
    else:
        sys.stdout.write(pem)
    print(f"clé {key_id(public)}", file=sys.stderr)
    return 0
