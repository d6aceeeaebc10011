"""Files as analysts have them: CSV in any of their encodings, Parquet, Excel .xlsx.

:func:`read_raw` returns the cells as written (text for CSV; typed cells for
Excel and Parquet) with each row's line in ``frame.attrs``; :func:`read_table`
then gives them the types of their kind of file through :func:`conform`.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .conform import LINES, SOURCE, conform
from .errors import InputError, Lines, Problem
from .schema import guess_kind

__all__ = ["ENCODINGS", "read_raw", "read_table"]

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1258", "cp1252")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_HINT = ("if it was saved by Excel or an older Windows program, name its encoding: "
         "encoding='cp1258' (Vietnamese Windows) or 'cp1252' (--encoding cp1258)")


def _fail(file: str, problem: str, line: int | None = None) -> InputError:
    return InputError([Problem(file, line, None, None, problem)])


def _encoding_of(head: bytes, encoding: str | None) -> str:
    if encoding:
        return encoding
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return "utf-8"


def _decode_problem(path: Path, file: str, encoding: str) -> InputError:
    data = path.read_bytes()
    try:
        data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        byte = data[err.start:err.start + 1].hex()
        nul = b"\x00" in data[:200]
        hint = ("it looks like UTF-16 without a byte-order mark: encoding='utf-16-le'"
                if nul else _HINT)
        return _fail(file, f"is not {encoding} text (byte 0x{byte}); {hint}", line)
    except LookupError:
        return _fail(file, f"unknown encoding {encoding!r}; use one of {', '.join(ENCODINGS)}")
    return _fail(file, f"cannot be read as {encoding} text; {_HINT}")


def _separator(first_line: str) -> str:
    """',' unless the header is split by ';' (Excel in Vietnamese locales) or tabs."""
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda s: (counts[s], s == ","))


def _read_csv_arrow(path: Path, enc: str, sep: str, header: str) -> pd.DataFrame | None:
    """Every cell as text, by Arrow's parallel reader; None where it cannot keep
    line numbers (blank lines, which it skips) or is not installed."""
    try:
        import pyarrow as pa
        from pyarrow import csv as pacsv
    except ImportError:  # pragma: no cover - pyarrow is optional
        return None
    if enc not in ("utf-8", "utf-8-sig", "cp1258", "cp1252"):
        return None
    data = path.read_bytes()
    if b"\n\n" in data or b"\n\r\n" in data or data.startswith((b"\n", b"\r\n")):
        return None
    names = next(csv.reader([header], delimiter=sep), [])
    table = pacsv.read_csv(
        pa.py_buffer(data), read_options=pacsv.ReadOptions(encoding=enc),
        parse_options=pacsv.ParseOptions(delimiter=sep),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, strings_can_be_null=False,
            quoted_strings_can_be_null=False))
    return table.to_pandas()


def _read_csv(path: Path, file: str, encoding: str | None) -> pd.DataFrame:
    with open(path, "rb") as handle:
        head = handle.read(65536)
    enc = _encoding_of(head, encoding)
    try:
        first = head.decode(enc, errors="ignore").lstrip("\ufeff").splitlines()
        header = first[0] if first else ""
        sep = _separator(header)
        frame = _read_csv_arrow(path, enc, sep, header)
        if frame is not None:  # no blank lines: row i is on line i + 2
            frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
            frame.attrs[LINES] = Lines(np.arange(2, len(frame) + 2))
            return frame
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False,
                            skip_blank_lines=False, encoding=enc, sep=sep)
    except UnicodeError:
        raise _decode_problem(path, file, enc) from None
    except LookupError:
        raise _decode_problem(path, file, enc) from None
    except pd.errors.EmptyDataError:
        raise _fail(file, "is empty: a header line is needed") from None
    except (pd.errors.ParserError, ValueError) as err:  # Arrow's ArrowInvalid is a ValueError
        if isinstance(err, UnicodeError) or "UTF8" in str(err):
            raise _decode_problem(path, file, enc) from None
        raise _fail(file, f"is not a well-formed CSV table: {err}") from None
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    lines = np.arange(2, len(frame) + 2)
    if len(frame.columns):
        blank = np.logical_and.reduce([(frame[c] == "").to_numpy() for c in frame.columns])
        if blank.any():
            frame, lines = frame[~blank].reset_index(drop=True), lines[~blank]
    frame.attrs[LINES] = Lines(lines)
    return frame


def _read_xlsx(path: Path, file: str, sheet: str | int | None) -> tuple[pd.DataFrame, str]:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - depends on the installation
        raise _fail(file, "reading .xlsx needs python-calamine: pip install "
                    "'chitieu[excel]'") from None
    book = CalamineWorkbook.from_path(str(path))
    names = list(book.sheet_names)
    if sheet is None:
        name = names[0]
    elif isinstance(sheet, int) or (str(sheet).isdigit() and str(sheet) not in names):
        if not 0 <= int(sheet) < len(names):
            raise _fail(file, f"has no sheet number {sheet}; its sheets: {', '.join(names)}")
        name = names[int(sheet)]
    elif sheet in names:
        name = str(sheet)
    else:
        raise _fail(file, f"has no sheet {sheet!r}; its sheets: {', '.join(names)}")
    rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    label = f"{file} (sheet {name})"
    filled = [k for k, row in enumerate(rows) if any(c != "" for c in row)]
    if not filled:
        raise _fail(label, "is empty: a header row is needed")
    top = filled[0]
    header = [str(c).strip() for c in rows[top]]
    while header and header[-1] == "":
        header.pop()
    body = [k for k in filled if k > top]
    # Columns typed by their cells (all numbers: float64); mixed ones stay objects.
    frame = pd.DataFrame([rows[k][:len(header)] for k in body], columns=header)
    frame.attrs[LINES] = Lines(np.asarray(body, dtype=np.int64) + 1)  # Excel counts from 1
    return frame, label


def read_raw(path: str | os.PathLike[str], *, sheet: str | int | None = None,
             encoding: str | None = None) -> pd.DataFrame:
    """The cells of a CSV, Parquet or .xlsx file, as written, with their lines.

    CSV cells are text; blank lines are skipped but counted, so each row keeps
    the line an editor shows (header = line 1).
    """
    file = os.fspath(path)
    p = Path(file)
    if not p.is_file():
        raise _fail(file, "not found")
    suffix = p.suffix.lower()
    label = file
    if suffix in (".parquet", ".pq"):
        frame = pd.read_parquet(p)
    elif suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        frame, label = _read_xlsx(p, file, sheet)
    elif suffix in (".csv", ".txt", ".tsv", ".gz"):
        frame = _read_csv(p, file, encoding)
    else:
        raise _fail(file, f"unknown format {suffix!r}: use .csv, .xlsx or .parquet")
    frame.attrs[SOURCE] = label
    return frame


def read_table(path: str | os.PathLike[str], kind: str | None = None, *,
               sheet: str | int | None = None, encoding: str | None = None,
               number_format: str = "auto", hierarchy: Any = None) -> pd.DataFrame:
    """A file of ``kind`` (observations, catalog, hierarchy, plan, allocations,
    payments, schedule; guessed from the header when None), read and typed.

    Raises :class:`InputError` listing every problem found, each with file,
    line, column and value.
    """
    frame = read_raw(path, sheet=sheet, encoding=encoding)
    label = frame.attrs[SOURCE]
    kind = kind or guess_kind([str(c) for c in frame.columns])
    if kind is None:
        raise _fail(label, "cannot tell what kind of file this is from its header "
                    f"({', '.join(map(str, frame.columns))}); name it, e.g. observations=FILE")
    if len(frame) == 0:
        raise _fail(label, f"has no data rows (only a header); an empty {kind} file is "
                    "refused rather than read as zeros")
    return conform(frame, kind, hierarchy=hierarchy, number_format=number_format)
