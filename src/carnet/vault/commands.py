"""``carnet vault``: key rotation and state of the field encryption.

    carnet vault status
    carnet vault rotate [--new-master-key] [--no-new-data-keys] [--rewrap-only]
                        [--practice ID ...] [--batch-size N]

Both print JSON Lines on stdout and progress on stderr.
"""

from __future__ import annotations

import json
import os
import sys


def register(subparsers) -> None:
    vault = subparsers.add_parser("vault", help="chiffrement des champs : rotation des clés, état")
    actions = vault.add_subparsers(dest="vault_action", metavar="ACTION")

    rotate = actions.add_parser(
        "rotate",
        help="nouvelles clés de cabinet et rechiffrement de toutes les valeurs, sans perte",
    )
    rotate.add_argument(
        "--new-master-key",
        action="store_true",
        help="ajouter d'abord une clé maîtresse au fichier de clés et y rechiffrer les clés de cabinet",
    )
    rotate.add_argument(
        "--no-new-data-keys",
        action="store_true",
        help="ne pas créer de clé de données : reprendre une rotation interrompue",
    )
    rotate.add_argument(
        "--rewrap-only",
        action="store_true",
        help="seulement rechiffrer les clés de cabinet sous la clé maîtresse courante",
    )
    rotate.add_argument("--practice", action="append", help="identifiant de cabinet (répétable)")
    rotate.add_argument("--batch-size", type=int, default=200, help="lignes par transaction")
    rotate.set_defaults(handler=rotate_command)

    status = actions.add_parser("status", help="clés maîtresses, clés de cabinet, valeurs à rechiffrer")
    status.set_defaults(handler=status_command)

    vault.set_defaults(handler=lambda args: _usage(vault))


def _usage(parser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carnet.settings")
    import django

    django.setup()


def _emit(obj: dict) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str), flush=True)


def _configured_vault():
    from django.core.exceptions import ImproperlyConfigured

    from carnet.cli import CommandError
    from carnet.vault import django_keys
    from carnet.vault.errors import VaultError

    try:
        return django_keys.get_vault()
    except (ImproperlyConfigured, LookupError, VaultError) as exc:
        raise CommandError(f"coffre non configuré : {exc}") from exc


def rotate_command(args) -> int:
    from carnet.cli import CommandError

    if args.batch_size < 1:
        raise CommandError("--batch-size doit être un entier positif")
    _setup_django()
    from carnet.vault import django_keys
    from carnet.vault.errors import VaultError
    from carnet.vault.master import ENV_VAR, add_master_key
    from carnet.vault.rotation import rotate

    try:
        if args.new_master_key:
            if os.environ.get(ENV_VAR, "").strip():
                raise CommandError(
                    f"la clé maîtresse vient de {ENV_VAR} : ajoutez la nouvelle clé à la fin "
                    "de cette variable (séparée par une virgule), puis relancez sans --new-master-key"
                )
            key = add_master_key(django_keys.master_key_file())
            print(f"nouvelle clé maîtresse {key.key_id}", file=sys.stderr)
            django_keys.reset_vault()
        vault = _configured_vault()
        if args.rewrap_only:
            report = vault.rewrap_keys()
            _emit({"kind": "rewrap", "rewrapped": report.rewrapped, "already_current": report.already_current})
            return 0
        known = set(vault.practice_ids())
        unknown = [p for p in args.practice or [] if p not in known]
        if unknown:
            raise CommandError(f"cabinet sans clé : {', '.join(unknown)}")
        report = rotate(
            vault,
            new_data_keys=not args.no_new_data_keys,
            practice_ids=args.practice,
            batch_size=args.batch_size,
        )
    except VaultError as exc:
        raise CommandError(f"rotation interrompue, aucune ligne perdue : {exc}") from exc
    _emit({"kind": "master", "current": vault.master_keys.current.key_id, "rewrapped": report.rewrapped})
    for key in report.new_data_keys:
        _emit({"kind": "data_key", **key})
    for field_report in report.fields:
        _emit(field_report.as_dict())
    if report.undecryptable:
        print(
            f"{report.undecryptable} valeurs illisibles laissées telles quelles (voir 'undecryptable')",
            file=sys.stderr,
        )
        return 1
    return 0


def status_command(args) -> int:
    _setup_django()
    from carnet.vault.rotation import field_status

    vault = _configured_vault()
    stored = vault.store.all_keys()
    used = {k.master_key_id for k in stored}
    ring = vault.master_keys
    _emit(
        {
            "kind": "master",
            "source": ring.source,
            "current": ring.current.key_id,
            "keys": ring.key_ids,
            # configured keys that wrap nothing any more: they may be removed
            "removable": [k for k in ring.key_ids if k not in used and k != ring.current.key_id],
            # keys that wrap practice keys but are not configured: data unreadable
            "missing": sorted(used - set(ring.key_ids)),
        }
    )
    for practice_id in vault.practice_ids():
        _emit(
            {
                "kind": "practice",
                "practice": practice_id,
                "keys": [
                    {
                        "key_id": k.key_id,
                        "purpose": k.purpose,
                        "active": k.active,
                        "master_key_id": k.master_key_id,
                        "created_at": k.created_at.isoformat(),
                    }
                    for k in stored
                    if k.practice_id == practice_id
                ],
            }
        )
    for line in field_status(vault):
        _emit(line)
    return 0
