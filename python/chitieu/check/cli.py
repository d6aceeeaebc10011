"""``chitieu check``: the figures of a report with verdicts.

    chitieu check report.txt
    chitieu check report.docx --data assessment.csv --unit 42 --out check-out
    chitieu check report.txt --observations obs.csv --catalog catalog.csv --plan plan.csv --unit 42

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

__all__ = ["cmd_check", "configure"]

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
    own = p.add_argument_group("against your own files (assessed for the report's period)")
    own.add_argument("--observations", default=None, help="indicator,unit,period,value")
    own.add_argument("--catalog", default=None,
                     help="the catalog; its names (and a phrases column) match the text")
    own.add_argument("--plan", default=None, help="indicator,unit,period,kind,target,...")
    own.add_argument("--level", default=None,
                     help="level to assess (default: the --unit's level, else province)")
    own.add_argument("--as-of", default=None, help="date of the data: 2020-06-30 or 30/06/2020")
    own.add_argument("--duplicates", default="error", choices=["error", "last", "sum"])
    if "--out" in p._option_string_actions:  # the CLI's common --out: a folder here
        p._option_string_actions["--out"].help = "folder for figures.csv, findings.csv, check.html"
    else:
        p.add_argument("--out", default=None,
                       help="folder for figures.csv, findings.csv, check.html")


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
        text_columns = ("unit", "indicator", "period", "code", "phrase", "phrases", "name")
        return pd.read_csv(file, encoding="utf-8-sig", dtype=dict.fromkeys(text_columns, str))
    except (OSError, ValueError) as err:
        raise CliError(f"cannot read {what} file {path}: {err}") from err


def _assessment(args: argparse.Namespace, doc: Any) -> Any:
    """The assessment of ``--observations/--catalog/--plan`` for the report's period
    (``--period`` or its title's) at ``--level``; None without those files."""
    from .. import cli as main_cli
    from ..catalog import Catalog
    from ..observations import Observations
    from ..plan import Plan, assess
    from .periods import PeriodFinder

    files = {"--observations": args.observations, "--catalog": args.catalog, "--plan": args.plan}
    if not any(files.values()):
        return None
    missing = [name for name, value in files.items() if not value]
    if missing:
        raise main_cli.CliError(f"against your own files, give {', '.join(missing)} too")
    period = PeriodFinder(doc, period=args.period).period
    if period is None:
        raise main_cli.CliError("the report's title names no period; give --period, e.g. 2020S1")
    hierarchy = main_cli.load_hierarchy(args.hierarchy, args)
    level = args.level or (hierarchy.unit(args.unit).level if args.unit else "province")
    # The catalog as written, less the check's own "phrases" column (the text's
    # words for each indicator), which the catalog schema does not know.
    catalog = Catalog.from_frame(_table(args.catalog, "catalog").drop(columns="phrases",
                                                                        errors="ignore"))
    observations = Observations.from_frame(
        main_cli.read_table(args.observations, "observations", args, hierarchy), hierarchy,
        catalog, duplicates=args.duplicates)
    plan = Plan.from_frame(main_cli.read_table(args.plan, "plan", args, hierarchy))
    as_of = None if args.as_of is None else main_cli.chio.parse_date(args.as_of, "--as-of")
    return assess(observations, plan, level=level, period=period, as_of=as_of,
                  units=None if args.unit is None else [args.unit])


def cmd_check(args: argparse.Namespace) -> int:
    """Run ``chitieu check``; 1 when anything is inconsistent."""
    from ..cli import CliError
    from .document import read_report
    from .result import check

    try:
        doc = read_report(args.report, encoding=getattr(args, "encoding", None))
    except FileNotFoundError as err:
        raise CliError(str(err)) from err
    data, phrases = _table(args.data, "data"), _table(args.phrases, "phrases")
    assessment = _assessment(args, doc)
    if assessment is not None:
        if data is not None:
            raise CliError("give --data or --observations/--catalog/--plan, not both")
        data = assessment
        phrases = phrases if phrases is not None else _table(args.catalog, "catalog")
    result = check(doc, period=args.period, totals=_totals(args.total), data=data,
                   unit=args.unit, phrases=phrases)
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
    """Add ``check`` to the ``chitieu`` command (its plugin list names this module)."""
    from ..cli import register_command

    register_command("check", help=HELP, configure=configure, run=cmd_check, example=EXAMPLE)


_register()

if __name__ == "__main__":  # pragma: no cover
    from ..cli import main

    sys.exit(main(["check", *sys.argv[1:]]))
