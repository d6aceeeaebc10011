"""Write the same tables as analysts' files: CSV (en), CSV (vi numbers, day-first
dates, có/không, ';', cp1258), .xlsx and Parquet -- for the input-layer tests."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

FORMATS = ("csv_en", "csv_vi_cp1258", "xlsx", "parquet")


def cp1258(text: str) -> bytes:
    """As Windows writes Vietnamese in cp1258: precomposed letters where the code
    page has them, else the letter and a combining tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            out += unicodedata.normalize("NFC", parts[:-1]).encode("cp1258")
            out += parts[-1].encode("cp1258")
    return bytes(out)


def _number(x: object, vi: bool) -> str:
    if isinstance(x, (float, np.floating)) and not float(x).is_integer():
        text = f"{float(x):,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(x):,}"  # type: ignore[call-overload]
    return text.translate(str.maketrans(",.", ".,")) if vi else text


def _cell_text(x: object, vi: bool) -> str:
    if isinstance(x, (pd.Timestamp, dt.date)):
        return x.strftime("%d/%m/%Y") if vi else x.strftime("%Y-%m-%d")
    if isinstance(x, (bool, np.bool_)):
        return ("có" if x else "không") if vi else ("true" if x else "false")
    if isinstance(x, (int, float, np.integer, np.floating)):
        return _number(x, vi)
    return str(x)


def _xlsx_cell(x: object) -> object:
    if isinstance(x, pd.Timestamp):
        return x.to_pydatetime()
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, int) and abs(x) >= 2**53:
        return str(x)  # Excel numbers are doubles: such amounts must be typed as text
    return x


def write(frame: pd.DataFrame, path: Path, fmt: str) -> Path:
    """``frame`` written as ``fmt``; returns the file's path."""
    if fmt == "parquet":
        path = path.with_suffix(".parquet")
        frame.to_parquet(path, index=False)
    elif fmt == "xlsx":
        import openpyxl

        path = path.with_suffix(".xlsx")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Dữ liệu"
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False, name=None):
            sheet.append([_xlsx_cell(x) for x in row])
        book.save(path)
    else:
        vi = fmt == "csv_vi_cp1258"
        sep = ";" if vi else ","
        quote = lambda s: f'"{s}"' if sep in s else s  # noqa: E731
        lines = [sep.join(frame.columns)]
        plain = [c == "year" for c in frame.columns]  # nobody groups a year's digits
        lines += [sep.join(quote(str(x) if p else _cell_text(x, vi)) for x, p in zip(row, plain))
                  for row in frame.itertuples(index=False, name=None)]
        text = "\r\n".join(lines) + "\r\n"
        path = path.with_suffix(".csv")
        path.write_bytes(cp1258(text) if vi else text.encode("utf-8"))
    return path
