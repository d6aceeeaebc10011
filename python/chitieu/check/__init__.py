"""Check a report's figures: extract every figure from Vietnamese report
text and flag the ones that do not add up (a linter for báo cáo).

>>> from chitieu import check
>>> result = check.check("Hoàn thành 120/195 nhiệm vụ khung của ngành, đạt 61,53% kế hoạch.")
>>> finding = result.flagged[0]
>>> finding.verdict, finding.note
('rounding', '61,53% is 61,5384…% truncated to 2 decimals, not rounded (half up gives 61,54%)')

Modules: :mod:`.document` (reading, NFC, sentences), :mod:`.numbers` (the vi
number lexer), :mod:`.units`, :mod:`.grammar` (figure kinds), :mod:`.periods`,
:mod:`.links`, :mod:`.extract`, :mod:`.rounding`, :mod:`.verdicts`, :mod:`.checks`,
:mod:`.sums`,
:mod:`.against` (against an assessment or a disbursement), :mod:`.html`,
:mod:`.cli`. See docs/check.md.
"""

from __future__ import annotations

from .checks import Finding
from .document import Document, read_report
from .extract import Extraction, extract, extract_figures
from .result import CheckResult, check

__all__ = ["CheckResult", "Document", "Extraction", "Finding", "check", "extract",
           "extract_figures", "read_report"]
