"""Every figure of a report, as a DataFrame.

>>> frame = extract("Sáu tháng đầu năm 2020, giải quyết việc làm 9.997 người, đạt 41,65% kế hoạch.")
>>> frame[["text", "kind", "phrase", "period"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
[['9.997 người', 'count', 'giải quyết việc làm', '2020S1'],
 ['41,65%', 'share', 'giải quyết việc làm', '2020S1']]
>>> row = frame.loc[1]
>>> int(row["link"]), row["relation"], float(row["implied_round"])
(0, 'pct_of_plan', 24000.0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._arrow import ArrowExport
from .document import Clause, Document, Sentence, read_report
from .grammar import Figure, scan_clause
from .links import PLAN_WORDS, Implied, clean_phrase, implied_base, link_clause
from .periods import PeriodFinder
from .units import money_in_dong

__all__ = ["COLUMNS", "Extraction", "extract", "extract_figures"]

COLUMNS = ["id", "sentence", "start", "end", "text", "phrase", "noun", "value", "value_hi",
           "decimals", "unit", "kind", "of", "bound", "estimate", "role", "equivalent",
           "denominator", "money_dong", "period", "period_text", "period_source",
           "baseline_period", "link", "relation", "implied", "implied_lo", "implied_hi",
           "implied_round", "sentence_text"]
_NOUN_STOP = re.compile(r"[,;:()\[\].\"“”]|\b(?:đạt|với|cho|bằng|chiếm|tăng|giảm|so|tại|là|"
                        r"được|theo|do|nhưng|và|trong|từ|đến|tổng|kinh\s+phí|có\s+\d|chưa|đã|còn)\b",
                        re.IGNORECASE)


@dataclass
class Located:
    """A figure with its place: sentence and clause indices, id, period."""

    id: int
    fig: Figure
    sentence: int
    clause: int
    phrase: str = ""
    noun: str = ""
    period: str | None = None
    period_text: str = ""
    period_source: str = "none"
    baseline_period: str | None = None
    link: int | None = None
    relation: str | None = None
    implied: Implied | None = None


class Extraction(ArrowExport):
    """The figures of a document (exact values in :class:`Located`.fig), the
    links between them and the periods; :meth:`to_pandas` (and ``to_arrow()``)
    for a table."""

    def __init__(self, doc: Document, *, period: str | None = None) -> None:
        self.doc = doc
        self.periods = PeriodFinder(doc, period=period)
        self.figures: list[Located] = []
        for s in doc.sentences:
            for c_index, c in enumerate(s.clauses):
                found = scan_clause(doc.text, c.start, c.end, s.start)
                first = len(self.figures)
                for fig in found:
                    self.figures.append(self._locate(fig, s, c_index, c))
                for a, b, relation in link_clause(found):
                    self._link(self.figures[first + a], self.figures[first + b], relation)

    def _locate(self, fig: Figure, s: Sentence, c_index: int, c: Clause) -> Located:
        text = self.doc.text
        loc = Located(len(self.figures), fig, s.index, c_index)
        loc.phrase = clean_phrase(fig.lead)
        no_phrase = not loc.phrase or PLAN_WORDS.match(loc.phrase)
        if no_phrase and self.figures and self.figures[-1].sentence == s.index \
                and self.figures[-1].clause == c_index:
            loc.phrase = self.figures[-1].phrase
        tail = _NOUN_STOP.split(text[fig.end:c.end], maxsplit=1)[0].split()[:5]
        number_end = re.search(r"\d(?=\D*$)", fig.text)
        unit_words = fig.text[number_end.end():].strip(" %") if number_end else ""
        loc.noun = " ".join([unit_words, *tail]).strip() if fig.unit not in ("%", "điểm %") else ""
        loc.period, loc.period_text, loc.period_source = self.periods.governing(
            fig.start, (c.start, c.end), (s.start, s.end))
        if fig.kind in ("change", "change_pp") or fig.of == "same_period":
            loc.baseline_period = self.periods.baseline(fig.end, min(c.end, fig.end + 80),
                                                        loc.period)
        return loc

    def _link(self, prev: Located, loc: Located, relation: str) -> None:
        loc.link, loc.relation = prev.id, relation
        if not loc.phrase or loc.phrase == prev.phrase:
            loc.phrase = prev.phrase
        fig, base = loc.fig, prev.fig
        if relation in ("pct_of_plan", "share_of_total", "pct_of_same_period") and \
                base.kind in ("count", "amount", "change", "change_pp"):
            loc.implied = implied_base(abs(base.value), fig.value, fig.decimals,
                                       relation=relation, part_decimals=base.decimals)
        elif relation == "equivalent" and base.unit in ("%", "điểm %"):
            # "giảm 0,5% (tương đương giảm 2.500 hộ)": the households in all.
            loc.implied = implied_base(abs(fig.value), abs(base.value), base.decimals,
                                       relation="total_of_equivalent")

    def by_id(self, figure_id: int) -> Located:
        return self.figures[figure_id]

    def sentence_text(self, loc: Located) -> str:
        s = self.doc.sentences[loc.sentence]
        return self.doc.text[s.start:s.end]

    def __len__(self) -> int:
        return len(self.figures)

    def to_pandas(self) -> pd.DataFrame:
        """One row per figure, columns :data:`COLUMNS` (see docs/check.md)."""
        rows = [self._row(loc) for loc in self.figures]
        frame = pd.DataFrame(rows, columns=COLUMNS)
        for column in ("link", "money_dong", "sentence", "start", "end", "decimals", "id"):
            frame[column] = frame[column].astype("Int64")
        for column in ("value", "value_hi", "denominator", "implied", "implied_lo",
                       "implied_hi", "implied_round"):
            frame[column] = frame[column].astype(np.float64)
        return frame

    def _row(self, loc: Located) -> dict:
        fig, imp = loc.fig, loc.implied
        return {
            "id": loc.id, "sentence": loc.sentence, "start": fig.start, "end": fig.end,
            "text": fig.text, "phrase": loc.phrase, "noun": loc.noun,
            "value": float(fig.value),
            "value_hi": None if fig.value_hi is None else float(fig.value_hi),
            "decimals": fig.decimals, "unit": fig.unit, "kind": fig.kind, "of": fig.of,
            "bound": fig.bound, "estimate": fig.estimate, "role": fig.role,
            "equivalent": fig.equivalent,
            "denominator": None if fig.denominator is None else float(fig.denominator),
            "money_dong": money_in_dong(fig.value, fig.unit) if fig.kind in ("amount", "change") else None,
            "period": loc.period, "period_text": loc.period_text,
            "period_source": loc.period_source, "baseline_period": loc.baseline_period,
            "link": loc.link, "relation": loc.relation,
            "implied": None if imp is None else float(imp.value),
            "implied_lo": None if imp is None else float(imp.lo),
            "implied_hi": None if imp is None else float(imp.hi),
            "implied_round": None if imp is None or imp.round is None else float(imp.round),
            "sentence_text": self.sentence_text(loc),
        }


def extract_figures(source: str | Path | Document, *, period: str | None = None) -> Extraction:
    """An :class:`Extraction` of ``source``: a :class:`Document`, a path to a
    ``.txt`` / ``.docx`` report (a :class:`pathlib.Path`), or the text itself."""
    if isinstance(source, Document):
        doc = source
    elif isinstance(source, Path):
        doc = read_report(source)
    elif isinstance(source, str):
        doc = Document(source)
    else:
        raise TypeError(f"expected report text, a Path or a Document, not {type(source).__name__}")
    return Extraction(doc, period=period)


def extract(source: str | Path | Document, *, period: str | None = None) -> pd.DataFrame:
    """Every figure of a report with its sentence, span (in the NFC text),
    indicator phrase, value and unit, kind, qualifiers, period and links; one
    row per figure. ``period`` overrides the document's own period (the
    first period phrase of its title)."""
    return extract_figures(source, period=period).to_pandas()
