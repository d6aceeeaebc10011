"""``chitieu check``: the figures of a report with verdicts.

    chitieu check report.txt
    chitieu check report.docx --data assessment.csv --unit 42 --out check-out

Prints the figures, flagged ones first, and the flagged checks with their
arithmetic; ``--out`` writes figures.csv, findings.csv and check.html (the
text with the flagged figures highlighted). Exit status 1 when a figure is
inconsistent, 0 otherwise, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["add_check_command", "cmd_check"]

EXAMPLE = "chitieu check report.txt --out check-out"
HELP = "Check a report's figures (text or .docx)."


def configure(p: argparse.ArgumentParser) -> None:
    """The arguments of ``chitieu check``."""
    p.add_argument("report", help="the report: .txt (UTF-8) or .docx")
    p.add_argument("--period", default=None,
                   help="the report's period if its title does not say (e.g. 2020S1)")
    p.add_argument("--data", default=None,
                   help="an assessment (CSV/Parquet of `chitieu assess`) or disbursement table")
    p.add_argument("--unit", default=None, help="the reporting unit's code in --data")
    p.add_argument("--phrases", default=None,
                   help="CSV phrase,indicator (or a catalog with code,name[,phrases])")
    p.add_argument("--total", action="append", default=[], metavar="UNIT=N",
                   help="a total the text leaves out, e.g. hộ=512000 (repeatable)")
    if "--out" in p._option_string_actions:  # the CLI's common --out: a folder here
        p._option_string_actions["--out"].help = "folder for figures.csv, findings.csv, check.html"
    else:
        p.add_argument("--out", default=None,
                       help="folder for figures.csv, findings.csv, check.html")


def add_check_command(sub: Any) -> argparse.ArgumentParser:
    """Add the ``check`` subcommand to the subparsers ``sub`` of the ``chitieu`` command."""
    p = sub.add_parser("check", help=HELP, description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=cmd_check)
    configure(p)
    return p


def _totals(items: list[str]) -> dict[str, float]:
    from ..cli import CliError

    out = {}
    for item in items:
        unit, sep, number = item.partition("=")
        try:
            out[unit.strip()] = float(number)
        except ValueError:
            sep = ""
        if not sep or not unit.strip():
            raise CliError(f"--total {item!r}: expected UNIT=N, e.g. hộ=512000")
    return out


def _table(path: str | None, what: str) -> pd.DataFrame | None:
    """A CSV or Parquet table; codes stay text ("01" is not 1)."""
    from ..cli import CliError

    if path is None:
        return None
    file = Path(path)
    if not file.is_file():
        raise CliError(f"{what} file not found: {path}")
    try:
        if file.suffix.lower() in (".parquet", ".pq"):
            return pd.read_parquet(file)
        return pd.read_csv(file, encoding="utf-8-sig", dtype={c: str for c in (
            "unit", "indicator", "period", "code", "phrase", "phrases", "name")})
    except (OSError, ValueError) as err:
        raise CliError(f"cannot read {what} file {path}: {err}") from err


def cmd_check(args: argparse.Namespace) -> int:
    """Run ``chitieu check``; 1 when anything is inconsistent."""
    from ..cli import CliError
    from .document import read_report
    from .result import check

    try:
        doc = read_report(args.report)
    except FileNotFoundError as err:
        raise CliError(str(err)) from err
    result = check(doc, period=args.period, totals=_totals(args.total),
                   data=_table(args.data, "data"), unit=args.unit,
                   phrases=_table(args.phrases, "phrases"))
    table = result.table()
    shown = table[["id", "text", "kind", "phrase", "period", "verdict"]].copy()
    shown["phrase"] = shown["phrase"].str.slice(0, 40)
    with pd.option_context("display.width", 200, "display.max_rows", 500,
                           "display.max_colwidth", 60):
        print(shown.to_string(index=False))
    flagged = result.flagged
    if flagged:
        print(f"\n{len(flagged)} flagged:")
    for f in flagged:
        texts = " | ".join(result.extraction.by_id(i).fig.text for i in f.figures)
        print(f"  [{f.verdict}] {texts}: {f.arithmetic}" + (f" — {f.note}" if f.note else ""))
    print(f"\n{result!r}")
    if args.out:
        for name, path in result.write(Path(args.out)).items():
            print(f"{name}: {path}")
    return 1 if result.has_inconsistent else 0


def _register() -> None:
    """Register with the command line's plugin mechanism where it has one (the
    ``add_check_command`` hook in build_parser serves where it does not)."""
    from .. import cli

    register = getattr(cli, "register_command", None)
    if register is not None:
        register("check", help=HELP, configure=configure, run=cmd_check, example=EXAMPLE)


_register()


def _register() -> None:
    from ..cli import register_command

    register_command("check", help=HELP, configure=configure, run=cmd_check, example=EXAMPLE)


_register()

if __name__ == "__main__":  # pragma: no cover
    from ..cli import main

    sys.exit(main(["check", *sys.argv[1:]]))
