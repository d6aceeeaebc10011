"""Self-contained HTML: compact tables for notebooks and the report file.

Charts are embedded as base64 PNG so a report is one file that opens offline.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["table_html", "figure_data_uri", "HtmlReport"]

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
     max-width:1100px;color:#1f2328;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.2rem;margin-top:2rem;
   border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
p.meta{color:#57606a;margin-top:0}
table.chitieu{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
table.chitieu th{background:#f6f8fa;text-align:left;padding:3px 8px;border-bottom:2px solid #d0d7de}
table.chitieu td{padding:2px 8px;border-bottom:1px solid #eaeef2}
table.chitieu td.num{text-align:right;font-variant-numeric:tabular-nums}
img.chart{max-width:100%;border:1px solid #eaeef2;margin:.5rem 0}
.met,.on_track{color:#1a7f37} .at_risk{color:#9a6700} .off_track{color:#cf222e}
"""


def _cell(value: Any) -> tuple[str, str]:
    """(text, css class) for one cell: numbers right-aligned, Vietnamese-style
    thousands are not imposed; status words get their colour."""
    if value is None or (isinstance(value, float) and value != value):
        return "", "num"
    if isinstance(value, bool):
        return ("yes" if value else "no"), ""
    if isinstance(value, int) or (hasattr(value, "dtype") and "int" in str(value.dtype)):
        return f"{int(value):,}", "num"
    if isinstance(value, float) or (hasattr(value, "dtype") and "float" in str(value.dtype)):
        return f"{float(value):,.2f}", "num"
    text = str(value)
    if text in {"met", "on_track", "at_risk", "off_track"}:
        return text, text
    return text, ""


def table_html(frame: pd.DataFrame, max_rows: int = 20, caption: str | None = None) -> str:
    """A compact styled HTML table of at most ``max_rows`` rows (head and tail).

    >>> print(table_html(pd.DataFrame({"a": [1, 2]})))  # doctest: +ELLIPSIS
    <table class="chitieu">...
    """
    shown = frame
    elided = 0
    if len(frame) > max_rows:
        half = max_rows // 2
        shown = pd.concat([frame.head(half), frame.tail(max_rows - half)])
        elided = len(frame) - max_rows
    parts = ['<table class="chitieu">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(
        f"<th>{html.escape(str(c))}</th>" for c in shown.columns) + "</tr></thead><tbody>")
    for i, row in enumerate(shown.itertuples(index=False)):
        if elided and i == max_rows // 2:
            parts.append(f'<tr><td colspan="{len(shown.columns)}">… {elided:,} more rows …'
                         "</td></tr>")
        cells = []
        for value in row:
            text, css = _cell(value)
            cls = f' class="{css}"' if css else ""
            cells.append(f"<td{cls}>{html.escape(text)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    if len(frame) > max_rows:
        parts.append(f"<p class=\"meta\">{len(frame):,} rows × {len(frame.columns)} columns</p>")
    return "".join(parts)


def figure_data_uri(figure: Any, dpi: int = 110) -> str:
    """A matplotlib figure as a ``data:image/png;base64,...`` URI."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@dataclass
class HtmlReport:
    """An ordered list of headings, paragraphs, tables and charts, written as one file.

    >>> report = HtmlReport("Báo cáo 6 tháng đầu năm 2020")
    >>> report.heading("Tiến độ")
    >>> "Tiến độ" in report.render()
    True
    """

    title: str
    subtitle: str = ""
    _blocks: list[str] = field(default_factory=list)

    def heading(self, text: str) -> None:
        self._blocks.append(f"<h2>{html.escape(text)}</h2>")

    def paragraph(self, text: str) -> None:
        self._blocks.append(f"<p>{html.escape(text)}</p>")

    def table(self, frame: pd.DataFrame, max_rows: int = 70, caption: str | None = None) -> None:
        self._blocks.append(table_html(frame, max_rows=max_rows, caption=caption))

    def figure(self, figure: Any, alt: str) -> None:
        uri = figure_data_uri(figure)
        self._blocks.append(f'<img class="chart" alt="{html.escape(alt)}" src="{uri}">')

    def render(self) -> str:
        meta = f'<p class="meta">{html.escape(self.subtitle)}</p>' if self.subtitle else ""
        return (
            "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(self.title)}</title><style>{_STYLE}</style></head>"
            f"<body><h1>{html.escape(self.title)}</h1>{meta}{''.join(self._blocks)}"
            "</body></html>"
        )

    def write(self, path: Any) -> None:
        from pathlib import Path

        Path(path).write_text(self.render(), encoding="utf-8")
