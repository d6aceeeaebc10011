"""The checker's HTML page: the report's text with every figure marked
(flagged ones in colour, the arithmetic on hover) and the table of checks.
One self-contained file."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .result import CheckResult

__all__ = ["result_html"]

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
     max-width:1000px;color:#1f2328;padding:0 1rem;line-height:1.5}
h1{font-size:1.5rem} h2{font-size:1.15rem;border-bottom:1px solid #d0d7de;margin-top:2rem}
mark{background:#eef1f4;border-radius:3px;padding:0 2px}
mark.inconsistent{background:#ffcecb;outline:2px solid #cf222e}
mark.rounding{background:#fff1b8;outline:1px solid #9a6700}
mark.ok{background:#dafbe1} mark.cannot{background:#eef1f4;border-bottom:2px dotted #57606a}
table{border-collapse:collapse;font-size:.85rem} td,th{padding:3px 8px;
  border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
th{background:#f6f8fa} td.inconsistent{color:#cf222e;font-weight:600}
td.rounding{color:#9a6700;font-weight:600} td.ok{color:#1a7f37}
p.text{white-space:pre-wrap}
"""


def _css(verdict: str) -> str:
    return {"cannot check": "cannot"}.get(verdict, verdict)


def result_html(result: CheckResult, *, title: str | None = None) -> str:
    """The page for ``result``: a summary, the annotated text, the checks."""
    doc = result.document
    worst = result.worst()
    pieces, pos = [], 0
    for loc in result.extraction.figures:
        fig = loc.fig
        if fig.start < pos:
            continue
        finding = worst.get(loc.id)
        verdict = finding.verdict if finding else ""
        tip = f"{fig.kind}: {loc.phrase}" + (f" — {verdict}: {finding.arithmetic}. {finding.note}"
                                              if finding else "")
        pieces.append(html.escape(doc.text[pos:fig.start]))
        pieces.append(f'<mark class="{_css(verdict)}" id="f{loc.id}" title="{html.escape(tip)}">'
                      f"{html.escape(doc.text[fig.start:fig.end])}</mark>")
        pos = fig.end
    pieces.append(html.escape(doc.text[pos:]))
    rows = []
    for _, row in result.findings().iterrows():
        first = row["figures"].split(",")[0]
        rows.append(f'<tr><td class="{_css(row["verdict"])}">{html.escape(row["verdict"])}</td>'
                    f'<td><a href="#f{first}">{html.escape(row["texts"])}</a></td>'
                    f"<td>{html.escape(row['check'])}</td><td>{html.escape(row['arithmetic'])}</td>"
                    f"<td>{html.escape(row['note'])}</td></tr>")
    flagged = len(result.flagged)
    heading = html.escape(title or f"Figures of {doc.name}")
    summary = (f"{len(result.extraction.figures)} figures, {len(result.findings_list)} checks, "
               f"{flagged} flagged ({sum(f.verdict == 'inconsistent' for f in result.findings_list)}"
               " inconsistent).")
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{heading}</title>'
            f"<style>{_STYLE}</style></head><body><h1>{heading}</h1><p>{summary}</p>"
            "<h2>Checks</h2><table><tr><th>verdict</th><th>figures</th><th>check</th>"
            f"<th>arithmetic</th><th>note</th></tr>{''.join(rows)}</table>"
            f'<h2>Text</h2><p class="text">{"".join(pieces)}</p></body></html>')
