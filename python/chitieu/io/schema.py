"""The columns of each kind of input file and what each column holds.

One table, read by the file reader, the ``from_frame`` readers and
``chitieu validate`` alike, so a column means the same wherever it comes in.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KINDS", "Column", "guess_kind"]

# What a column holds: code (text id), unit (a code of the hierarchy), text,
# number (float, or int64 when whole), money (whole đồng, int64), integer, year,
# date, boolean.
TYPES = ("code", "unit", "text", "number", "money", "integer", "year", "date", "boolean")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = True  # the file must have the column
    blank_ok: bool = False  # a cell may be blank


def _opt(name: str, type_: str) -> Column:
    return Column(name, type_, required=False, blank_ok=True)


_CATALOG_TEXT = ("name", "unit", "value_type", "direction", "preset", "time_rule",
                 "space_rule", "formula", "cumulative")

KINDS: dict[str, tuple[Column, ...]] = {
    "observations": (Column("indicator", "code"), Column("unit", "unit"),
                     Column("period", "code"), Column("value", "number"),
                     _opt("revision", "number")),
    "catalog": (Column("code", "code"), *(_opt(n, "text") for n in _CATALOG_TEXT)),
    "hierarchy": (Column("code", "code"), Column("name", "text"), Column("level", "code"),
                  Column("parent_code", "code", blank_ok=True)),
    "plan": (Column("indicator", "code"), Column("unit", "unit"), Column("period", "code"),
             Column("kind", "code"), _opt("bound", "code"), _opt("target", "number"),
             _opt("lo", "number"), _opt("hi", "number"), _opt("baseline_period", "code"),
             _opt("change_unit", "code"), _opt("version", "code"),
             _opt("effective_date", "date")),
    "allocations": (Column("programme", "code"), Column("source", "code"),
                    Column("unit", "unit"), Column("year", "year"), Column("amount", "money"),
                    _opt("effective_date", "date")),
    "payments": (Column("date", "date"), Column("programme", "code"), Column("source", "code"),
                 Column("unit", "unit"), Column("amount", "money"),
                 _opt("beneficiaries", "integer"), _opt("reversal", "boolean")),
    "schedule": (Column("share", "number"), _opt("month", "code"), _opt("period", "code"),
                 _opt("programme", "code"), _opt("unit", "unit")),
}

# The column that tells each kind apart, tried in this order.
_SIGNATURES = (("payments", {"date", "amount"}), ("allocations", {"year", "amount"}),
               ("plan", {"kind", "period"}), ("observations", {"value", "period"}),
               ("hierarchy", {"parent_code"}), ("schedule", {"share"}),
               ("catalog", {"code"}))


def guess_kind(columns: list[str]) -> str | None:
    """The kind of file with these header names, or None.

    >>> guess_kind(["date", "programme", "source", "unit", "amount"])
    'payments'
    """
    have = set(columns)
    for kind, needs in _SIGNATURES:
        if needs <= have:
            return kind
    return None
