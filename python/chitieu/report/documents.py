"""The report's documents: HTML with charts, the .xlsx workbook, the .docx, and the
printed summary; all from :class:`~chitieu.report.run.Results`, in the inputs' language."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from .. import __version__
from .._util import Lang
from ..period import Period
from ..text import level_word
from ..text.narrative import disbursement_narrative, indicator_sentences, narrative
from ..text.words import PROGRAMME_WORDS
from .export import write_docx, write_xlsx
from .run import Inputs, Results, short_names
from .tables import (
    assessment_numbers,
    assessment_text,
    disbursement_numbers,
    disbursement_text,
    units_text,
)

__all__ = ["print_summary", "write_documents"]

_WORDS = {
    "vi": {"title": "Báo cáo kết quả thực hiện các chỉ tiêu", "summary": "Tóm tắt",
           "main": "Các chỉ tiêu chủ yếu", "subs": "Kết quả theo đơn vị",
           "progress": "Tiến độ thực hiện kế hoạch", "ranking": "Xếp hạng",
           "money": "Giải ngân kinh phí", "files": "Tệp kèm theo và phương pháp",
           "as_of": "đến ngày", "source": "Nguồn", "made": "Lập bằng chitieu",
           "files_text": "Bảng đầy đủ bên cạnh báo cáo này: ",
           "method": "Tỷ lệ được tính bằng tỷ số của các tổng; chỉ tiêu tồn kho lấy giá trị "
                     "cuối kỳ; kinh phí tính chính xác đến đồng (bảng CSV và Excel), làm tròn "
                     "đến 0,01 tỷ đồng trong văn bản."},
    "en": {"title": "Indicator report", "summary": "Summary", "main": "Main indicators",
           "subs": "Results by unit", "progress": "Progress against the plan",
           "ranking": "Ranking", "money": "Disbursement", "files": "Files and method",
           "as_of": "as of", "source": "Source", "made": "Made with chitieu",
           "files_text": "Full tables next to this report: ",
           "method": "Rates are ratios of sums; stocks take the period's last value; money is "
                     "exact to the đồng in the CSV and Excel tables, rounded to 0.01 billion "
                     "đồng in the text."},
}


def _date(d: Any, lang: Lang) -> str:
    return f"{d.day}/{d.month}/{d.year}" if lang == "vi" else d.isoformat()


def _stories(inputs: Inputs, results: Results) -> tuple[str, str, str]:
    """The narrative of the unit, of its sub-units, and of its disbursement."""
    lang, period = inputs.lang, str(inputs.period)
    top = narrative(results.top, period=period, texts=results.texts, lang=lang) \
        if len(results.top) else ""
    subs = narrative(results.subs, period=period, texts=results.texts, lang=lang) \
        if len(results.subs) else ""
    money = ""
    if results.money is not None:
        money = disbursement_narrative(results.money, as_of=_date(results.as_of, lang),
                                       units=[inputs.top], lang=lang, names=PROGRAMME_WORDS)
    return top, subs, money


def _title(inputs: Inputs) -> str:
    w = _WORDS[inputs.lang]
    name = inputs.hierarchy.unit(inputs.top).name
    name = "Việt Nam" if inputs.top_level == "nation" and inputs.lang == "vi" else name
    return f"{w['title']} – {name}, {inputs.period.label(inputs.lang)}"


def _headline(results: Results) -> list[str]:
    """Indicators with a total target first (the yearly plan's counts), up to two."""
    frame = results.subs
    totals = frame[frame["kind"].astype(str) == "total"]["indicator"].astype(str)
    return list(dict.fromkeys(totals))[:2]


def figure(width: float, height: float, columns: int = 1) -> Any:
    """A matplotlib Figure outside pyplot (no backend or global state touched)
    with ``columns`` Axes side by side (``figure.axes``)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    fig.subplots(1, columns)
    return fig


def _html(inputs: Inputs, results: Results, stories: tuple[str, str, str],
          files: list[str], path: Path) -> None:
    from .. import plots
    from ..html import HtmlReport

    lang, w = inputs.lang, _WORDS[inputs.lang]
    report = HtmlReport(_title(inputs), subtitle=(
        f"{w['source']}: {inputs.source or 'dữ liệu của đơn vị'}; {w['as_of']} "
        f"{_date(inputs.period.last, lang)}. {w['made']} {__version__}, "
        f"{datetime.date.today():%d/%m/%Y}."))
    top, subs, money = stories
    report.heading(w["summary"])
    if len(results.top):
        sentences = indicator_sentences(results.top, period=str(inputs.period),
                                        texts=results.texts, lang=lang)
        report.points(top.split(": ", 1)[0] + ":", [s.text for s in sentences])
    report.heading(f"{w['main']}")
    report.table(assessment_text(results.top, results.texts, lang, with_unit=False))
    if len(results.subs):
        sub_word = level_word(inputs.sub_level or "", lang)
        report.heading(f"{w['progress']} – {sub_word.lower()}")
        names = short_names(results.subs["unit_name"].astype(str))
        shown = results.subs.assign(unit_name=results.subs["unit_name"].map(names))
        codes = _headline(results)
        if codes:
            n = shown["unit"].nunique()
            fig = figure(11, max(3.0, 0.2 * n + 1.5), columns=len(codes))
            axes = fig.axes
            for ax, code in zip(axes, codes):
                plots.progress_vs_plan(shown, code, top=None, ax=ax, lang=lang,
                                       title=results.texts[code].name)
                ax.tick_params(axis="y", labelsize=7 if n > 30 else 9)
            report.figure(fig, alt=w["progress"])
        rates = [c for c in dict.fromkeys(shown["indicator"].astype(str))
                 if results.texts.get(c) and results.texts[c].style == "rate"][:2]
        if rates:
            fig = figure(11, max(3.0, 0.2 * min(15, shown["unit"].nunique()) + 1.5),
                         columns=len(rates))
            for ax, code in zip(fig.axes, rates):
                rows = shown[shown["indicator"].astype(str) == code].drop_duplicates("unit")
                plots.ranking(rows, code, top=15, ax=ax, lang=lang, xlabel="%",
                              title=results.texts[code].name,
                              higher_is_better=not results.texts[code].lower_is_better)
            report.figure(fig, alt=w["ranking"])
        headline = list(dict.fromkeys(results.subs["indicator"].astype(str)))[:6]
        report.table(units_text(results.subs, results.texts, headline, names, lang), max_rows=80,
                     caption=f"{w['subs']} ({sub_word.lower()})")
        if shown["unit"].nunique() <= 30:
            report.story(subs)
    if results.money is not None:
        report.heading(f"{w['money']} {w['as_of']} {_date(results.as_of, lang)}")
        report.story(money)
        curve = results.programmes
        curve = curve.assign(group=[PROGRAMME_WORDS.get(p, p) if lang == "vi" else p
                                    for p in curve["programme"]],
                             period=[Period(p).label(short=True) for p in curve["period"]])
        fig = figure(11, 5)
        plots.s_curves(curve, group="group", top=None, ax=fig.axes[0], lang=lang)
        report.figure(fig, alt=w["money"])
        report.table(disbursement_text(results.money, lang), max_rows=80)
    report.heading(w["files"])
    report.paragraph(w["files_text"] + ", ".join(files))
    report.paragraph(w["method"])
    report.write(path)


def write_documents(inputs: Inputs, results: Results, out_dir: Path,
                    written: dict[str, Path]) -> dict[str, Path]:
    """report.html, report.xlsx and report.docx beside the CSVs."""
    lang, w = inputs.lang, _WORDS[inputs.lang]
    stories = _stories(inputs, results)
    sheets = {w["main"]: assessment_numbers(results.top, results.texts, lang)}
    if len(results.subs):
        sheets[w["subs"]] = assessment_numbers(results.subs, results.texts, lang)
    if results.money is not None:
        sheets[w["money"]] = disbursement_numbers(results.money, lang)
    paths = {"Excel workbook": write_xlsx(sheets, out_dir / "report.xlsx")}
    sections: list[tuple[str, Any]] = [(w["summary"], stories[0]),
                                       (w["main"], assessment_text(results.top, results.texts,
                                                                   lang, with_unit=False))]
    if stories[1]:
        sections.append((w["subs"], stories[1]))
    if stories[2]:
        sections.append((w["money"], stories[2]))
    paths["Word document"] = write_docx(_title(inputs), sections, out_dir / "report.docx")
    files = [p.name for p in (*written.values(), *paths.values())]
    _html(inputs, results, stories, files, out_dir / "report.html")
    paths["HTML report"] = out_dir / "report.html"
    return paths


def print_summary(inputs: Inputs, results: Results, out: TextIO) -> None:
    """The unit's narrative and main table, for the terminal."""
    table = assessment_text(results.top, results.texts, inputs.lang, with_unit=False)
    with pd.option_context("display.width", 200, "display.max_colwidth", 40,
                           "display.max_columns", 20):
        print(_title(inputs), file=out)
        print(_stories(inputs, results)[0], file=out)
        print(table.to_string(index=False), file=out)
