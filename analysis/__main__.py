"""python -m analysis themes|opinions|report — see `python -m analysis COMMAND --help`."""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings

# Each subcommand lives in its own package and exposes `add_arguments(parser)` and `run(args)`;
# only the chosen one is imported, so `themes` does not pay for matplotlib.
SUBCOMMANDS = {
    "themes": ("analysis.themes.cli", "Cluster free-text proposals into named themes."),
    "opinions": ("analysis.opinions.cli", "Opinion groups and consensus from the votes."),
    "report": ("analysis.report.cli", "Write the consensus report (HTML, charts, tables)."),
}


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings about the user's input files read as one line, like the errors."""
    print(f"warning: {message}", file=file or sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    warnings.showwarning = _show_warning
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = argv[0] if argv and argv[0] in SUBCOMMANDS else None
    module = None
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=help_text,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        if name == chosen:
            module = importlib.import_module(module_name)
            sub.description = module.__doc__
            module.add_arguments(sub)
    args = parser.parse_args(argv)
    assert module is not None
    return module.run(args)


if __name__ == "__main__":
    sys.exit(main())
