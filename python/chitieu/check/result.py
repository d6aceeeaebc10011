"""The checker's result: figures with verdicts, findings, and their output
as a printed table, CSV and HTML.

>>> r = check("Hoàn thành 120/195 nhiệm vụ, đạt 61,53% kế hoạch; tuyển sinh 4.502 người.")
>>> r.table()[["text", "verdict"]].values.tolist()
[['120/195 nhiệm vụ', 'rounding'], ['61,53%', 'rounding'], ['4.502 người', '']]
>>> r.has_inconsistent
False
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .._arrow import ArrowExport
from .checks import VERDICTS, Finding, run_checks
from .document import Document
from .extract import Extraction, extract_figures

__all__ = ["CheckResult", "check"]

_RANK = {v: i for i, v in enumerate(VERDICTS)}
FLAGGED = ("inconsistent", "rounding")


class CheckResult(ArrowExport):
    """Figures, findings and verdicts of one report.

    * :meth:`figures` (also :meth:`to_pandas`, ``to_arrow()``, ``len()``) — every
      figure (the columns of :func:`extract`) with its ``verdict`` (the worst
      finding it takes part in, "" when none) and the ``check`` and
      ``arithmetic`` of that finding;
    * :meth:`findings` — one row per check;
    * :meth:`table` — the figures, flagged ones first (the CLI prints it);
    * :meth:`to_html`, :meth:`write`.
    """

    def __init__(self, extraction: Extraction, findings: list[Finding]) -> None:
        self.extraction = extraction
        self.findings_list = findings

    @property
    def document(self) -> Document:
        return self.extraction.doc

    def findings(self) -> pd.DataFrame:
        """One row per check: check, figure ids, the texts, verdict, arithmetic, note."""
        rows = []
        for f in self.findings_list:
            locs = [self.extraction.by_id(i) for i in f.figures]
            rows.append({"check": f.check, "figures": ",".join(map(str, f.figures)),
                         "texts": " | ".join(loc.fig.text for loc in locs),
                         "verdict": f.verdict, "arithmetic": f.arithmetic, "note": f.note,
                         "sentence": locs[0].sentence})
        return pd.DataFrame(rows, columns=["check", "figures", "texts", "verdict", "arithmetic",
                                           "note", "sentence"])

    def worst(self) -> dict[int, Finding]:
        """For each figure id, the worst finding it takes part in."""
        out: dict[int, Finding] = {}
        for f in self.findings_list:
            for i in f.figures:
                if i not in out or _RANK[f.verdict] < _RANK[out[i].verdict]:
                    out[i] = f
        return out

    def figures(self) -> pd.DataFrame:
        frame = self.extraction.to_pandas()
        worst = self.worst()
        frame["verdict"] = [worst[i].verdict if i in worst else "" for i in frame["id"]]
        frame["check"] = [worst[i].check if i in worst else "" for i in frame["id"]]
        frame["arithmetic"] = [worst[i].arithmetic if i in worst else "" for i in frame["id"]]
        frame["note"] = [worst[i].note if i in worst else "" for i in frame["id"]]
        return frame

    def to_pandas(self) -> pd.DataFrame:
        """The rows of a result: :meth:`figures`."""
        return self.figures()

    def __len__(self) -> int:
        return len(self.extraction)

    def table(self) -> pd.DataFrame:
        """The figures, flagged first (inconsistent, rounding, cannot check,
        ok, unchecked), then in text order; the columns a reader needs."""
        frame = self.figures()
        order = frame["verdict"].map(lambda v: _RANK.get(v, len(VERDICTS)))
        frame = frame.assign(_order=order).sort_values(["_order", "start"], kind="stable")
        columns = ["id", "text", "kind", "phrase", "period", "verdict", "arithmetic", "note"]
        return frame[columns].reset_index(drop=True)

    @property
    def flagged(self) -> list[Finding]:
        return [f for f in self.findings_list if f.verdict in FLAGGED]

    @property
    def has_inconsistent(self) -> bool:
        return any(f.verdict == "inconsistent" for f in self.findings_list)

    def to_html(self, *, title: str | None = None) -> str:
        from .html import result_html

        return result_html(self, title=title)

    def write(self, out: str | Path) -> dict[str, Path]:
        """Write ``figures.csv``, ``findings.csv`` and ``check.html`` into the
        folder ``out``; returns the paths by name."""
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {"figures": folder / "figures.csv", "findings": folder / "findings.csv",
                 "html": folder / "check.html"}
        self.figures().to_csv(paths["figures"], index=False)
        self.findings().to_csv(paths["findings"], index=False)
        paths["html"].write_text(self.to_html(), encoding="utf-8")
        return paths

    def __repr__(self) -> str:
        counts = pd.Series([f.verdict for f in self.findings_list], dtype=object).value_counts()
        tally = ", ".join(f"{k}: {v}" for k, v in counts.items()) or "no checks"
        return (f"CheckResult({self.document.name}: {len(self.extraction.figures)} figures, "
                f"{len(self.findings_list)} checks — {tally})")


def check(source: str | Path | Document, *, period: str | None = None,
          totals: Mapping[str, float] | None = None, data: Any = None,
          unit: str | None = None, phrases: Any = None) -> CheckResult:
    """Extract the figures of ``source`` (text, a Path to .txt/.docx, or a
    :class:`Document`) and check them against each other; with ``data`` (an
    :class:`~chitieu.Assessment`, a :class:`~chitieu.DisbursementResult` or a
    DataFrame of either) against the data too (see
    :func:`chitieu.check.against.against_data`: ``unit``, ``phrases``).
    ``totals`` gives denominators the text leaves out ({"hộ": 512000})."""
    extraction = extract_figures(source, period=period)
    findings = run_checks(extraction, totals=totals)
    if data is not None:
        from .against import against_data

        findings = sorted([*findings, *against_data(extraction, data, unit=unit, phrases=phrases)],
                          key=lambda f: min(f.figures))
    return CheckResult(extraction, findings)
