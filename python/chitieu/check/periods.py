"""Period phrases in report text and the period that governs each figure.

A phrase is found by a small grammar ("6 tháng đầu năm 2020", "Sáu tháng
đầu năm", "quý III/2017", "tháng 7 năm 2020", "năm 2020", "cuối năm 2017",
"giai đoạn 2021- 2025", "cùng kỳ năm 2016") and parsed with
:meth:`chitieu.Period.parse`. A phrase without its year takes the year of
the next dated phrase in its sentence ("6 tháng đầu năm, triển khai nhiệm vụ
6 tháng cuối năm 2020"), else the previous one, else the document's. Dates
("ngày 14 tháng 7 năm 2020") are not periods.

>>> doc_periods = PeriodFinder("Kết quả 6 tháng đầu năm, nhiệm vụ 6 tháng cuối năm 2020.")
>>> [(m.text, m.period) for m in doc_periods.mentions]
[('6 tháng đầu năm', '2020S1'), ('6 tháng cuối năm 2020', '2020S2')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .document import Document
from .numbers import SPELLED

__all__ = ["Mention", "PeriodFinder", "parse_phrase"]

_N = r"(?:\d{1,2}|" + "|".join(sorted(SPELLED, key=len, reverse=True)) + ")"
_YEAR = r"(?:19|20|21)\d{2}"
_ROMAN = r"(?:IV|I{1,3}|[1-4])"
_GRAMMAR = re.compile(
    rf"(?P<months>{_N}\s+tháng\s+(?:(?P<edge>đầu|cuối)\s+)?năm(?:\s+(?P<my>{_YEAR}|nay))?)"
    rf"|(?P<quarter>quý\s+{_ROMAN}(?:\s*(?:năm\s+|/\s*)(?P<qy>{_YEAR}))?)"
    rf"|(?P<month>tháng\s+(?:1[0-2]|0?[1-9])\s*(?:năm\s+|/\s*)(?P<mmy>{_YEAR}))"
    rf"|(?P<span>(?:(?:giai\s+đoạn|nhiệm\s+kỳ|thời\s+kỳ)\s+)?{_YEAR}\s*-\s*{_YEAR})"
    rf"|(?P<same>cùng\s+kỳ(?:\s+năm\s+(?P<sy>{_YEAR}))?)"
    rf"|(?P<year>(?:(?P<yedge>cuối|đầu)\s+)?năm\s+(?P<yy>{_YEAR}))",
    re.IGNORECASE)
_DATE_BEFORE = re.compile(r"ngày\s+\d{1,2}\s+$", re.IGNORECASE)
_BASELINE_BEFORE = re.compile(r"(?:so\s+với|so|hơn|từ)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A period phrase: span, text, the parsed period (canonical string, None
    when it cannot be parsed) and whether it is a comparison base ("so với
    cùng kỳ năm 2016") rather than the period reported on."""

    start: int
    end: int
    text: str
    period: str | None
    baseline: bool
    same_period: bool  # "cùng kỳ": the reported period, a year (or years) back
    year: int | None


def parse_phrase(text: str, year: int | None = None) -> str | None:
    """The canonical period of one phrase, ``year`` filling a missing year;
    None when it does not parse.

    >>> parse_phrase("Sáu tháng đầu năm", 2020), parse_phrase("cuối năm 2017")
    ('2020S1', '2017')
    >>> parse_phrase("quý IV") is None
    True
    """
    m = _GRAMMAR.fullmatch(text.strip())
    if m is None or m.group("same"):
        return None
    if m.group("span"):
        first, last = re.findall(_YEAR, m.group())
        return _parse_or_none(f"{first}-{last}")
    phrase = re.sub(r"\s+", " ", m.group().lower())
    phrase = re.sub(r"^(cuối|đầu) năm", "năm", phrase) if m.group("year") else phrase
    phrase = re.sub(r"năm nay$", "năm", phrase)
    if m.group("months"):
        count = m.group().split()[0].lower()
        phrase = str(SPELLED.get(count, count)) + phrase[len(count):]
    if not re.search(_YEAR, phrase):
        if year is None:
            return None
        phrase = f"{phrase} năm {year}" if m.group("quarter") else f"{phrase} {year}"
        phrase = phrase.replace("năm năm", "năm")
    return _parse_or_none(phrase)


def _parse_or_none(phrase: str) -> str | None:
    from ..period import Period

    try:
        return str(Period.parse(phrase))
    except ValueError:
        return None


class PeriodFinder:
    """Every period phrase of a document, years filled, and the document's own
    period (the first phrase of its title lines, or ``period`` if given)."""

    def __init__(self, doc: Document | str, *, period: str | None = None) -> None:
        self.doc = doc if isinstance(doc, Document) else Document(doc)
        raw = [self._raw(m) for m in _GRAMMAR.finditer(self.doc.text)
               if not _DATE_BEFORE.search(self.doc.text, max(0, m.start() - 12), m.start())]
        self.year = self._document_year(raw)
        self.mentions = self._fill(raw)
        self.period = period if period is not None else self._document_period()

    def _raw(self, m: re.Match[str]) -> Mention:
        text = self.doc.text
        before = text[max(0, m.start() - 20):m.start()]
        years = re.findall(_YEAR, m.group())
        same = bool(m.group("same"))
        return Mention(m.start(), m.end(), m.group(), None,
                       baseline=same or bool(_BASELINE_BEFORE.search(before)),
                       same_period=same, year=int(years[-1]) if years else None)

    def _document_year(self, raw: list[Mention]) -> int | None:
        dated = [m.year for m in raw if m.year is not None and not m.baseline]
        if dated:
            return dated[0]
        found = re.search(rf"\b({_YEAR})\b", self.doc.text)
        return int(found.group(1)) if found else None

    def _fill(self, raw: list[Mention]) -> list[Mention]:
        out = []
        for m in raw:
            year = m.year
            if year is None and not m.same_period:
                sentence = self.doc.sentence_at(m.start) if self._in_text(m) else None
                peers = [r for r in raw if sentence and r.year is not None
                         and sentence.start <= r.start < sentence.end]
                after = [r.year for r in peers if r.start > m.start]
                before = [r.year for r in peers if r.start < m.start]
                year = after[0] if after else before[-1] if before else self.year
            period = None if m.same_period else parse_phrase(m.text, year)
            out.append(replace(m, period=period, year=year))
        return out

    def _in_text(self, m: Mention) -> bool:
        return any(s.start <= m.start < s.end for s in self.doc.sentences)

    def _document_period(self) -> str | None:
        """The first reported period in the title lines: the sentences before the
        first long paragraph (at most the first eight)."""
        title_end = len(self.doc.text)
        for s in self.doc.sentences[:8]:
            if s.end - s.start > 250:
                title_end = s.start
                break
        for m in self.mentions:
            if m.start < title_end and m.period and not m.baseline:
                return m.period
        firsts = [m.period for m in self.mentions if m.period and not m.baseline]
        return firsts[0] if firsts else None

    def governing(self, offset: int, clause: tuple[int, int],
                  sentence: tuple[int, int]) -> tuple[str | None, str, str]:
        """(period, its phrase, where it came from) for a figure at ``offset``:
        a phrase of the figure's clause (the nearest before it, else after it),
        else one that opens the sentence ("Sáu tháng đầu năm 2020, ..."), else
        the document's period."""
        own = [m for m in self.mentions if not m.baseline and m.period
               and clause[0] <= m.start < clause[1]]
        before = [m for m in own if m.end <= offset]
        after = [m for m in own if m.start >= offset]
        if before or after:
            m = before[-1] if before else after[0]
            return m.period, m.text, "clause"
        head = self.doc.text[sentence[0]:offset]
        for m in self.mentions:
            if (not m.baseline and m.period and sentence[0] <= m.start < offset
                    and len(head[:m.start - sentence[0]].split()) <= 6):
                return m.period, m.text, "sentence"
        if self.period is not None:
            return self.period, "", "document"
        return None, "", "none"

    def baseline(self, start: int, end: int, governing: str | None) -> str | None:
        """The comparison base in ``[start, end)`` ("cùng kỳ năm 2016" for a
        2017Q3 figure is 2016Q3; "cùng kỳ" alone the year before)."""
        from ..period import Period

        for m in self.mentions:
            if not (start <= m.start < end and m.baseline):
                continue
            if not m.same_period:
                return m.period
            if governing is None:  # "cùng kỳ năm 2016" with no period known: that year
                return None if m.year is None else str(m.year)
            p = Period.parse(governing)
            back = (p.last.year - m.year) if m.year is not None else 1
            try:
                return str(p.shift(-back))
            except ValueError:
                return None
        return None
