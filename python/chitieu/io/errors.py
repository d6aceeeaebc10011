"""Where a value came from, what is wrong with it, and the one exception that says so.

Every reader of ``chitieu.io`` reports bad input as an :class:`InputError` (a
``ValueError``) holding one or more :class:`Problem` records -- file, line as an
editor or Excel shows it (header = line 1), column and the value as written --
so ``chitieu validate`` can list them all instead of stopping at the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "InputError",
    "InputWarning",
    "Problem",
    "UnitCodesPadded",
    "UnknownCodes",
    "Where",
    "shown",
]


def shown(value: Any) -> str:
    """A value as the user wrote it: text as is, numbers without numpy reprs.

    >>> shown(np.float64(8100000.5)), shown(np.int64(3)), shown(None), shown(2.0)
    ('8100000.5', '3', '', '2')
    """
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Problem:
    """One bad value (or file): ``line`` is None when the source has no lines
    (an in-memory frame, Parquet); ``row`` is then the 0-based position."""

    file: str | None
    line: int | None
    column: str | None
    value: str | None
    problem: str
    row: int | None = None
    severity: str = "error"  # or "warning": read, but changed on the way in

    def place(self) -> str:
        parts = [self.file or "frame"]
        if self.line is not None:
            parts.append(f"line {self.line}")
        elif self.row is not None:
            parts.append(f"row {self.row} (counting from 0)")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        value = "" if self.value is None else f" {self.value!r}"
        return f"{self.place()}:{value} {self.problem}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "row": self.row, "column": self.column,
                "value": self.value, "problem": self.problem, "severity": self.severity}


class InputError(ValueError):
    """Bad input: the first problem in the message, all of them in ``problems``.

    >>> err = InputError([Problem("a.csv", 3, "value", "1.250", "is ambiguous")])
    >>> str(err), err.line
    ("a.csv, line 3, column 'value': '1.250' is ambiguous", 3)
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        first = self.problems[0]
        self.file, self.line, self.column, self.value = first.file, first.line, first.column, first.value
        more = len(self.problems) - 1
        text = str(first)
        if more:
            others = "; ".join(_short(p) for p in self.problems[1:4])
            text += f" (and {more} more: {others}{'; ...' if more > 3 else ''})"
        super().__init__(text)

    def __str__(self) -> str:  # one message whatever else the class derives from
        return str(self.args[0])


class UnknownCodes(InputError, KeyError):
    """Codes that are not in the hierarchy or catalog (a KeyError too, as before)."""


def _short(p: Problem) -> str:
    where = f"line {p.line}" if p.line is not None else f"row {p.row}"
    return f"{where} {p.value!r}" if p.value is not None else where


class InputWarning(UserWarning):
    """Input that was read, but changed on the way in: the message says how."""


class UnitCodesPadded(InputWarning):
    """Unit codes that had lost their leading zeros (``1`` for ``01``) were padded."""


class Lines:
    """Each row's line in its file, kept in ``frame.attrs``: immutable, so pandas
    may share it between frames (copying and comparing it would cost per row)."""

    __slots__ = ("_lines",)

    def __init__(self, lines: Any) -> None:
        self._lines = np.asarray(lines, dtype=np.int64)
        self._lines.setflags(write=False)

    def __getitem__(self, row: Any) -> Any:
        return self._lines[row]

    def __len__(self) -> int:
        return len(self._lines)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __deepcopy__(self, memo: Any) -> Lines:
        return self

    def __repr__(self) -> str:
        return f"Lines({len(self)} rows)"


@dataclass(frozen=True)
class Where:
    """The file and column being read, and each row's line in that file.

    ``lines[i]`` is the line of row ``i``; without ``lines``, rows are named by
    position (a frame or Parquet file has no lines).
    """

    file: str | None = None
    column: str | None = None
    lines: Any = None

    def at(self, column: str) -> Where:
        return Where(self.file, column, self.lines)

    def line(self, row: int) -> int | None:
        return None if self.lines is None else int(self.lines[row])

    def problem(self, row: int | None, value: Any, problem: str) -> Problem:
        if row is None:
            return Problem(self.file, None, self.column, None if value is None else shown(value),
                           problem)
        return Problem(self.file, self.line(row), self.column,
                       None if value is None else shown(value), problem, int(row))

    def error(self, rows: Sequence[int], values: Sequence[Any], problem: str | Sequence[str],
              kind: type[InputError] = InputError) -> InputError:
        texts = [problem] * len(rows) if isinstance(problem, str) else list(problem)
        return kind([self.problem(r, v, t) for r, v, t in zip(rows, values, texts)])
