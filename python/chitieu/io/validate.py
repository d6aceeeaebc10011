"""``chitieu validate``: every problem of every input file, not just the first.

Each file is read by the same rules as every other reader (``read_raw`` then
``conform``); then periods are parsed, unit codes checked against the hierarchy,
indicator codes against a catalog given among the files, and observations built
by the engine (duplicates). Problems are returned, never raised.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .conform import SOURCE, conform, where_of
from .errors import InputError, InputWarning, Problem
from .read import read_raw
from .schema import KINDS, guess_kind
from .text import distinct, rows_of

__all__ = ["split_spec", "validate"]

_PERIOD_COLUMNS = {"observations": ("period",), "plan": ("period", "baseline_period")}


def split_spec(spec: str) -> tuple[str | None, str]:
    """``"plan=targets.xlsx"`` -> ("plan", "targets.xlsx"); a plain path -> (None, path)."""
    kind, sep, path = spec.partition("=")
    return (kind, path) if sep and kind in KINDS else (None, spec)


def _file_problem(file: str, problem: str, severity: str = "error") -> Problem:
    return Problem(file, None, None, None, problem, severity=severity)


def _read(spec: str, options: dict[str, Any], problems: list[Problem]) -> tuple[str, pd.DataFrame] | None:
    kind, path = split_spec(spec)
    try:
        raw = read_raw(path, sheet=options.get("sheet"), encoding=options.get("encoding"))
    except InputError as err:
        problems.extend(err.problems)
        return None
    label = raw.attrs[SOURCE]
    kind = kind or guess_kind([str(c) for c in raw.columns])
    if kind is None:
        problems.append(_file_problem(label, "cannot tell the kind of file from its header; "
                                      "name it, e.g. observations=FILE"))
        return None
    if len(raw) == 0:
        problems.append(_file_problem(label, "has no data rows (only a header)"))
        return None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        try:
            frame = conform(raw, kind, hierarchy=options.get("hierarchy"),
                            number_format=options.get("number_format", "auto"))
        except InputError as err:
            problems.extend(err.problems)
            return None
    problems.extend(_file_problem(label, str(w.message), "warning") for w in caught
                    if issubclass(w.category, InputWarning))
    return kind, frame


def _unparsable_periods(kind: str, frame: pd.DataFrame) -> list[Problem]:
    from .._core import Period

    problems: list[Problem] = []
    for column in _PERIOD_COLUMNS.get(kind, ()):
        if column not in frame:
            continue
        codes, uniques = distinct(frame[column])
        bad = {}
        for k, text in enumerate(uniques):
            try:
                Period.parse(str(text))
            except ValueError as err:
                bad[k] = f"is not a period: {err}"
        rows = rows_of(codes, list(bad))
        where = where_of(frame).at(column)
        problems += [where.problem(int(r), uniques[codes[r]], bad[int(codes[r])]) for r in rows]
    return problems


def _unknown_indicators(frame: pd.DataFrame, catalog: Any) -> list[Problem]:
    codes, uniques = distinct(frame["indicator"])
    bad = [k for k, code in enumerate(uniques) if catalog._core.find(str(code)) is None]
    where = where_of(frame).at("indicator")
    return [where.problem(int(r), uniques[codes[r]], "is not an indicator of the catalog")
            for r in rows_of(codes, bad)]


def _cross_checks(tables: list[tuple[str, pd.DataFrame]], hierarchy: Any) -> list[Problem]:
    from ..catalog import Catalog
    from ..observations import Observations

    problems: list[Problem] = []
    catalog = None
    for kind, frame in tables:
        problems += _unparsable_periods(kind, frame)
        if kind == "catalog":
            try:
                catalog = Catalog.from_frame(frame)
            except (ValueError, KeyError) as err:
                problems.append(_file_problem(frame.attrs[SOURCE], f"catalog: {err}"))
    if catalog is None:
        return problems
    for kind, frame in tables:
        if kind not in ("observations", "plan"):
            continue
        unknown = _unknown_indicators(frame, catalog)
        problems += unknown
        if kind == "observations" and not unknown and hierarchy is not None and not problems:
            try:
                Observations.from_frame(frame, hierarchy, catalog)
            except (ValueError, KeyError) as err:
                problems.append(_file_problem(frame.attrs[SOURCE], str(err.args[0] if err.args else err)))
    return problems


def validate(specs: Sequence[str], *, hierarchy: Any = None, encoding: str | None = None,
             sheet: str | int | None = None, number_format: str = "auto") -> list[Problem]:
    """Every problem of the files ``specs`` (paths, or ``kind=path``), in file order.

    Warnings (input read but changed, such as padded unit codes) are listed
    with ``severity="warning"``.
    """
    options = {"hierarchy": hierarchy, "encoding": encoding, "sheet": sheet,
               "number_format": number_format}
    problems: list[Problem] = []
    tables = [t for t in (_read(spec, options, problems) for spec in specs) if t is not None]
    problems += _cross_checks(tables, hierarchy)
    return problems
