"""The ``chitieu`` command line: rollups, assessments, disbursement and reports
on CSV or Parquet files, or on the embedded example data.

    chitieu report --example --out chitieu-report
    chitieu rollup --observations obs.csv --catalog catalog.csv --level province \\
        --period-type quarter --out provinces.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

import pandas as pd

from . import __version__

EXAMPLES = """\
examples:
  chitieu report --example --out chitieu-report
  chitieu rollup --observations obs.csv --catalog catalog.csv \\
      --level province --period-type quarter --out provinces.csv
  chitieu assess --observations obs.csv --catalog catalog.csv --plan plan.csv \\
      --level province --period 2020S1 --out assessment.csv
  chitieu disbursement --allocations alloc.csv --payments payments.csv \\
      --level province --as-of 2020-06-30 --out disbursement.csv

Files may be CSV or Parquet (by extension). The hierarchy defaults to Vietnam's
2024 administrative units shipped with chitieu (--hierarchy vietnam:2024); give a
CSV with columns code,name,level,parent_code for another.
"""

# The columns each input must have, so a wrong file fails with a clear message
# before any work is done.
REQUIRED_COLUMNS = {
    "observations": ["indicator", "unit", "period", "value"],
    "catalog": ["code"],
    "hierarchy": ["code", "name", "level", "parent_code"],
    "plan": ["indicator", "unit", "period", "kind"],
    "allocations": ["programme", "source", "unit", "year", "amount"],
    "payments": ["date", "programme", "source", "unit", "amount"],
}


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


def read_table(path: str, what: str) -> pd.DataFrame:
    """Read a CSV or Parquet file and check it has the columns ``what`` needs.

    Codes are read as strings, so leading zeros ("00001") survive. A missing
    file, an unknown format or a missing column is a :class:`CliError`.

    >>> read_table("obs.csv", "observations")  # doctest: +SKIP
    >>> read_table("missing.csv", "plan")
    Traceback (most recent call last):
    ...
    chitieu.cli.CliError: plan file not found: missing.csv
    """
    file = Path(path)
    if not file.is_file():
        raise CliError(f"{what} file not found: {path}")
    suffix = file.suffix.lower()
    try:
        if suffix in {".parquet", ".pq"}:
            frame = pd.read_parquet(file)
        elif suffix in {".csv", ".txt", ".gz"}:
            frame = pd.read_csv(file, dtype={c: str for c in ("code", "unit", "indicator",
                                                               "period", "parent_code",
                                                               "programme", "source")})
        else:
            raise CliError(f"{what} file {path}: unknown format {suffix!r} (use .csv or .parquet)")
    except (OSError, ValueError) as err:
        raise CliError(f"cannot read {what} file {path}: {err}") from err
    missing = [c for c in REQUIRED_COLUMNS.get(what, []) if c not in frame.columns]
    if missing:
        raise CliError(f"{what} file {path} lacks column(s) {', '.join(missing)}; "
                       f"it has {', '.join(map(str, frame.columns))}")
    return frame


def load_hierarchy(spec: str) -> Any:
    """The hierarchy of ``--hierarchy``: ``vietnam:<year>`` (shipped) or a file.

    >>> load_hierarchy("vietnam:2024").counts()["province"]
    63
    """
    from .hierarchy import Hierarchy

    if spec.startswith("vietnam:"):
        year = spec.split(":", 1)[1]
        if not year.isdigit():
            raise CliError(f"--hierarchy {spec}: expected vietnam:<year>, e.g. vietnam:2024")
        return Hierarchy.vietnam(int(year))
    frame = read_table(spec, "hierarchy")
    return Hierarchy.from_frame(frame, code="code", name="name", level="level",
                                parent="parent_code")


def write_table(frame: pd.DataFrame, out: str | None) -> None:
    """Write ``frame`` to ``out`` (CSV, or Parquet by extension) and say so, or
    print it as a table when ``out`` is None.

    >>> write_table(pd.DataFrame({"unit": ["VN"], "value": [1.5]}), None)
    unit  value
      VN    1.5
    """
    if out is None:
        with pd.option_context("display.width", 160, "display.max_rows", 60):
            print(frame.to_string(index=False))
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in {".parquet", ".pq"}:
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)
    print(f"wrote {len(frame):,} rows to {path}")


def _observations(args: argparse.Namespace, hierarchy: Any) -> tuple[Any, Any]:
    from .indicator import Catalog
    from .observations import Observations

    catalog = Catalog.from_frame(read_table(args.catalog, "catalog"))
    frame = read_table(args.observations, "observations")
    return Observations.from_frame(frame, hierarchy, catalog,
                                   duplicates=args.duplicates), catalog


def cmd_rollup(args: argparse.Namespace) -> int:
    """``chitieu rollup``: observations aggregated to ``--level`` and periods.

    >>> main(["rollup", "--observations", "obs.csv", "--catalog", "catalog.csv",
    ...       "--level", "province", "--period-type", "quarter"])  # doctest: +SKIP
    """
    from .rollup import rollup

    hierarchy = load_hierarchy(args.hierarchy)
    observations, catalog = _observations(args, hierarchy)
    result = rollup(observations, hierarchy, catalog, level=args.level,
                    period_type=args.period_type, periods=args.period,
                    threads=args.threads)
    write_table(result.to_pandas(), args.out)
    return 0


def cmd_assess(args: argparse.Namespace) -> int:
    """``chitieu assess``: observations against a plan and the same period last year.

    >>> main(["assess", "--observations", "obs.csv", "--catalog", "catalog.csv",
    ...       "--plan", "plan.csv", "--level", "province", "--period", "2020S1"])  # doctest: +SKIP
    """
    from .plan import Plan, assess

    hierarchy = load_hierarchy(args.hierarchy)
    observations, catalog = _observations(args, hierarchy)
    plan = Plan.from_frame(read_table(args.plan, "plan"))
    result = assess(observations, plan, hierarchy, catalog, level=args.level,
                    period=args.period, as_of=args.as_of)
    write_table(result.to_pandas(), args.out)
    return 0


def cmd_disbursement(args: argparse.Namespace) -> int:
    """``chitieu disbursement``: payments against allocations and a schedule.

    >>> main(["disbursement", "--allocations", "alloc.csv", "--payments", "pay.csv",
    ...       "--level", "province", "--as-of", "2020-06-30"])  # doctest: +SKIP
    """
    from .disbursement import Allocations, Payments, Schedule, disbursement

    hierarchy = load_hierarchy(args.hierarchy)
    allocations = Allocations.from_frame(read_table(args.allocations, "allocations"))
    payments = Payments.from_frame(read_table(args.payments, "payments"))
    schedule = Schedule.linear() if args.schedule is None else Schedule.from_frame(
        read_table(args.schedule, "schedule"))
    result = disbursement(allocations, payments, schedule, hierarchy, level=args.level,
                          as_of=args.as_of)
    write_table(result.to_pandas(), args.out)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """``chitieu report``: :func:`chitieu.report.example_report` (``--example``) or
    :func:`chitieu.report.files_report` on your files, for ``--unit`` and its sub-units.

    >>> main(["report", "--example", "--out", "chitieu-report"])  # doctest: +SKIP
    """
    from .report import example_report, files_report

    csv = {"csv_sep": ";", "csv_decimal": ","} if args.csv_semicolon else {}
    if args.example:
        paths = example_report(Path(args.out), period=args.period, seed=args.seed,
                               units=args.units, unit=args.unit or "VN", lang=args.lang, **csv)
    else:
        needed = {"--catalog": args.catalog, "--observations": args.observations,
                  "--plan": args.plan, "--unit": args.unit, "--period": args.period}
        missing = [name for name, value in needed.items() if value is None]
        if missing:
            raise CliError("report needs --example, or your own files and unit: "
                           f"{', '.join(missing)} missing")
        optional = {what: read_table(path, what) for what, path in
                    (("allocations", args.allocations), ("payments", args.payments)) if path}
        paths = files_report(Path(args.out), hierarchy=load_hierarchy(args.hierarchy),
                             catalog_frame=read_table(args.catalog, "catalog"),
                             observations=read_table(args.observations, "observations"),
                             plan=read_table(args.plan, "plan"), unit=args.unit,
                             period=args.period, lang=args.lang, source=args.observations,
                             **optional, **csv)
    for label, path in paths.items():
        print(f"{label}: {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``chitieu`` command and its subcommands.

    >>> build_parser().parse_args(["report", "--example"]).units
    'commune'
    """
    parser = argparse.ArgumentParser(
        prog="chitieu",
        description="Roll up public-sector performance indicators, assess them against "
                    "plans and the same period last year, and track disbursement.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"chitieu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], help_: str,
                example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, epilog=f"example:\n  {example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        p.add_argument("--hierarchy", default="vietnam:2024",
                       help="hierarchy CSV/Parquet, or vietnam:<year> (default vietnam:2024)")
        p.add_argument("--out", help="output CSV or Parquet file (default: print a table)")
        return p

    p = command("rollup", cmd_rollup, "Aggregate observations up the hierarchy.",
                "chitieu rollup --observations obs.csv --catalog catalog.csv "
                "--level province --period-type quarter")
    p.add_argument("--observations", required=True, help="indicator,unit,period,value")
    p.add_argument("--catalog", required=True, help="code,name,unit,value_type,direction,preset,formula")
    p.add_argument("--level", required=True, action="append", help="target level (repeatable)")
    p.add_argument("--period-type", action="append", help="month, quarter, half, year (repeatable)")
    p.add_argument("--period", action="append", help="explicit target period, e.g. 2020S1")
    p.add_argument("--duplicates", default="error", choices=["error", "last", "sum"])
    p.add_argument("--threads", type=int, default=None)

    p = command("assess", cmd_assess, "Assess observations against a plan and last year.",
                "chitieu assess --observations obs.csv --catalog catalog.csv "
                "--plan plan.csv --level province --period 2020S1")
    p.add_argument("--observations", required=True)
    p.add_argument("--catalog", required=True)
    p.add_argument("--plan", required=True, help="indicator,unit,period,kind,target,...")
    p.add_argument("--level", required=True)
    p.add_argument("--period", required=True, help="the reporting period, e.g. 2020S1")
    p.add_argument("--as-of", default=None, help="date of the data, e.g. 2020-06-30")
    p.add_argument("--duplicates", default="error", choices=["error", "last", "sum"])

    p = command("disbursement", cmd_disbursement, "Disbursement against allocations.",
                "chitieu disbursement --allocations alloc.csv --payments payments.csv "
                "--level province --as-of 2020-06-30")
    p.add_argument("--allocations", required=True)
    p.add_argument("--payments", required=True)
    p.add_argument("--schedule", default=None, help="period,share (default: linear)")
    p.add_argument("--level", required=True)
    p.add_argument("--as-of", required=True)

    p = command("report", cmd_report, "A province-wide report (table, CSV and HTML).",
                "chitieu report --example --out chitieu-report")
    p.add_argument("--example", action="store_true", help="use the embedded example data")
    p.add_argument("--period", default=None, help="default: the latest half-year of the data")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--units", default="commune", choices=["commune", "district"])
    # Reports on your own files (chitieu.report.files_report); vi hook, issue 13.
    for name in ("catalog", "observations", "plan", "allocations", "payments"):
        p.add_argument(f"--{name}", default=None, help=f"your {name} file (CSV or Parquet)")
    p.add_argument("--unit", default=None, help="the unit reported on, e.g. 42 (Hà Tĩnh): "
                   "it and its sub-units; default with --example: VN")
    p.add_argument("--lang", default="vi", choices=["vi", "en"], help="words and numbers")
    p.add_argument("--csv-semicolon", action="store_true",
                   help="CSVs with ';' and decimal comma (Excel set to Vietnamese)")
    p.set_defaults(out="chitieu-report")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for a user error, with
    one line on stderr naming it).

    >>> main(["rollup", "--observations", "missing.csv", "--catalog", "c.csv",
    ...       "--level", "province"])
    2
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except CliError as err:
        print(f"chitieu {args.command}: error: {err}", file=sys.stderr)
        return 2
    except (KeyError, ValueError) as err:
        message = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f"chitieu {args.command}: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
