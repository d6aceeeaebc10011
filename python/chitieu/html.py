"""Self-contained HTML: compact tables for notebooks and the report file.

Charts are embedded as base64 PNG so a report is one file that opens offline.
"""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["HtmlReport", "figure_data_uri", "repr_html", "table_html"]

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
     max-width:1100px;color:#1f2328;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.2rem;margin-top:2rem;
   border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
p.meta{color:#57606a;margin-top:0}
table.chitieu{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
table.chitieu th{background:#f6f8fa;text-align:left;padding:3px 8px;border-bottom:2px solid #d0d7de}
table.chitieu td{padding:2px 8px;border-bottom:1px solid #eaeef2;max-width:22rem}
table.chitieu caption{text-align:left;font-weight:600;padding:.3rem 0}
table.chitieu th.num{text-align:right}
table.chitieu td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.chitieu td.met,table.chitieu td.on_track,table.chitieu td.at_risk,
table.chitieu td.off_track{white-space:nowrap}
ul.story{line-height:1.5;padding-left:1.2rem} ul.story li{margin:.15rem 0}
table.chitieu td:first-child{white-space:nowrap}
img.chart{max-width:100%;border:1px solid #eaeef2;margin:.5rem 0}
.met,.on_track{color:#1a7f37} .at_risk{color:#9a6700} .off_track{color:#cf222e}
p.story{line-height:1.5;text-align:justify}
"""


_STATUS = {"met", "on_track", "at_risk", "off_track"}
# The report's words for them (chitieu.text.words.STATUS_WORDS) take the same colours.
_STATUS_CSS = {"đạt kế hoạch": "met", "vượt kế hoạch": "met", "đúng tiến độ": "on_track",
               "chậm tiến độ": "at_risk", "không đạt tiến độ": "off_track", "on track": "on_track",
               "at risk": "at_risk", "off track": "off_track"}


def _cell(value: Any, decimals: int = 2) -> tuple[str, str]:
    """(text, css class) for one cell: numbers right-aligned with thousands
    separators, missing values blank, status words in their colour."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return "", "num"
    if isinstance(value, (bool, np.bool_)):
        return ("yes" if value else "no"), ""
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}", "num"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):,.{decimals}f}", "num"
    text = str(value)
    return text, (text if text in _STATUS else _STATUS_CSS.get(text, ""))


def _decimals(column: pd.Series) -> int:
    """0 for a float column of whole numbers (counts, đồng), else 2."""
    if not pd.api.types.is_float_dtype(column.dtype):
        return 2
    values = column.to_numpy(dtype=float, na_value=np.nan)
    values = values[np.isfinite(values)]
    return 0 if len(values) and bool((values == np.round(values)).all()) else 2


# Figures already written as text ("9.997", "41,65", "-2,5"): right-aligned too.
_WRITTEN_NUMBER = re.compile(r"-?\d[\d.,]*([ \u00a0]?(%|điểm[ \u00a0]%|pp))?")


def _numeric(column: pd.Series) -> bool:
    """Numbers only (an object column may mix ints and floats, e.g. counts and rates)."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return False
    if pd.api.types.is_numeric_dtype(column.dtype):
        return True
    values = column.dropna()
    if len(values) and all(isinstance(v, str) for v in values):
        texts = [v for v in values if v]
        return bool(texts) and all(_WRITTEN_NUMBER.fullmatch(v) for v in texts)
    return column.dtype == object and len(values) > 0 and all(
        isinstance(v, (int, float, np.integer, np.floating))
        and not isinstance(v, (bool, np.bool_)) for v in values)


def table_html(frame: pd.DataFrame, max_rows: int = 20, caption: str | None = None) -> str:
    """A compact styled HTML table of at most ``max_rows`` rows (head and tail).

    Float columns of whole numbers show no decimals, others two; numeric columns
    are right-aligned; ``status`` words (met, on_track, at_risk, off_track) are
    coloured by the stylesheet of :class:`HtmlReport` and :func:`repr_html`.

    >>> print(table_html(pd.DataFrame({"a": [1.0, 2.5]})))  # doctest: +ELLIPSIS
    <table class="chitieu"><thead><tr><th class="num">a</th>...<td class="num">2.50</td>...
    """
    shown = frame
    elided = 0
    if len(frame) > max_rows:
        half = max_rows // 2
        shown = pd.concat([frame.head(half), frame.tail(max_rows - half)])
        elided = len(frame) - max_rows
    decimals = [_decimals(frame[c]) for c in frame.columns]
    numeric = [_numeric(frame[c]) for c in frame.columns]
    parts = ['<table class="chitieu">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    head = ("<th class=\"num\">" if num else "<th>" for num in numeric)
    parts.append("<thead><tr>" + "".join(
        f"{th}{html.escape(str(c))}</th>" for th, c in zip(head, shown.columns))
        + "</tr></thead><tbody>")
    for i, row in enumerate(shown.itertuples(index=False)):
        if elided and i == max_rows // 2:
            parts.append(f'<tr><td colspan="{len(shown.columns)}">… {elided:,} more rows …'
                         "</td></tr>")
        cells = []
        for value, places, num in zip(row, decimals, numeric):
            text, css = _cell(value, places)
            css = "num" if num and isinstance(value, str) else css
            cls = f' class="{css}"' if css else ""
            cells.append(f"<td{cls}>{html.escape(text)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    if len(frame) > max_rows:
        parts.append(f"<p class=\"meta\">{len(frame):,} rows × {len(frame.columns)} columns</p>")
    return "".join(parts)


# The table rules alone, scoped to a wrapper, so a notebook's own styles are untouched.
_REPR_STYLE = (
    ".chitieu-repr table.chitieu{border-collapse:collapse;font-size:12px;margin:.3rem 0}"
    ".chitieu-repr table.chitieu th{text-align:left;padding:2px 8px;"
    "border-bottom:2px solid #d0d7de}"
    ".chitieu-repr table.chitieu td{padding:1px 8px;border-bottom:1px solid #eaeef2}"
    ".chitieu-repr table.chitieu th.num{text-align:right}"
    ".chitieu-repr table.chitieu td.num{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}"
    ".chitieu-repr .met,.chitieu-repr .on_track{color:#1a7f37}"
    ".chitieu-repr .at_risk{color:#9a6700}.chitieu-repr .off_track{color:#cf222e}"
    ".chitieu-repr p.meta{color:#57606a;margin:0}"
)


def repr_html(frame: pd.DataFrame, title: str, max_rows: int = 20) -> str:
    """The ``_repr_html_`` of chitieu's result objects: a title line and a compact
    table (head and tail), styled with rules scoped to this one output.

    >>> print(repr_html(pd.DataFrame({"a": [1]}), "Result: 1 row"))  # doctest: +ELLIPSIS
    <div class="chitieu-repr"><style>...</style><p><b>Result: 1 row</b></p><table ...
    """
    return (f'<div class="chitieu-repr"><style>{_REPR_STYLE}</style>'
            f"<p><b>{html.escape(title)}</b></p>{table_html(frame, max_rows=max_rows)}</div>")


def figure_data_uri(figure: Any, dpi: int = 110) -> str:
    """A matplotlib figure as a ``data:image/png;base64,...`` URI.

    >>> from matplotlib.figure import Figure
    >>> figure_data_uri(Figure()).startswith("data:image/png;base64,")
    True
    """
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
        """Start a section (``<h2>``).

        >>> r = HtmlReport("t"); r.heading("Nation"); "<h2>Nation</h2>" in r.render()
        True
        """
        self._blocks.append(f"<h2>{html.escape(text)}</h2>")

    def story(self, text: str) -> None:
        """Narrative paragraphs (split on blank lines), justified like a report."""
        for paragraph in text.split("\n\n"):
            self._blocks.append(f'<p class="story">{html.escape(paragraph)}</p>')

    def points(self, lead: str, items: list[str]) -> None:
        """A lead line and one bullet per item (one sentence per indicator)."""
        bullets = "".join(f"<li>{html.escape(i)}</li>" for i in items)
        self._blocks.append(f'<p class="story">{html.escape(lead)}</p>'
                            f'<ul class="story">{bullets}</ul>')

    def paragraph(self, text: str) -> None:
        """A paragraph of plain text (escaped).

        >>> r = HtmlReport("t"); r.paragraph("a < b"); "<p>a &lt; b</p>" in r.render()
        True
        """
        self._blocks.append(f"<p>{html.escape(text)}</p>")

    def table(self, frame: pd.DataFrame, max_rows: int = 70, caption: str | None = None) -> None:
        """A DataFrame as a compact table (see :func:`table_html`).

        >>> r = HtmlReport("t"); r.table(pd.DataFrame({"n": [1]}), caption="c")
        >>> "<caption>c</caption>" in r.render()
        True
        """
        self._blocks.append(table_html(frame, max_rows=max_rows, caption=caption))

    def figure(self, figure: Any, alt: str) -> None:
        """A matplotlib figure, embedded as a base64 PNG.

        >>> from matplotlib.figure import Figure
        >>> r = HtmlReport("t"); r.figure(Figure(), alt="empty")
        >>> 'alt="empty" src="data:image/png;base64,' in r.render()
        True
        """
        uri = figure_data_uri(figure)
        self._blocks.append(f'<img class="chart" alt="{html.escape(alt)}" src="{uri}">')

    def render(self) -> str:
        """The whole document: one HTML string with its stylesheet inline.

        >>> HtmlReport("t").render().startswith("<!DOCTYPE html>")
        True
        """
        meta = f'<p class="meta">{html.escape(self.subtitle)}</p>' if self.subtitle else ""
        return (
            "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(self.title)}</title><style>{_STYLE}</style></head>"
            f"<body><h1>{html.escape(self.title)}</h1>{meta}{''.join(self._blocks)}"
            "</body></html>"
        )

    def write(self, path: Any) -> None:
        """Write :meth:`render` to ``path`` as UTF-8.

        >>> HtmlReport("t").write("report.html")  # doctest: +SKIP
        """
        from pathlib import Path

        Path(path).write_text(self.render(), encoding="utf-8")
