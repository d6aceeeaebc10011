"""chitieu.check end to end: against data, the command line, HTML, .docx,
and a fuzzed extractor."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import chitieu
from chitieu import cli
from chitieu.check import Document, check, extract_figures, read_report

JOBS = "Sáu tháng đầu năm 2020, giải quyết việc làm {n} người, đạt {pct}% kế hoạch."


@pytest.fixture(scope="module")
def assessment():
    vn = chitieu.Hierarchy.vietnam(2024)
    cat = chitieu.Catalog([chitieu.Indicator.flow("jobs_created")])
    obs = chitieu.Observations.from_frame(pd.DataFrame({
        "indicator": "jobs_created", "unit": ["00001", "00001", "00688"],
        "period": ["202003", "202006", "202006"], "value": [4000.0, 5997.0, 100.0]}), vn, cat)
    plan = chitieu.Plan()
    plan.add_total("jobs_created", "01", "2020", 24000)
    plan.add_total("jobs_created", "02", "2020", 1000)
    return chitieu.assess(obs, plan, vn, cat, level="province", period="2020S1")


def _against(result):
    return [(result.extraction.by_id(f.figures[0]).fig.text, f.verdict)
            for f in result.findings_list if f.check == "against_data"]


@pytest.mark.parametrize("n, pct, want", [
    ("9.997", "41,65", [("9.997 người", "ok"), ("41,65%", "ok")]),
    ("9.979", "41,66", [("9.979 người", "inconsistent"), ("41,66%", "rounding")]),
])
def test_against_an_assessment(assessment, n, pct, want):
    assert _against(check(JOBS.format(n=n, pct=pct), data=assessment, unit="01")) == want


def test_against_data_needs_the_unit_and_the_period(assessment):
    several = check(JOBS.format(n="9.997", pct="41,65"), data=assessment)
    assert {f.verdict for f in several.findings_list if f.check == "against_data"} == {"cannot check"}
    other_year = check(JOBS.format(n="9.997", pct="41,65").replace("2020", "2019"),
                       data=assessment, unit="01")
    notes = [f.note for f in other_year.findings_list if f.check == "against_data"]
    assert notes and all("2019S1" in n for n in notes)
    with pytest.raises(KeyError, match="99"):
        check("Giải quyết việc làm 5 người.", data=assessment, unit="99")


def test_phrase_table_from_a_catalog_frame(assessment):
    text = "Sáu tháng đầu năm 2020, tạo công ăn việc làm mới cho 9.997 người."
    assert _against(check(text, data=assessment, unit="01")) == []
    catalog = pd.DataFrame({"code": ["jobs_created"], "name": ["Giải quyết việc làm"],
                            "phrases": ["tạo công ăn việc làm; việc làm mới"]})
    assert _against(check(text, data=assessment, unit="01", phrases=catalog)) == \
        [("9.997 người", "ok")]
    with pytest.raises(ValueError, match="phrase,indicator"):
        check(text, data=assessment, phrases=pd.DataFrame({"x": [1]}))


def test_against_a_disbursement_frame():
    frame = pd.DataFrame({"unit": ["42"], "allocated": [200_000_000_000],
                          "disbursed": [82_400_000_000], "beneficiaries_paid": [1200]})
    text = "Năm 2020 đã giải ngân 82,4 tỷ đồng, đạt 41,2% kế hoạch vốn."
    assert _against(check(text, data=frame)) == [("82,4 tỷ đồng", "ok"), ("41,2%", "ok")]
    wrong = text.replace("41,2%", "42,1%")
    assert _against(check(wrong, data=frame))[1] == ("42,1%", "inconsistent")


def test_cli_prints_flags_and_writes_outputs(tmp_path, capsys):
    report = tmp_path / "bao_cao.txt"
    report.write_text("Có 45/52 xã đạt chuẩn, đạt 85,54%. Hoàn thành 120/195 nhiệm vụ, đạt "
                      "61,53% kế hoạch. Tuyển sinh 4.502 người.", encoding="utf-8")
    status = cli.main(["check", str(report), "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert status == 1
    assert out.index("inconsistent") < out.index("rounding") < out.index("4.502 người")
    assert "85,54%" in out and "truncated" in out
    figures = pd.read_csv(tmp_path / "out" / "figures.csv")
    assert len(figures) == 5 and set(figures["verdict"].dropna()) == {"inconsistent", "rounding"}
    page = (tmp_path / "out" / "check.html").read_text(encoding="utf-8")
    assert '<mark class="inconsistent"' in page and '<mark class="rounding"' in page


def _cp1258(text: str) -> bytes:
    """``text`` in Windows-1258: letters with â ê ô ơ ư ă precomposed, tones as
    combining marks (as that code page writes Vietnamese)."""
    out = []
    for ch in text:
        base, *marks = unicodedata.normalize("NFD", ch)
        for keep in range(len(marks), -1, -1):
            head = unicodedata.normalize("NFC", base + "".join(marks[:keep]))
            try:
                out.append((head + "".join(marks[keep:])).encode("cp1258"))
                break
            except UnicodeEncodeError:
                continue
    return b"".join(out)


def test_cli_exit_codes(tmp_path, capsys):
    fine = tmp_path / "ok.txt"
    fine.write_text("Hoàn thành 1.876/1.956 căn nhà, đạt 95,91% kế hoạch.", encoding="utf-8")
    assert cli.main(["check", str(fine)]) == 0
    assert cli.main(["check", str(tmp_path / "missing.txt")]) == 2
    assert "report file not found" in capsys.readouterr().err
    assert cli.main(["check", str(fine), "--total", "hộ"]) == 2
    assert cli.main(["check", str(fine), "--total", "hộ=500000"]) == 0
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Tuyển sinh 5 người".encode("utf-16"))
    assert cli.main(["check", str(latin1)]) == 2
    assert "not UTF-8" in capsys.readouterr().err
    legacy = tmp_path / "cp1258.txt"
    legacy.write_bytes(_cp1258("Hoàn thành 120/195 nhiệm vụ, đạt 61,53% kế hoạch."))
    assert cli.main(["check", str(legacy), "--encoding", "cp1258"]) == 0
    assert "truncated" in capsys.readouterr().out


def test_docx_report(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Báo cáo quý III năm 2017")
    document.add_paragraph("Xây mới 1.876/1.956 căn nhà đạt 95,91% so kế hoạch.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Giải quyết việc làm"
    table.rows[0].cells[1].text = "12.000 người"
    path = tmp_path / "bao_cao.docx"
    document.save(str(path))
    ex = extract_figures(read_report(path))
    assert [loc.fig.text for loc in ex.figures] == ["1.876/1.956 căn nhà", "95,91%", "12.000 người"]
    assert {loc.period for loc in ex.figures} == {"2017Q3"}
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match=r"broken.docx"):
        read_report(broken)


_PIECES = ["9.997", "61,53", "1.234,5", "1,250.5", "120/195", "27/7/1947", "2019-2020", "%", " %",
           " người", " lượt người", " tỷ đồng", " tỷ lệ", " triệu", " hộ", " điểm %", " ", ", ", "; ",
           ". ", "\n", "(", ")", "đạt ", "tăng ", "giảm ", "trên ", "từ ", " đến ", "kế hoạch",
           "so với cùng kỳ năm 2016", "Sáu tháng đầu năm", "quý III/2017", "tương đương ",
           "tổng kinh phí ", "trong đó ", "ước ", "chiếm ", "0", "00", "/", "-", "..", ",,", "ngày "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=30))
def test_fuzz_never_crashes_and_spans_are_valid(pieces):
    text = "".join(pieces)
    result = check(text)
    doc_text = result.document.text
    previous_end = 0
    for loc in result.extraction.figures:
        fig = loc.fig
        assert previous_end <= fig.start < fig.end <= len(doc_text)  # in order, no overlap
        assert doc_text[fig.start:fig.end] == fig.text
        previous_end = fig.end
    for f in result.findings_list:
        assert f.verdict in ("ok", "rounding", "inconsistent", "cannot check")
    nfd = unicodedata.normalize("NFD", text)
    assert len(extract_figures(nfd).figures) == len(result.extraction.figures)
    result.to_html()


def test_document_rejects_non_text():
    with pytest.raises(TypeError, match="bytes"):
        Document(b"abc")  # type: ignore[arg-type]


def test_cli_against_an_assessment_file(assessment, tmp_path, capsys):
    data = tmp_path / "assessment.csv"
    assessment.to_pandas().to_csv(data, index=False)
    report = tmp_path / "bao_cao.txt"
    report.write_text(JOBS.format(n="9.979", pct="41,65"), encoding="utf-8")
    status = cli.main(["check", str(report), "--data", str(data), "--unit", "01"])
    out = capsys.readouterr().out
    assert status == 1 and "the data give 9.997 người" in out
    phrases = tmp_path / "phrases.csv"
    pd.DataFrame({"phrase": ["giải quyết việc làm"], "indicator": ["jobs_created"]}).to_csv(
        phrases, index=False)
    report.write_text(JOBS.format(n="9.997", pct="41,65"), encoding="utf-8")
    assert cli.main(["check", str(report), "--data", str(data), "--unit", "01",
                     "--phrases", str(phrases)]) == 0


def test_against_a_disbursement_result():
    vn = chitieu.Hierarchy.vietnam(2024)
    allocations = chitieu.Allocations.from_frame(pd.DataFrame({
        "programme": ["P1", "P2"], "source": ["central", "central"], "unit": ["01", "01"],
        "year": [2020, 2020], "amount": [150_000_000_000, 50_000_000_000]}))
    payments = chitieu.Payments.from_frame(pd.DataFrame({
        "date": ["2020-03-15", "2020-05-20"], "programme": ["P1", "P2"],
        "source": ["central", "central"], "unit": ["00001", "00001"],
        "amount": [60_000_000_000, 22_400_000_000]}))
    text = "Sáu tháng đầu năm 2020, đã giải ngân 82,4 tỷ đồng, đạt 41,2% kế hoạch vốn."
    whole = chitieu.disbursement(allocations, payments, chitieu.Schedule.linear(), vn,
                                 level="province", as_of="2020-06-30", by=())
    assert _against(check(text, data=whole)) == [("82,4 tỷ đồng", "ok"), ("41,2%", "ok")]
    by_programme = chitieu.disbursement(allocations, payments, chitieu.Schedule.linear(), vn,
                                        level="province", as_of="2020-06-30")
    assert {v for _, v in _against(check(text, data=by_programme))} == {"cannot check"}


def test_cli_against_own_files(tmp_path, capsys):
    pd.DataFrame({"indicator": "new_jobs", "unit": ["00001", "00001", "00688"],
                  "period": ["202003", "202006", "202006"], "value": [4000, 5997, 100]}
                 ).to_csv(tmp_path / "obs.csv", index=False)
    pd.DataFrame({"code": ["new_jobs"], "name": ["Việc làm mới"], "unit": ["người"],
                  "value_type": ["real"], "direction": ["higher"], "preset": ["flow"],
                  "formula": [""], "phrases": ["giải quyết việc làm"]}
                 ).to_csv(tmp_path / "catalog.csv", index=False)
    plan = chitieu.Plan()
    plan.add_total("new_jobs", "01", "2020", 24000)
    plan.to_frame().to_csv(tmp_path / "plan.csv", index=False)
    report = tmp_path / "bao_cao.txt"
    report.write_text("BÁO CÁO 6 THÁNG ĐẦU NĂM 2020\nGiải quyết việc làm 9.979 người, đạt 41,65% "
                      "kế hoạch.", encoding="utf-8")
    own = ["--observations", str(tmp_path / "obs.csv"), "--catalog",
           str(tmp_path / "catalog.csv"), "--plan", str(tmp_path / "plan.csv"), "--unit", "01"]
    assert cli.main(["check", str(report), *own]) == 1
    assert "the data give 9.997 người" in capsys.readouterr().out
    assert cli.main(["check", str(report), "--observations", str(tmp_path / "obs.csv")]) == 2
    assert "--catalog, --plan" in capsys.readouterr().err


def test_a_count_is_never_compared_with_money():
    frame = pd.DataFrame({"unit": ["42"], "allocated": [200_000_000_000],
                          "disbursed": [82_400_000_000], "beneficiaries_paid": [1200]})
    text = "Năm 2020 đã chi trả cho 48.900 đối tượng, kinh phí giải ngân 82,4 tỷ đồng."
    assert _against(check(text, data=frame)) == [("82,4 tỷ đồng", "ok")]
