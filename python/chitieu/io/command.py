"""``chitieu validate FILE...``: every problem of every input file, as a table or JSON.

Registered with the command line through :func:`chitieu.cli.register_command`
(listed in ``chitieu.cli.PLUGINS``); exit status 1 when any error, else 0.
"""

from __future__ import annotations

import argparse
import json

import pandas as pd

from .schema import KINDS
from .validate import validate

EXAMPLE = "chitieu validate obs.csv plan=targets.xlsx payments.csv"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="a file, or KIND=FILE "
                   f"(kinds: {', '.join(KINDS)}; guessed from the header otherwise)")
    p.add_argument("--format", default="table", choices=["table", "json"])


def run(args: argparse.Namespace) -> int:
    from ..cli import load_hierarchy, write_table

    hierarchy = load_hierarchy(args.hierarchy, args)
    problems = validate(args.files, hierarchy=hierarchy, encoding=args.encoding,
                        sheet=args.sheet, number_format=args.number_format)
    if args.format == "json":
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=1))
    elif problems:
        table = pd.DataFrame([p.as_dict() for p in problems]).fillna("")
        table["line"] = [p.line if p.line is not None else ("" if p.row is None else f"row {p.row}")
                         for p in problems]
        write_table(table[["file", "line", "column", "value", "problem", "severity"]], None)
    else:
        print(f"no problems in {len(args.files)} file(s)")
    return 1 if any(p.severity == "error" for p in problems) else 0


def _register() -> None:
    from ..cli import register_command

    register_command("validate", help="Check input files; list every problem.",
                     configure=configure, run=run, example=EXAMPLE)


_register()
