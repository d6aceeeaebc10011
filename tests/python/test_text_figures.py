"""chitieu.text: the figures of the departments' reports, and period labels that read back."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from chitieu import Period, text
from chitieu.text.figures import NUMBER_PATTERN

REPORTS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reports"


@pytest.mark.parametrize("value, expected", [
    (9997, "9.997"), (172081, "172.081"), (1876, "1.876"), (0, "0"), (-2500, "-2.500"),
    (1234567.5, "1.234.568"), (10**18 + 1, "1.000.000.000.000.000.001")])
def test_numbers(value, expected):
    assert text.format_number(value) == expected


def test_percents_and_rounding():
    assert text.format_percent(41.6458) == "41,65%"
    assert text.format_percent(99.16) == "99,16%"
    assert text.format_percent(30.0) == "30%"
    assert text.format_percent(30.0, trim=False) == "30,00%"
    # 120/195 = 61.538...: the Hà Tĩnh report truncates to 61,53%.
    assert text.format_percent(100 * 120 / 195, rounding="truncate") == "61,53%"
    assert text.format_percent(100 * 120 / 195) == "61,54%"
    assert text.format_percent(41.645) == "41,65%"  # decimal half-up, not binary
    assert text.format_percent(41.6458, lang="en") == "41.65%"


def test_money_is_exact_and_scaled():
    assert text.format_money(197_100_000_000) == "197,1 tỷ đồng"
    assert text.format_money(15_450_000) == "15,45 triệu đồng"
    assert text.format_money(147_522_000_000, decimals=3) == "147,522 tỷ đồng"
    assert text.format_money(158_400_000_000, "tỷ", 0) == "158 tỷ đồng"
    assert text.format_money(999, "auto") == "999 đồng"
    assert text.format_money(197_100_000_000, "triệu") == "197.100 triệu đồng"
    assert text.format_money(3_408_284_000_000, lang="en") == "3,408.28 billion đồng"
    # 2**62 + 5 đồng: a float would lose the last digits; the text does not.
    assert text.format_money(2**62 + 5, "đồng") == f"{2**62 + 5:,} đồng".replace(",", ".")
    assert text.format_money(1_234_565_000, "tỷ", 5) == "1,23457 tỷ đồng"
    assert text.format_money(1_234_565_000, "tỷ", 5, rounding="truncate") == "1,23456 tỷ đồng"
    with pytest.raises(TypeError, match="whole đồng"):
        text.format_money(1.5e9)
    with pytest.raises(ValueError, match="scale"):
        text.format_money(10, "bn")
    assert text.rounding_note("tỷ", 1) == "làm tròn đến 0,1 tỷ đồng"


def test_changes_in_words():
    assert text.format_change(0.75, points=True) == "tăng 0,75 điểm %"
    assert text.format_change(5.5) == "tăng 5,5%"
    assert text.format_change(-1.27, points=True) == "giảm 1,27 điểm %"
    assert text.format_change(-2500, 0, unit="hộ") == "giảm 2.500 hộ"
    assert text.format_change(0.004) == "không đổi"
    assert text.format_change(2.63, points=True, lang="en") == "up 2.63 pp"


def test_parse_number_reads_back_what_format_writes():
    assert text.parse_number("9.997") == 9997
    assert text.parse_number("41,65") == Decimal("41.65")
    assert text.parse_number("1.234.567,89") == Decimal("1234567.89")
    for bad in ("9.99", "41.65,1", "abc", "1,2,3"):
        with pytest.raises(ValueError, match="not a number"):
            text.parse_number(bad)


@pytest.mark.skipif(not REPORTS.exists(), reason="shared/data/reports not beside the clone")
def test_quoted_figures_are_written_as_the_reports_write_them():
    ha_tinh = (REPORTS / "ha_tinh_2020_h1.txt").read_text(encoding="utf-8")
    q3 = (REPORTS / "quarter_iii_2017.txt").read_text(encoding="utf-8")
    for written in (f"{text.format_number(9997)} người, đạt {text.format_percent(41.6458)} kế hoạch",
                    text.format_money(197_100_000_000), text.format_money(147_522_000_000, decimals=3),
                    f"{text.format_number(120)}/{text.format_number(195)}",
                    text.period_label("2020S2"), text.period_label("2021-2025")):
        assert written in ha_tinh
    assert f"{text.format_change(5.5)} so với {text.same_period_phrase('2017Q3')}" in q3
    assert text.period_label("2017Q3") in q3
    for number in NUMBER_PATTERN.findall("1.876/1.956 căn nhà đạt 95,91%"):
        assert text.format_number(text.parse_number(number), 2, trim=True) == number


EVERY_KIND = ["202007", "2017Q3", "2019S1", "2020S2", "2020", "2021-2025",
              "2020-01-01/2020-09-30", "2020-03-01/2020-12-31", "2020-01-01/2020-01-31",
              "2020-02-01/2020-03-15", "2020-01-01/2020-06-30", "2019-12-01/2020-02-29",
              "20200715", "2020W05", "2020W53"]


@pytest.mark.parametrize("code", EVERY_KIND)
def test_every_label_reads_back_to_the_same_period(code):
    p = Period.parse(code)
    for label in (p.label(), p.label(short=True) if p.kind in (
            "month", "quarter", "half", "year", "span") else p.label()):
        back = Period.parse(label)
        assert (back, back.kind, back.first, back.last) == (p, p.kind, p.first, p.last), label


def test_labels_as_reports_write_them():
    expected = {"202007": ("tháng 7/2020", "T7/2020", "July 2020"),
                "2017Q3": ("quý III năm 2017", "Q3/2017", "Q3 2017"),
                "2019S1": ("6 tháng đầu năm 2019", "S1/2019", "first half of 2019"),
                "2020S2": ("6 tháng cuối năm 2020", "S2/2020", "second half of 2020"),
                "2020-01-01/2020-09-30": ("9 tháng đầu năm 2020", "9T đầu/2020",
                                          "January–September 2020"),
                "2020": ("năm 2020", "2020", "2020"),
                "2021-2025": ("giai đoạn 2021 - 2025", "2021-2025", "2021–2025"),
                "20200715": ("ngày 15/7/2020", "15/7/2020", "15 July 2020"),
                "2020W05": ("tuần 5 năm 2020", "W5/2020", "week 5 of 2020")}
    for code, (vi, short, en) in expected.items():
        p = Period(code)
        assert (p.label(), p.label(short=True), p.label(lang="en")) == (vi, short, en)
    # A range that coincides with a half-year keeps its dates, so it stays a range.
    assert Period.range(dt.date(2020, 1, 1), dt.date(2020, 6, 30)).label() == \
        "từ ngày 1/1/2020 đến ngày 30/6/2020"
    with pytest.raises(ValueError, match="lang"):
        Period("2020").label(lang="fr")


def test_words():
    assert text.status_word("met", pct_of_plan=100.0) == "đạt kế hoạch"
    assert text.status_word("met", pct_of_plan=100.5) == "vượt kế hoạch"
    assert [text.status_word(s) for s in ("on_track", "at_risk", "off_track")] == \
        ["đúng tiến độ", "chậm tiến độ", "không đạt tiến độ"]
    with pytest.raises(ValueError, match="unknown status 'late'"):
        text.status_word("late")
    assert text.header("yoy_pp") == "So cùng kỳ (điểm %)"
    assert text.unit_word("VND") == "đồng"
