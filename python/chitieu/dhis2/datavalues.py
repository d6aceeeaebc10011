"""DHIS2 dataValueSets in JSON and CSV, as a frame of DHIS2's own columns.

The frame has one row per data value and the columns of :data:`COLUMNS` (text,
``followup`` boolean), plus ``deleted`` when the source has it. Its index is
the value's place in the source (CSV: the file line; JSON: the position in
``dataValues``) and ``frame.attrs["source"]`` names the source, so later
errors can say where a value came from. Nothing is converted here: ids stay
DHIS2 uids, periods DHIS2 ids, values text (see :mod:`chitieu.dhis2.mapping`).

>>> frame = read_json({"dataValues": [{"dataElement": "fbfJHSPpUQD", "period": "202306",
...     "orgUnit": "uNEhNuBUr0i", "value": "10"}]})
>>> frame.loc[0, ["dataElement", "period", "value"]].tolist()
['fbfJHSPpUQD', '202306', '10']
>>> print(write_csv(frame).splitlines()[1])
fbfJHSPpUQD,202306,uNEhNuBUr0i,,,10,,,,false
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["COLUMNS", "CSV_COLUMNS", "read_csv", "read_json", "write_csv", "write_json"]

#: The fields of a DHIS2 data value, in DHIS2's JSON spelling.
COLUMNS = ["dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo",
           "value", "storedBy", "created", "lastUpdated", "comment", "followup"]

#: DHIS2's CSV columns, in its positional order (a file without a header is read
#: by position). DHIS2's CSV has no ``created``.
CSV_COLUMNS = ["dataElement", "period", "orgUnit", "categoryOptionCombo",
               "attributeOptionCombo", "value", "storedBy", "lastUpdated", "comment",
               "followup", "deleted"]

# CSV header spellings (lower case) -> JSON field names.
_CSV_NAMES = {c.lower(): c for c in CSV_COLUMNS + ["created"]}
_CSV_NAMES.update({"catoptcombo": "categoryOptionCombo", "attroptcombo": "attributeOptionCombo",
                   "timestamp": "lastUpdated"})

# Fields a dataValueSet header may give for all its values.
_SET_DEFAULTS = ("period", "orgUnit", "attributeOptionCombo")

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}


def _flag(text: Any, source: str, where: Any, column: str) -> bool:
    if isinstance(text, bool):
        return text
    word = "" if text is None else str(text).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"{source}, {where}, column {column}: {text!r} is not true or false")


def _frame(records: list[dict[str, Any]], index: list[int], source: str,
           where: str) -> pd.DataFrame:
    columns = COLUMNS + (["deleted"] if any("deleted" in r for r in records) else [])
    data: dict[str, list[Any]] = {c: [] for c in columns}
    for record, at in zip(records, index):
        for c in columns:
            value = record.get(c)
            if c in ("followup", "deleted"):
                data[c].append(_flag(value, source, f"{where} {at}", c))
            else:
                data[c].append("" if value is None else str(value))
    frame = pd.DataFrame(data, index=pd.Index(index, name=where))
    frame.attrs["source"] = source
    return frame


def read_json(source: Any) -> pd.DataFrame:
    """A dataValueSet from a JSON file path, JSON text or the parsed object
    (``{"dataValues": [...]}``, optionally with set-wide ``period``, ``orgUnit``
    and ``attributeOptionCombo``). Index: the position in ``dataValues``."""
    name = "dataValueSet"
    if isinstance(source, (str, os.PathLike)) and not str(source).lstrip().startswith("{"):
        name = str(source)
        obj = json.loads(Path(source).read_text(encoding="utf-8"))
    elif isinstance(source, str):
        obj = json.loads(source)
    else:
        obj = source
    if not isinstance(obj, dict) or not isinstance(obj.get("dataValues", []), list):
        raise ValueError(f"{name}: not a dataValueSet (expected an object with 'dataValues')")
    defaults = {k: obj[k] for k in _SET_DEFAULTS if obj.get(k)}
    records = [{**defaults, **{k: v for k, v in r.items() if v is not None}}
               for r in obj.get("dataValues", [])]
    return _frame(records, list(range(len(records))), name, "entry")


def read_csv(source: Any) -> pd.DataFrame:
    """A dataValueSet from DHIS2 CSV (a path, or text containing a newline).
    With a header row the columns are found by name (any case; ``timestamp``
    is ``lastUpdated``); without one, by DHIS2's position. Short rows are
    padded with empty fields; a row longer than the header is an error naming
    its line. Index: the line number in the file."""
    if isinstance(source, str) and "\n" in source:
        name, text = "dataValueSet CSV", source
    else:
        name, text = str(source), Path(source).read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    rows = [(reader.line_num, row) for row in reader if row]
    header, named = CSV_COLUMNS, False
    if rows and "dataelement" in [c.strip().lower() for c in rows[0][1]]:
        names = [c.strip().lower() for c in rows[0][1]]
        unknown = [c for c in names if c not in _CSV_NAMES]
        if unknown:
            raise ValueError(f"{name}, line {rows[0][0]}: unknown column(s) {unknown}")
        header, named = [_CSV_NAMES[c] for c in names], True
        rows = rows[1:]
    records, lines = [], []
    for line, row in rows:
        if len(row) > len(header):
            raise ValueError(f"{name}, line {line}: {len(row)} fields, the header has "
                             f"{len(header)}")
        # Named columns a row lacks are empty; without a header a row has
        # only the columns it reaches (so no "deleted" unless given).
        padding = [""] * (len(header) - len(row)) if named else []
        records.append(dict(zip(header, row + padding)))
        lines.append(line)
    return _frame(records, lines, name, "line")


def _text_rows(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    missing = [c for c in ("dataElement", "period", "orgUnit", "value") if c not in frame]
    if missing:
        raise ValueError(f"a dataValueSet frame needs column(s) {missing}; it has "
                         f"{list(frame.columns)}")
    present = [c for c in columns if c in frame]
    rows = []
    for record in frame[present].to_dict("records"):
        rows.append({c: v for c, v in record.items()
                     if not (v is None or v == "" or (isinstance(v, float) and v != v))})
    return rows


def write_json(frame: pd.DataFrame, path: Any = None, **header: Any) -> dict[str, Any]:
    """The dataValueSet object (``{"dataValues": [...]}``, empty fields left
    out, ``followup`` boolean); ``header`` adds set fields such as ``dataSet``
    or ``completeDate``. Written as JSON to ``path`` when given."""
    values = []
    for row in _text_rows(frame, COLUMNS):
        if "followup" in row:
            row["followup"] = bool(row["followup"])
        values.append(row)
    obj = {**header, "dataValues": values}
    if path is not None:
        Path(path).write_text(json.dumps(obj, ensure_ascii=False, indent=1), encoding="utf-8")
    return obj


def write_csv(frame: pd.DataFrame, path: Any = None) -> str:
    """DHIS2 CSV with a header (dataelement, period, orgunit,
    categoryoptioncombo, attributeoptioncombo, value, storedby, lastupdated,
    comment, followup); returns the text and writes it to ``path`` when given."""
    columns = CSV_COLUMNS[:-1]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.lower() for c in columns])
    for row in _text_rows(frame, columns):
        flag = row.get("followup", False)
        row["followup"] = "true" if flag is True or str(flag).lower() == "true" else "false"
        writer.writerow([row.get(c, "") for c in columns])
    text = out.getvalue()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
