"""Command line: ``python -m gammaflow check|build|paths FILE``.

Exit codes: 0 the flow is valid, 1 the flow is invalid (or an output could not
be made), 2 the command line is wrong.
"""

from __future__ import annotations

import argparse
import re
import sys

from .build import DotMissing, FlowInvalid, compile_flow, load, write_outputs

OK, INVALID, USAGE = 0, 1, 2


# argparse speaks English; its few messages that reach a user, in French.
_FRENCH = (
    (re.compile(r"^the following arguments are required: (.*)$"), "argument(s) obligatoire(s) manquant(s)\u00a0: {0}"),
    (re.compile(r"^argument command: invalid choice: '([^']*)'.*$"), "commande inconnue '{0}'\u00a0; attendu check, build ou paths"),
    (re.compile(r"^unrecognized arguments: (.*)$"), "argument(s) en trop\u00a0: {0}"),
    (re.compile(r"^argument (\S+): expected one argument$"), "l'option {0} attend une valeur"),
)


def _french(message: str) -> str:
    for pattern, text in _FRENCH:
        match = pattern.match(message)
        if match:
            return text.format(*match.groups())
    return message


class _Parser(argparse.ArgumentParser):
    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "utilisation\u00a0: ", 1)

    def format_help(self) -> str:
        help_text = super().format_help().replace("usage: ", "utilisation\u00a0: ", 1)
        return help_text.replace("positional arguments:", "arguments\u00a0:").replace("options:", "options\u00a0:")

    def error(self, message: str) -> None:  # argparse exits 2 on usage errors
        self.print_usage(sys.stderr)
        print(f"{self.prog}\u00a0: erreur\u00a0: {_french(message)}", file=sys.stderr)
        raise SystemExit(USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gammaflow", description="Vérifie et compile le logigramme GAMMA 2.", add_help=False)
    parser.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = commands.add_parser("check", help="vérifier un fichier de procédure")
    check.add_argument("file")
    build = commands.add_parser("build", help="produire le SVG, le JSON de l'assistant et les scénarios")
    build.add_argument("file")
    build.add_argument("--out", required=True, help="dossier de sortie")
    paths = commands.add_parser("paths", help="lister tous les parcours de la procédure")
    paths.add_argument("file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            flow = load(args.file)
            print(f"{args.file}\u00a0: procédure valide ({len(flow.nodes)} nœuds)")
        elif args.command == "build":
            written = write_outputs(compile_flow(args.file), args.out)
            for path in written:
                print(f"écrit\u00a0: {path}")
        else:
            outputs = compile_flow(args.file, diagram=False)
            for item in outputs.scenarios:
                print(f"{item['id']}\u00a0: {item['name']}\n    #chemin={item['token']}")
            print(f"{len(outputs.scenarios)} parcours")
    except FlowInvalid as exc:
        print(exc, file=sys.stderr)
        count = len(exc.errors)
        print(f"{count} erreur{'s' if count > 1 else ''} dans {args.file}", file=sys.stderr)
        return INVALID
    except DotMissing as exc:
        print(f"erreur\u00a0: {exc}", file=sys.stderr)
        return INVALID
    return OK


def main_exit() -> None:
    """Console-script entry point."""
    sys.exit(main())
