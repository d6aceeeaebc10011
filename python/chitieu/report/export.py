"""Files a department opens: CSV for Excel, an .xlsx workbook, a .docx document.

Tables arrive as DataFrames of real numbers (no text in number columns); each
writer only moves them, with Vietnamese headers and number formats.

>>> write_csv(pd.DataFrame({"a": [1.5]}), "t.csv", sep=";", decimal=",")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["number_format", "write_csv", "write_docx", "write_xlsx"]


def write_csv(frame: pd.DataFrame, path: Any, *, bom: bool = True, sep: str = ",",
              decimal: str = ".") -> Path:
    """A CSV that Excel opens with its diacritics intact: UTF-8 with a BOM by
    default; ``sep=";", decimal=","`` for an Excel set to Vietnamese (or any
    comma-decimal locale). Numbers are written in full, not rounded.

    >>> import tempfile, os
    >>> p = write_csv(pd.DataFrame({"x": [1.5]}), os.path.join(tempfile.mkdtemp(), "a.csv"),
    ...               sep=";", decimal=",")
    >>> p.read_bytes()
    b'\\xef\\xbb\\xbfx\\r\\n1,5\\r\\n'
    """
    if sep == decimal:
        raise ValueError(f"the separator and the decimal mark are both {sep!r}")
    path = Path(path)
    frame.to_csv(path, index=False, sep=sep, decimal=decimal, lineterminator="\r\n",
                 encoding="utf-8-sig" if bom else "utf-8")
    return path


def number_format(column: pd.Series, name: str) -> str | None:
    """The Excel number format of a column: whole numbers grouped, others two
    decimals (Excel shows the groups and decimal mark of the reader's locale:
    "9.997" and "41,65" in Vietnamese)."""
    if pd.api.types.is_bool_dtype(column.dtype) or not pd.api.types.is_numeric_dtype(column.dtype):
        return None
    values = column.dropna()
    whole = pd.api.types.is_integer_dtype(column.dtype) or bool(
        len(values) and (values == values.round()).all() and "%" not in name)
    return "#,##0" if whole else "#,##0.00"


def _cell_value(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return value


def write_xlsx(tables: Mapping[str, pd.DataFrame], path: Any) -> Path:
    """One sheet per table (sheet names cut to Excel's 31 characters): real
    numbers with grouped number formats, a bold frozen header, an autofilter
    and column widths that fit the longest text (up to 60 characters)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, frame in tables.items():
        sheet = book.create_sheet(title[:31])
        sheet.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            sheet.append([_cell_value(v) for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        if len(frame.columns):
            sheet.auto_filter.ref = sheet.dimensions
        for i, name in enumerate(frame.columns, start=1):
            column = frame[name]
            fmt = number_format(column, str(name))
            letter = get_column_letter(i)
            if fmt:
                for cell in sheet[letter][1:]:
                    cell.number_format = fmt
            longest = max([len(str(v)) for v in column.dropna().head(500)] + [10])
            sheet.column_dimensions[letter].width = min(60, max(longest, len(str(name)) // 2) + 2)
    path = Path(path)
    book.save(path)
    return path


def write_docx(title: str, sections: list[tuple[str, Any]], path: Any) -> Path:
    """A Word document: the title, then per section a heading and its content:
    text (paragraphs split on blank lines) or a DataFrame of display strings,
    written as a table the department edits into its báo cáo."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(12)
    document.add_heading(title, level=0)
    for heading, content in sections:
        document.add_heading(heading, level=1)
        if isinstance(content, pd.DataFrame):
            table = document.add_table(rows=1, cols=len(content.columns))
            table.style = "Table Grid"
            for cell, name in zip(table.rows[0].cells, content.columns):
                cell.text = str(name)
            for row in content.itertuples(index=False, name=None):
                cells = table.add_row().cells
                for cell, value in zip(cells, row):
                    cell.text = "" if value is None or (not isinstance(value, str) and
                                                        pd.isna(value)) else str(value)
        else:
            for paragraph in str(content).split("\n\n"):
                document.add_paragraph(paragraph)
    path = Path(path)
    document.save(path)
    return path
