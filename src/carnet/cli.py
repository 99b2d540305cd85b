"""The ``carnet`` command.

Each part of Carnet that offers commands has a ``commands.py`` module with a
``register(subparsers)`` function that adds one sub-command (``guard``,
``sentinel``, ``observatory``, ``audit``, ``vault``, ...). They are found here
by walking the package, so a new core plugs in without touching this file.

Command modules import their heavy dependencies (Django, spaCy, polars) inside
the handlers, so that ``carnet guard scan`` starts without loading Django.

Conventions shared by every command: JSON Lines in and out, progress on
stderr, exit 0 on success, and on bad input one clear line on stderr and exit
status 2 (raise ``CommandError``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

import carnet


class CommandError(Exception):
    """Bad input or a failed precondition: printed as one line, exit status 2."""


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carnet.settings")
    import django

    django.setup()


def _run_manage(argv: list[str]) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["carnet", *argv])
    return 0


def _register_builtin(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="serve Carnet on http://127.0.0.1:8000")
    serve.add_argument("--addr", default="127.0.0.1:8000")
    # --insecure: Django serves the static files itself, which is fine on a
    # laptop; a production install serves them with its web server.
    serve.set_defaults(handler=lambda a: _run_manage(["runserver", "--noreload", "--insecure", a.addr]))

    demo = sub.add_parser(
        "demo", help="create the demo practice (accounts and synthetic patients)"
    )
    demo.add_argument("--patients", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=2025)
    demo.set_defaults(
        handler=lambda a: _run_manage(
            ["carnet_demo", "--patients", str(a.patients), "--seed", str(a.seed)]
        )
    )

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=lambda a: _run_manage(a.args))


def _register_plugins(sub: argparse._SubParsersAction) -> None:
    for info in sorted(pkgutil.iter_modules(carnet.__path__), key=lambda m: m.name):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"carnet.{info.name}.commands")
        except ModuleNotFoundError as exc:
            if exc.name == f"carnet.{info.name}.commands":
                continue
            raise
        module.register(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="carnet", description=carnet.__doc__)
    parser.add_argument("--version", action="version", version=carnet.__version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _register_builtin(sub)
    _register_plugins(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args) or 0)
    except CommandError as exc:
        print(f"carnet {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
