"""Sentences written for these tests: every figure kind, qualifier and
tricky form (both separators, "%" after a space, no period, two figures in
one clause, negative phrasing, "lượt" vs "người", NFD text)."""

from __future__ import annotations

import unicodedata

import pytest

from chitieu.check import extract_figures

# sentence, figure text, expected attributes (of Figure, or of Located for
# period / phrase / relation / baseline_period).
CASES = [
    ("Giải quyết việc làm cho 12.450 lao động trong quý II/2021.", "12.450 lao động",
     {"kind": "count", "unit": "lao động", "value": 12450, "period": "2021Q2"}),
    ("Tư vấn cho 10.363 lượt lao động.", "10.363 lượt lao động", {"unit": "lượt", "kind": "count"}),
    ("Hỗ trợ 5.530 người tìm việc.", "5.530 người", {"unit": "người"}),
    ("Trợ giúp 65.362 lượt người với 1.204 người được hỗ trợ nhiều lần.", "65.362 lượt người",
     {"unit": "lượt"}),
    ("Trợ giúp 65.362 lượt người với 1.204 người được hỗ trợ nhiều lần.", "1.204 người",
     {"unit": "người"}),
    ("Sửa chữa 87 căn nhà cho người có công.", "87 căn nhà", {"unit": "căn", "value": 87}),
    ("Hỗ trợ 1.320 hộ thoát nghèo.", "1.320 hộ", {"unit": "hộ", "kind": "count"}),
    ("Chi trả cho 172.081 đối tượng bảo trợ.", "172.081 đối tượng", {"unit": "đối tượng"}),
    ("Tổng kinh phí 197,1 tỷ đồng.", "197,1 tỷ đồng",
     {"kind": "amount", "unit": "tỷ đồng", "decimals": 1}),
    ("Vận động được 850 triệu đồng cho quỹ.", "850 triệu đồng", {"unit": "triệu đồng"}),
    ("Thu hồi 1.234.567,5 nghìn đồng.", "1.234.567,5 nghìn đồng",
     {"value": 1234567.5, "decimals": 1}),
    ("Kinh phí là 1,250.5 triệu đồng.", "1,250.5 triệu đồng", {"value": 1250.5}),
    ("Tỷ lệ hoàn thành đạt 97,35 %.", "97,35 %", {"kind": "level", "unit": "%", "value": 97.35}),
    ("Hoàn thành 37/40 nhiệm vụ trọng tâm.", "37/40 nhiệm vụ",
     {"kind": "ratio", "value": 37, "denominator": 40}),
    ("Xuất khẩu 3.150 người, đạt 52,5% kế hoạch.", "52,5%", {"kind": "share", "of": "plan",
                                                              "relation": "pct_of_plan"}),
    ("Có 2.000 lao động, chiếm 15,38% tổng số người học.", "15,38%",
     {"kind": "share", "of": "total", "relation": "share_of_total"}),
    ("Hỗ trợ 2.100 trẻ em, bằng 102% so với cùng kỳ.", "102%", {"kind": "share",
                                                                 "of": "same_period"}),
    ("Tuyển sinh tăng 6,2% so với cùng kỳ năm 2020.", "6,2%",
     {"kind": "change", "value": 6.2, "baseline_period": "2020"}),
    ("Số lao động mất việc giảm 35% so với cùng kỳ.", "35%", {"kind": "change", "value": -35}),
    ("Tỷ lệ hộ nghèo giảm 1,05 điểm phần trăm.", "1,05 điểm phần trăm",
     {"kind": "change_pp", "unit": "điểm %", "value": -1.05}),
    ("Tỷ lệ hộ nghèo năm 2022 giảm 1,2%.", "1,2%", {"kind": "change_pp", "value": -1.2}),
    ("Tỷ lệ lao động qua đào tạo đạt 50,75%.", "50,75%", {"kind": "level"}),
    ("Tỷ lệ hộ cận nghèo giảm còn 4,8%.", "4,8%", {"kind": "level"}),
    ("Ước cả năm giải quyết việc làm cho 30.000 lao động.", "30.000 lao động",
     {"estimate": True}),
    ("Chi trả trợ cấp thường xuyên trên 45.000 người có công.", "45.000 người",
     {"bound": "lower"}),
    ("Đã giải ngân hơn 231,6 tỷ cho các dự án.", "231,6 tỷ",
     {"bound": "lower", "kind": "amount", "unit": "tỷ đồng"}),
    ("Tỷ lệ thất nghiệp khoảng 3%.", "3%", {"bound": "approx", "kind": "level"}),
    ("Xuất khẩu lao động chưa đạt 50% kế hoạch.", "50%", {"bound": "upper", "kind": "share"}),
    ("Phấn đấu tỷ lệ lao động qua đào tạo đạt 52,5% trở lên.", "52,5%",
     {"bound": "lower", "role": "target", "kind": "level"}),
    ("Giảm tỷ lệ hộ nghèo từ 1 đến 1,5% trong năm 2018.", "1 đến 1,5%",
     {"bound": "range", "kind": "change_pp", "value": -1, "value_hi": -1.5, "period": "2018",
      "role": "actual"}),
    ("Năm 2022, tỷ lệ hộ nghèo giảm 1,2% (tương đương giảm 3.600 hộ).", "3.600 hộ",
     {"equivalent": True, "kind": "change", "value": -3600, "relation": "equivalent"}),
    ("Số hộ nghèo giảm 2.418 hộ so với đầu năm.", "2.418 hộ", {"kind": "change", "value": -2418}),
    ("Thực hiện 3 tỷ 500 triệu đồng vốn vay.", "3 tỷ 500 triệu đồng",
     {"kind": "amount", "value": 3.5, "unit": "tỷ đồng"}),
    ("Có 200 ngàn hồ sơ chưa số hóa.", "200 ngàn hồ sơ", {"value": 200000, "unit": "hồ sơ"}),
    ("Sáu tháng đầu năm 2020, tuyển sinh mới 4.502 người.", "4.502 người",
     {"period": "2020S1", "phrase": "tuyển sinh mới"}),
    ("Hỗ trợ 730 nhà ở hộ nghèo.", "730 nhà", {"period": None, "unit": "căn"}),
    ("Tổ chức 24 phiên giao dịch việc làm với 2.345 lượt người tham gia.", "24 phiên",
     {"kind": "count", "unit": "phiên"}),
    ("Tổ chức 24 phiên giao dịch việc làm với 2.345 lượt người tham gia.", "2.345 lượt người",
     {"unit": "lượt"}),
    ("Trong tháng 10/2022, có 560 lao động đi làm việc ở nước ngoài.", "560 lao động",
     {"period": "202210"}),
    ("Giải ngân 126,35 tỷ đồng, đạt 41,2% dự toán.", "41,2%",
     {"kind": "share", "of": "plan", "phrase": "Giải ngân"}),
    ("Tổng dư nợ đạt 4.215,8 tỷ đồng, tăng 312,4 tỷ đồng so với đầu năm.", "312,4 tỷ đồng",
     {"kind": "change", "value": 312.4}),
]


def _find(sentence: str, text: str):
    ex = extract_figures(sentence)
    hits = [loc for loc in ex.figures if loc.fig.text == text]
    assert hits, f"{text!r} not found in {sentence!r}: {[loc.fig.text for loc in ex.figures]}"
    return hits[0]


def test_there_are_forty_sentences_at_least():
    own = {sentence for sentence, _, _ in CASES} | set(NOT_FIGURES)
    assert len(own) >= 40


@pytest.mark.parametrize("sentence, text, expected", CASES)
def test_figure(sentence, text, expected):
    loc = _find(sentence, text)
    for name, want in expected.items():
        got = getattr(loc, name) if hasattr(loc, name) and name != "fig" else None
        if name not in ("period", "phrase", "relation", "baseline_period"):
            got = getattr(loc.fig, name)
        if isinstance(want, (int, float)) and not isinstance(want, bool) and got is not None:
            got = float(got)
        assert got == want, f"{name} of {text!r}: {got!r}, expected {want!r}"


NOT_FIGURES = [
    "Hội nghị ngày 09.10.2017 theo Kế hoạch số 231/KH-UBND ngày 26/6/2020.",
    "Triển khai Nghị quyết 42/NQ-CP và Thông tư số 27/2015/TT-LĐTBXH trong 10 năm qua.",
    "Kỷ niệm 73 năm ngày Thương binh - Liệt sĩ (27/7/1947-27/7/2020).",
    "Kỳ họp thứ 15 khóa XVII, giai đoạn 2016 - 2020, dịch Covid-19.",
    "Phấn đấu đến năm 2025 hoàn thành chương trình.",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_no_figure_in_dates_ids_and_years(sentence):
    assert extract_figures(sentence).figures == []


def test_two_figures_in_one_clause_link_and_plan():
    ex = extract_figures("Giải quyết việc làm 7.800 người, đạt 55,71% so với kế hoạch.")
    count, share = ex.figures
    assert share.link == count.id and share.relation == "pct_of_plan"
    assert round(float(share.implied.value)) == 14001
    assert float(share.implied.round) == 14000


def test_nfd_text_reads_like_nfc():
    text = "Sáu tháng đầu năm 2020, giải quyết việc làm 9.997 người, đạt 41,65% kế hoạch; " \
           "tỷ lệ hộ nghèo giảm 1,2% (tương đương giảm 3.600 hộ)."
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    a, b = extract_figures(text).to_pandas(), extract_figures(nfd).to_pandas()
    assert len(a) == 4
    columns = ["text", "kind", "unit", "value", "period", "phrase", "start", "end", "link"]
    assert a[columns].equals(b[columns])


def test_document_period_from_title_and_yearless_phrases():
    text = ("BÁO CÁO\nKết quả công tác 6 tháng đầu năm, nhiệm vụ 6 tháng cuối năm 2021\n"
            "Giải quyết việc làm cho 10.000 lao động. Quý III, tuyển sinh 2.000 người.")
    ex = extract_figures(text)
    first, second = ex.figures
    assert (first.period, first.period_source) == ("2021S1", "document")
    assert (second.period, second.period_source) == ("2021Q3", "clause")
    assert extract_figures(text, period="2021").figures[0].period == "2021"
