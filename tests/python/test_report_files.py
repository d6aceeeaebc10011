"""`chitieu report --unit` on hand-written CSV files of one province: html, xlsx and
docx beside each other; the workbook's numbers are the assessment's, the
document holds the narrative."""

import math

import pandas as pd
import pytest
from text_province import CATALOG, HIERARCHY, build, observations

import chitieu
from chitieu import cli

PLAN = pd.DataFrame({
    "indicator": ["jobs_created", "merit_houses_built", "poverty_rate", "poor_households",
                  "social_assistance_paid", "jobs_created", "jobs_created"],
    "unit": ["42", "42", "42", "42", "42", "436", "437"],
    "period": "2020",
    "kind": ["total", "total", "level", "level", "total", "total", "total"],
    "bound": ["at_least", "at_least", "at_most", "at_most", "at_least", "at_least", "at_least"],
    "target": [24000, 1956, 5.0, 10000, 400_000_000_000, 13000, 11000],
})


# The catalog file may carry how the narrative words an indicator (blank: the default).
WORDED = CATALOG.assign(
    phrase=["", "xây mới, sửa chữa nhà ở cho người có công được", "", "", "", ""],
    unit_word=["", "căn nhà", "", "", "", ""])


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("files")
    paths = {}
    for name, frame in (("hierarchy", HIERARCHY.fillna("")), ("catalog", WORDED),
                        ("observations", observations()), ("plan", PLAN)):
        paths[name] = folder / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    out = folder / "report"
    argv = ["report", "--hierarchy", str(paths["hierarchy"]), "--catalog", str(paths["catalog"]),
            "--observations", str(paths["observations"]), "--plan", str(paths["plan"]),
            "--unit", "42", "--period", "6 tháng đầu năm 2020", "--out", str(out)]
    assert cli.main(argv) == 0
    return out


def _assessment(level, folder=None):
    if folder is None:
        hierarchy, catalog, obs, plan = build()
    else:  # the files as the command read them
        hierarchy = cli.load_hierarchy(str(folder / "hierarchy.csv"))
        catalog = chitieu.Catalog.from_frame(cli.read_table(
            str(folder / "catalog.csv"), "catalog").drop(columns=["phrase", "unit_word"]))
        obs = chitieu.Observations.from_frame(
            cli.read_table(str(folder / "observations.csv"), "observations"), hierarchy, catalog)
        plan = chitieu.Plan.from_frame(cli.read_table(str(folder / "plan.csv"), "plan"))
    return chitieu.assess(obs, plan, hierarchy, catalog, level=level, period="2020S1")


def test_html_xlsx_docx_are_written_beside_each_other(written):
    for name in ("report.html", "report.xlsx", "report.docx", "assessment.csv", "rollup.csv"):
        assert (written / name).is_file(), name
    html = (written / "report.html").read_text(encoding="utf-8")
    assert "Giải quyết việc làm 9.997 người, đạt 41,65% kế hoạch" in html
    assert "Xây mới, sửa chữa nhà ở cho người có công được 1.876/1.956 căn nhà, đạt 95,91%" in html
    assert "Cả nước" not in html and "Việt Nam" not in html  # the province, not the nation
    assert (written / "assessment.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_xlsx_numbers_equal_the_assessment(written):
    from openpyxl import load_workbook

    book = load_workbook(written / "report.xlsx")
    assert book.sheetnames[:2] == ["Các chỉ tiêu chủ yếu", "Kết quả theo đơn vị"]
    for sheet, level in ((book["Các chỉ tiêu chủ yếu"], "province"),
                         (book["Kết quả theo đơn vị"], "district")):
        assert sheet.freeze_panes == "A2"
        rows = list(sheet.iter_rows(values_only=True))
        head = list(rows[0])
        table = pd.DataFrame(rows[1:], columns=head)
        expected = _assessment(level, written.parent).to_pandas()
        assert table["Mã chỉ tiêu"].tolist() == expected["indicator"].tolist()
        for column, source in (("Thực hiện", "actual"), ("% kế hoạch", "pct_of_plan"),
                               ("Cùng kỳ năm trước", "same_period_last_year")):
            for got, want in zip(table[column], expected[source]):
                # Excel keeps 15 significant digits (openpyxl writes 16): equal at that.
                assert (got is None and math.isnan(want)) or f"{got:.15g}" == f"{want:.15g}"
        names = dict(zip(CATALOG["code"], CATALOG["name"]))
        assert table["Chỉ tiêu"].tolist() == [names[c] for c in expected["indicator"]]
    money = book["Các chỉ tiêu chủ yếu"]
    column = [c.value for c in money[1]].index("Thực hiện") + 1
    cells = [money.cell(row=r, column=column) for r in range(2, money.max_row + 1)]
    assert 197_100_000_000 in [c.value for c in cells]  # exact đồng
    assert {c.number_format for c in cells} <= {"#,##0", "#,##0.00"}


def test_docx_holds_the_narrative_and_the_table(written):
    from docx import Document

    document = Document(str(written / "report.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    expected = _assessment("province").narrative(
        catalog=chitieu.Catalog.from_frame(CATALOG),
        templates=WORDED[["code", "phrase", "unit_word"]])
    assert expected in text
    assert "Huyện Đức Thọ, 6 tháng đầu năm 2020: Giải quyết việc làm 3.997 người" in text
    cells = [c.text for c in document.tables[0].rows[1].cells]
    assert cells[:2] == ["Giải quyết việc làm", "người"] and "9.997" in cells


def test_report_without_example_names_what_is_missing(capsys):
    assert cli.main(["report", "--out", "x", "--catalog", "c.csv"]) == 2
    err = capsys.readouterr().err
    assert "report needs --example" in err and "--observations" in err and "--unit" in err


def test_assess_prints_a_vietnamese_table(written, capsys):
    folder = written.parent
    CATALOG.to_csv(folder / "plain_catalog.csv", index=False)  # no narrative columns
    argv = ["assess", "--hierarchy", str(folder / "hierarchy.csv"), "--catalog",
            str(folder / "plain_catalog.csv"), "--observations", str(folder / "observations.csv"),
            "--plan", str(folder / "plan.csv"), "--level", "province", "--period", "2020S1"]
    assert cli.main(argv) == 0
    printed = capsys.readouterr().out
    assert "Giải quyết việc làm" in printed and "9.997" in printed and "41,65" in printed
    assert "chậm tiến độ" in printed and "% kế hoạch" in printed
    assert cli.main(argv + ["--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "9,997" in printed and "at risk" in printed and "% of plan" in printed
