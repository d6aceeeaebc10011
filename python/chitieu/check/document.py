"""A report's text: read it (plain text or .docx), normalise it, cut it into
sentences and clauses with character spans.

Every span the checker returns is an offset into :attr:`Document.text`, the
NFC-normalised text: a report typed with decomposed accents (NFD, as some
Mac and web tools write it) reads the same as one typed with precomposed
ones.

>>> doc = Document("Tuyển sinh 4.502 người; đạt 25,44% kế hoạch. Năm 2020 tăng.")
>>> [doc.text[s.start:s.end] for s in doc.sentences]
['Tuyển sinh 4.502 người; đạt 25,44% kế hoạch.', 'Năm 2020 tăng.']
>>> [doc.text[c.start:c.end] for c in doc.sentences[0].clauses]
['Tuyển sinh 4.502 người', ' đạt 25,44% kế hoạch.']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Clause", "Document", "Sentence", "normalise", "read_report"]

# Characters that mean the same to a reader but trip a regular expression.
_SAME = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2013": "-",
                       "\u2014": "-", "\u2212": "-", "\u2011": "-", "\ufeff": " ",
                       "\u200b": " "})

# A sentence ends at . ! ? or … followed by space and a capital, a digit, an
# opening quote or bracket; a line break always ends one. "9.997" and "người..."
# followed by a small letter do not.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[A-ZÀ-ỸĐ0-9\"“(\-])|\n+")
_CLAUSE_END = re.compile(r";")


def normalise(text: str) -> str:
    """NFC, with no-break and thin spaces as spaces and every dash as "-";
    the length may change (NFD to NFC), so spans are taken afterwards.

    >>> normalise("Ho\u0302\u0323 nghe\u0300o") == "Hộ nghèo"
    True
    """
    return unicodedata.normalize("NFC", text).translate(_SAME)


@dataclass(frozen=True)
class Clause:
    """A run of a sentence between semicolons: figures in one clause may be
    linked ("9.997 người, đạt 41,65% kế hoạch")."""

    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence: its span in the document, its paragraph and its clauses."""

    index: int
    start: int
    end: int
    paragraph: int
    clauses: tuple[Clause, ...] = field(default=())


class Document:
    """Normalised report text cut into paragraphs, sentences and clauses."""

    def __init__(self, text: str, *, name: str = "<text>") -> None:
        if not isinstance(text, str):
            raise TypeError(f"report text must be str, not {type(text).__name__}")
        self.name = name
        self.text = normalise(text)
        self.sentences: list[Sentence] = list(self._split())

    def _split(self) -> list[Sentence]:
        out: list[Sentence] = []
        paragraph = 0
        for par in re.finditer(r"[^\n]+", self.text):
            if not par.group().strip():
                continue
            start = par.start()
            pieces = [m.end() for m in _SENTENCE_END.finditer(par.group())]
            for cut in [*pieces, len(par.group())]:
                end = par.start() + cut
                piece = self.text[start:end]
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece.rstrip())
                if trail > lead:
                    s, e = start + lead, start + trail
                    out.append(Sentence(len(out), s, e, paragraph, self._clauses(s, e)))
                start = end
            paragraph += 1
        return out

    def _clauses(self, start: int, end: int) -> tuple[Clause, ...]:
        cuts = [start] + [m.end() for m in _CLAUSE_END.finditer(self.text, start, end)] + [end]
        clauses = []
        for a, b in zip(cuts, cuts[1:]):
            stop = b - 1 if b < end and self.text[b - 1] == ";" else b
            if stop > a:
                clauses.append(Clause(a, stop))
        return tuple(clauses)

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence holding character ``offset`` (ValueError if none)."""
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        raise ValueError(f"offset {offset} is in no sentence of {self.name}")

    def __repr__(self) -> str:
        return f"Document({self.name!r}, {len(self.text)} characters, {len(self.sentences)} sentences)"


def read_report(path: str | Path, *, encoding: str | None = None) -> Document:
    """Read a report: ``.docx`` through python-docx (paragraphs, then table
    cells row by row), anything else as text in ``encoding`` (default UTF-8,
    a BOM dropped; "cp1258", the Vietnamese Windows code page, decomposes
    accents, which the NFC step puts back).

    >>> read_report("missing.txt")
    Traceback (most recent call last):
    ...
    FileNotFoundError: report file not found: missing.txt
    """
    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"report file not found: {path}")
    if file.suffix.lower() == ".docx":
        return Document(_docx_text(file), name=str(path))
    try:
        text = file.read_text(encoding=encoding or "utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(f"report file {path} is not {encoding or 'UTF-8'} text (byte "
                         f"{err.start}); save it as UTF-8, give its --encoding, or give a "
                         ".docx") from err
    except LookupError as err:
        raise ValueError(f"unknown encoding {encoding!r} for {path}") from err
    return Document(text, name=str(path))


def _docx_text(path: Path) -> str:
    try:
        import docx  # python-docx
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("reading .docx reports needs python-docx "
                          "(pip install 'chitieu[docx]')") from err
    try:
        document = docx.Document(str(path))
    except Exception as err:  # python-docx raises several kinds on a bad file
        raise ValueError(f"cannot read {path} as .docx: {err}") from err
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("; ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)
