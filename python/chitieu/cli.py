"""The ``chitieu`` command line: rollups, assessments, disbursement, reports and
input validation, on CSV, Excel or Parquet files, or on the embedded example data.

    chitieu report --example --out chitieu-report
    chitieu rollup --observations obs.csv --catalog catalog.csv --level province \\
        --period-type quarter --out provinces.csv
    chitieu validate obs.xlsx plan.csv payments.csv

Other modules add subcommands with :func:`register_command` (and options of an
existing one with :func:`register_options`) when imported; list the module in
:data:`PLUGINS`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from . import __version__
from . import io as chio
from ._cli_coverage import mark_partial_periods

EXAMPLES = """\
examples:
  chitieu report --example --out chitieu-report
  chitieu rollup --observations obs.csv --catalog catalog.csv \\
      --level province --period-type quarter --out provinces.csv
  chitieu assess --observations obs.xlsx --catalog catalog.csv --plan plan.xlsx#KeHoach \\
      --level province --period 2020S1 --out assessment.csv
  chitieu disbursement --allocations alloc.csv --payments payments.csv \\
      --level province --as-of 30/06/2020 --out disbursement.csv
  chitieu validate obs.csv plan.xlsx payments.csv --encoding cp1258

Files may be CSV, Excel .xlsx (FILE#SHEET or --sheet for a sheet) or Parquet.
Numbers may be Vietnamese (1.234.567,5) or English (1,234,567.5): decided per
column, or --number-format vi|en; dates ISO or day-first (30/06/2020). The
hierarchy defaults to Vietnam's 2024 administrative units shipped with chitieu
(--hierarchy vietnam:2024); give a file with columns code,name,level,parent_code
for another. See docs/input.md.
"""

# Modules that register subcommands or options when imported (a missing one is skipped).
PLUGINS: list[str] = ["chitieu.io.command", "chitieu.check.cli"]

Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, tuple[str, str, Configure, Run]] = {}
_OPTIONS: dict[str, list[Configure]] = {}
MAX_SHOWN = 10  # problems printed by a failing command (validate lists them all)


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


def register_command(name: str, *, help: str, configure: Configure, run: Run,
                     example: str = "") -> None:
    """Add ``chitieu NAME``: ``configure(parser)`` adds its arguments, ``run(args)``
    returns the exit status. Raise :class:`CliError` (or ValueError) for user errors.
    """
    _COMMANDS[name] = (help, example, configure, run)


def register_options(command: str, configure: Configure) -> None:
    """Add options to an existing subcommand (``report``: its options' values are
    passed to :func:`chitieu.report.example_report` as keyword arguments)."""
    _OPTIONS.setdefault(command, []).append(configure)


def _input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--encoding", default=None, choices=chio.ENCODINGS,
                   help="CSV text encoding (default: UTF-8, or as its byte-order mark says)")
    p.add_argument("--sheet", default=None, help="Excel sheet name or number (or FILE#SHEET)")
    p.add_argument("--number-format", default="auto", choices=chio.NUMBER_FORMATS,
                   help="vi: 1.234,5; en: 1,234.5; auto (default): decided per column, "
                        "ambiguous columns refused")


def read_table(path: str, what: str, args: argparse.Namespace | None = None,
               hierarchy: Any = None) -> pd.DataFrame:
    """Read a CSV, Excel or Parquet file of kind ``what`` through :mod:`chitieu.io`.

    >>> read_table("missing.csv", "plan")
    Traceback (most recent call last):
    ...
    chitieu.cli.CliError: plan file not found: missing.csv
    """
    sheet = getattr(args, "sheet", None)
    if "#" in path and not Path(path).exists():
        path, sheet = path.rsplit("#", 1)
    if not Path(path).is_file():
        raise CliError(f"{what} file not found: {path}")
    return chio.read_table(path, what, sheet=sheet, encoding=getattr(args, "encoding", None),
                           number_format=getattr(args, "number_format", "auto"),
                           hierarchy=hierarchy)


def load_hierarchy(spec: str, args: argparse.Namespace | None = None) -> Any:
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
    frame = read_table(spec, "hierarchy", args)
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


def _as_of(args: argparse.Namespace) -> Any:
    return None if args.as_of is None else chio.parse_date(args.as_of, "--as-of")


def _observations(args: argparse.Namespace, hierarchy: Any) -> tuple[Any, Any, pd.DataFrame]:
    from .catalog import Catalog
    from .observations import Observations

    catalog = Catalog.from_frame(read_table(args.catalog, "catalog", args))
    frame = read_table(args.observations, "observations", args, hierarchy)
    return Observations.from_frame(frame, hierarchy, catalog,
                                   duplicates=args.duplicates), catalog, frame


def _per_level(levels: Sequence[str], one: Callable[[str], pd.DataFrame]) -> pd.DataFrame:
    """One result per ``--level``, stacked in the order asked (no arithmetic)."""
    return pd.concat([one(level) for level in levels], ignore_index=True)


def cmd_rollup(args: argparse.Namespace) -> int:
    """``chitieu rollup``: observations aggregated to ``--level`` and periods; each
    row says how many of its period's months the input has data for
    (``months_with_data``, ``months_in_period``, ``complete``)."""
    from .rollup import rollup

    hierarchy = load_hierarchy(args.hierarchy, args)
    observations, _, frame = _observations(args, hierarchy)
    result = rollup(observations, level=args.level, period_type=args.period_type,
                    periods=args.period, threads=args.threads)
    write_table(mark_partial_periods(result.to_pandas(), frame), args.out)
    return 0


def cmd_assess(args: argparse.Namespace) -> int:
    """``chitieu assess``: observations against a plan and the same period last year."""
    from .plan import Plan, assess

    hierarchy = load_hierarchy(args.hierarchy, args)
    observations, catalog, _ = _observations(args, hierarchy)
    plan = Plan.from_frame(read_table(args.plan, "plan", args, hierarchy))
    as_of = _as_of(args)
    frame = _per_level(args.level, lambda level: assess(
        observations, plan, level=level, period=args.period, as_of=as_of).to_pandas())
    if args.out is None:  # printed for people: names, words, vi numbers (vi hook, issue 13)
        from .report.tables import assessment_text
        from .text import indicator_texts

        frame = assessment_text(frame, indicator_texts(catalog), args.lang)
    write_table(frame, args.out)
    return 0


def cmd_disbursement(args: argparse.Namespace) -> int:
    """``chitieu disbursement``: payments against allocations and a schedule."""
    from .disbursement import Allocations, Payments, Schedule, disbursement

    hierarchy = load_hierarchy(args.hierarchy, args)
    allocations = Allocations.from_frame(read_table(args.allocations, "allocations", args,
                                                    hierarchy))
    payments = Payments.from_frame(read_table(args.payments, "payments", args, hierarchy))
    schedule = Schedule.linear() if args.schedule is None else Schedule.from_frame(
        read_table(args.schedule, "schedule", args, hierarchy))
    as_of = _as_of(args)
    write_table(_per_level(args.level, lambda level: disbursement(
        allocations, payments, schedule, hierarchy, level=level,
        as_of=as_of).to_pandas()), args.out)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """``chitieu report``: :func:`chitieu.report.example_report` (``--example``) or
    :func:`chitieu.report.files_report` on your files, for ``--unit`` and its sub-units.

    >>> main(["report", "--example", "--out", "chitieu-report"])  # doctest: +SKIP
    """
    from .report import example_report, files_report

    csv = {"csv_sep": ";", "csv_decimal": ","} if args.csv_semicolon else {}
    if args.example:
        extra = {name: getattr(args, name) for name in getattr(args, "_registered", [])}
        paths = example_report(Path(args.out), period=args.period, seed=args.seed,
                               units=args.units, unit=args.unit or "VN", lang=args.lang,
                               **csv, **extra)
    else:
        needed = {"--catalog": args.catalog, "--observations": args.observations,
                  "--plan": args.plan, "--unit": args.unit, "--period": args.period}
        missing = [name for name, value in needed.items() if value is None]
        if missing:
            raise CliError("report needs --example, or your own files and unit: "
                           f"{', '.join(missing)} missing")
        hierarchy = load_hierarchy(args.hierarchy, args)
        optional = {what: read_table(path, what, args, hierarchy) for what, path in
                    (("allocations", args.allocations), ("payments", args.payments)) if path}
        paths = files_report(Path(args.out), hierarchy=hierarchy,
                             catalog_frame=read_table(args.catalog, "catalog", args),
                             observations=read_table(args.observations, "observations", args,
                                                     hierarchy),
                             plan=read_table(args.plan, "plan", args, hierarchy), unit=args.unit,
                             period=args.period, lang=args.lang, source=args.observations,
                             **optional, **csv)
    for label, path in paths.items():
        print(f"{label}: {path}")
    return 0


def _add_commands(sub: Any) -> None:
    def command(name: str, func: Run, help_: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, epilog=f"example:\n  {example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        p.add_argument("--hierarchy", default="vietnam:2024",
                       help="hierarchy file (CSV, .xlsx, Parquet), or vietnam:<year>")
        p.add_argument("--out", help="output CSV or Parquet file (default: print a table)")
        _input_options(p)
        return p

    def data_options(p: argparse.ArgumentParser, observations: str, catalog: str) -> None:
        """The observations, catalog, levels and duplicates policy of rollup and assess."""
        p.add_argument("--observations", required=True, help=observations)
        p.add_argument("--catalog", required=True, help=catalog)
        p.add_argument("--level", **level)
        p.add_argument("--duplicates", default="error", choices=["error", "last", "sum"])

    level = {"required": True, "action": "append", "help": "target level (repeatable)"}
    p = command("rollup", cmd_rollup, "Aggregate observations up the hierarchy.",
                "chitieu rollup --observations obs.csv --catalog catalog.csv "
                "--level province --period-type quarter")
    data_options(p, "indicator,unit,period,value",
                 "code,name,unit,value_type,direction,preset,formula")
    p.add_argument("--period-type", action="append", help="month, quarter, half, year (repeatable)")
    p.add_argument("--period", action="append", help="explicit target period, e.g. 2020S1")
    p.add_argument("--threads", type=int, default=None)

    p = command("assess", cmd_assess, "Assess observations against a plan and last year.",
                "chitieu assess --observations obs.csv --catalog catalog.csv "
                "--plan plan.csv --level province --period 2020S1")
    data_options(p, "indicator,unit,period,value", "code,name,unit,...")
    p.add_argument("--plan", required=True, help="indicator,unit,period,kind,target,...")
    p.add_argument("--period", required=True, help="the reporting period, e.g. 2020S1")
    p.add_argument("--as-of", default=None, help="date of the data: 2020-06-30 or 30/06/2020")
    p.add_argument("--lang", default="vi", choices=["vi", "en"],
                   help="words and numbers of the printed table (files keep codes and raw numbers)")

    p = command("disbursement", cmd_disbursement, "Disbursement against allocations.",
                "chitieu disbursement --allocations alloc.csv --payments payments.csv "
                "--level province --as-of 30/06/2020")
    p.add_argument("--allocations", required=True)
    p.add_argument("--payments", required=True)
    p.add_argument("--schedule", default=None, help="period,share (default: linear)")
    p.add_argument("--level", **level)
    p.add_argument("--as-of", default=None, help="2020-06-30 or 30/06/2020 (day first; "
                   "default: the date of the last payment)")

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

    for name, (help_, example, configure, run) in _COMMANDS.items():
        configure(command(name, run, help_, example or f"chitieu {name} --help"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``chitieu`` command and its subcommands.

    >>> build_parser().parse_args(["report", "--example"]).units
    'commune'
    """
    import importlib

    for module in PLUGINS:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name is None or not module.startswith(err.name):
                raise
    parser = argparse.ArgumentParser(
        prog="chitieu",
        description="Roll up public-sector performance indicators, assess them against "
                    "plans and the same period last year, and track disbursement.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"chitieu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_commands(sub)
    for name, configures in _OPTIONS.items():
        p = sub.choices[name]
        before = {a.dest for a in p._actions}
        for configure in configures:
            configure(p)
        p.set_defaults(_registered=[a.dest for a in p._actions if a.dest not in before])
    return parser


def _report_error(command: str, err: BaseException) -> int:
    if isinstance(err, chio.InputError) and len(err.problems) > 1:
        shown = err.problems[:MAX_SHOWN]
        more = len(err.problems) - len(shown)
        lines = "\n".join(f"  {p}" for p in shown)
        tail = f"\n  ... and {more} more; `chitieu validate FILES` lists them all" if more else ""
        print(f"chitieu {command}: error: {len(err.problems)} problems in the input:\n"
              f"{lines}{tail}", file=sys.stderr)
        return 2
    message = err.args[0] if isinstance(err, KeyError) and err.args else err
    print(f"chitieu {command}: error: {message}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for a user error, with
    the problem on stderr naming file, line, column and value).

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
        status = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return status
    except BrokenPipeError:
        # `chitieu ... | head`: the reader left; stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except CliError as err:
        print(f"chitieu {args.command}: error: {err}", file=sys.stderr)
        return 2
    except (KeyError, ValueError) as err:
        return _report_error(args.command, err)


if __name__ == "__main__":  # pragma: no cover
    # `python -m chitieu.cli`: run the imported module, where plugins register.
    from chitieu.cli import main as _main

    sys.exit(_main())
