import datetime as dt
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chitieu import Period, PeriodIndex

IDENTIFIERS = {
    "2020": ("year", dt.date(2020, 1, 1), dt.date(2020, 12, 31), "2020"),
    "2020S1": ("half", dt.date(2020, 1, 1), dt.date(2020, 6, 30), "2020S1"),
    "2020S2": ("half", dt.date(2020, 7, 1), dt.date(2020, 12, 31), "2020S2"),
    "2020Q3": ("quarter", dt.date(2020, 7, 1), dt.date(2020, 9, 30), "2020Q3"),
    "202007": ("month", dt.date(2020, 7, 1), dt.date(2020, 7, 31), "202007"),
    "2020-07": ("month", dt.date(2020, 7, 1), dt.date(2020, 7, 31), "202007"),
    "2020W05": ("week", dt.date(2020, 1, 27), dt.date(2020, 2, 2), "2020W05"),
    "20200715": ("day", dt.date(2020, 7, 15), dt.date(2020, 7, 15), "20200715"),
    "2020-07-15": ("day", dt.date(2020, 7, 15), dt.date(2020, 7, 15), "20200715"),
    "2016-2020": ("span", dt.date(2016, 1, 1), dt.date(2020, 12, 31), "2016-2020"),
    "2020-01-01/2020-09-30": ("range", dt.date(2020, 1, 1), dt.date(2020, 9, 30),
                              "2020-01-01/2020-09-30"),
}


@pytest.mark.parametrize("text", sorted(IDENTIFIERS))
def test_identifiers(text):
    kind, first, last, canonical = IDENTIFIERS[text]
    p = Period.parse(text)
    assert (p.kind, p.first, p.last, str(p)) == (kind, first, last, canonical)
    assert Period(str(p)) == p


@pytest.mark.parametrize("phrase, expected", [
    ("tháng 7 năm 2020", "202007"), ("tháng 7/2020", "202007"),
    ("quý III năm 2017", "2017Q3"), ("Quý 3 năm 2017", "2017Q3"), ("QUÝ IV/2017", "2017Q4"),
    ("6 tháng đầu năm 2020", "2020S1"), ("6 tháng cuối năm 2020", "2020S2"),
    ("9 tháng đầu năm 2020", "2020-01-01/2020-09-30"), ("9 tháng năm 2020", "2020-01-01/2020-09-30"),
    ("năm 2021", "2021"), ("giai đoạn 2016 - 2020", "2016-2020"),
    ("giai đoạn 2016-2020", "2016-2020"), ("  GIAI  ĐOẠN 2016 – 2020 ", "2016-2020"),
])
def test_vietnamese_phrases(phrase, expected):
    assert str(Period.parse(phrase)) == expected


@pytest.mark.parametrize("text, why", [
    ("2020Q5", "quarter 5"), ("202013", "month 13"), ("2020S3", "half-year 3"),
    ("quý V năm 2020", "quarter 'V'"), ("2021-2016", "ends before"), ("", "empty"),
    ("20210229", "day 29"), ("1899", "1899"), ("2201", "2201"), ("thang 7 nam 2020", "expected"),
])
def test_bad_inputs_name_the_text(text, why):
    with pytest.raises(ValueError) as err:
        Period.parse(text)
    assert f"'{text}'" in str(err.value) and why in str(err.value)


def test_range_is_a_run_of_days_and_sequence_lists_periods():
    # One vocabulary with C++: period::range (a run of days) and period::sequence.
    r = Period.range(dt.date(2020, 1, 15), dt.date(2020, 3, 3))
    assert (r.kind, r.first, r.last, str(r)) == ("range", dt.date(2020, 1, 15), dt.date(2020, 3, 3),
                                                 "2020-01-15/2020-03-03")
    assert [str(p) for p in Period.sequence("2020Q3", Period("2021Q1"))] == ["2020Q3", "2020Q4", "2021Q1"]
    assert Period("2020").children(period_type="half") == [Period("2020S1"), Period("2020S2")]
    assert Period("202005").parent(period_type="half") == Period("2020S1")
    # The old list form of range is told where it went, not misread as dates.
    for old in (("2020Q1", "2020Q3"), (Period("2020Q1"), Period("2020Q3"))):
        with pytest.raises(TypeError, match=r"takes dates.*Period\.sequence\(start, end\)"):
            Period.range(*old)
    assert not hasattr(Period, "interval")


def test_operations():
    q3 = Period("2020Q3")
    assert str(q3.same_period_last_year()) == "2019Q3"
    assert str(q3.year_to_date()) == "2020-01-01/2020-09-30"
    assert str(q3.year_to_date().same_period_last_year()) == "2019-01-01/2019-09-30"
    assert Period("2020M07").parent("quarter") == q3
    assert [str(c) for c in Period("2020").children("quarter")] == ["2020Q1", "2020Q2", "2020Q3", "2020Q4"]
    assert Period("2020S1").elapsed_fraction("2020") == 0.5
    assert Period("2020S1").elapsed_fraction("2020", elapsed_by="days") == pytest.approx(182 / 366)
    assert len(Period.sequence("202001", "202012")) == 12
    assert str(q3.shift(years=1, months=-3)) == "2021Q2"
    assert q3.contains(dt.date(2020, 8, 1)) and dt.date(2020, 10, 1) not in q3
    assert q3.overlaps("2020-09-01/2020-10-31")
    assert str(Period("20200229").same_period_last_year()) == "20190228"
    assert str(Period("2020-01-01/2020-02-29").same_period_last_year()) == "2019-01-01/2019-02-28"
    assert str(Period("2020W53").same_period_last_year()) == "2019W52"
    assert Period("2020W53").first == dt.date(2020, 12, 28) and Period("2021W01").first == dt.date(2021, 1, 4)
    with pytest.raises(ValueError, match="2020W53"):
        Period("2020W53").parent("year")
    with pytest.raises(ValueError, match="months"):
        q3.shift(months=1)
    with pytest.raises(ValueError, match="'fortnight'"):
        q3.parent("fortnight")
    assert pickle.loads(pickle.dumps(q3)) == q3
    assert len({Period("2020Q3"), Period("2020-07-01/2020-09-30"), q3}) == 2


def _periods():
    year = st.integers(1900, 2200)
    return st.one_of(
        st.builds(Period.year, year),
        st.builds(Period.half, year, st.integers(1, 2)),
        st.builds(Period.quarter, year, st.integers(1, 4)),
        st.builds(Period.month, year, st.integers(1, 12)),
        st.builds(Period.week, st.integers(1901, 2199), st.integers(1, 52)),
        st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))
        .map(lambda d: Period.day(d.year, d.month, d.day)),
        st.tuples(year, year).map(lambda t: Period.span(min(t), max(t))),
        st.tuples(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)),
                  st.integers(0, 800)).filter(lambda t: t[0] + dt.timedelta(t[1]) <= dt.date(2200, 12, 31))
          .map(lambda t: Period.range(t[0], t[0] + dt.timedelta(t[1]))),
    )


@settings(max_examples=400, deadline=None)
@given(_periods())
def test_round_trip(p):
    assert Period.parse(str(p)) == p


@pytest.mark.parametrize("kind", ["month", "quarter", "half", "year"])
def test_map_to_kind_and_gather_against_a_date_oracle(kind):
    rng = np.random.default_rng(3)
    texts = set()
    for _ in range(300):
        y = int(rng.integers(2018, 2022))
        form = rng.integers(0, 4)
        if form == 0:
            texts.add(f"{y}{int(rng.integers(1, 13)):02d}")
        elif form == 1:
            texts.add(f"{y}Q{int(rng.integers(1, 5))}")
        elif form == 2:
            texts.add(f"{y}W{int(rng.integers(1, 53)):02d}")
        else:
            texts.add(f"{y}{int(rng.integers(1, 13)):02d}{int(rng.integers(1, 29)):02d}")
    index = PeriodIndex(sorted(texts))
    bucket_of, buckets, not_nested = index.map_to_kind(kind)
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    for i in range(len(index)):
        p = index[i]
        # Oracle: the bucket is fixed by the first day; it must also hold the last.
        start = (p.first.month - 1) // months * months + 1
        same = (p.last.year, (p.last.month - 1) // months) == (p.first.year, (p.first.month - 1) // months)
        if same:
            b = buckets[bucket_of[i]]
            assert b.kind == kind and b.first == dt.date(p.first.year, start, 1), str(p)
        else:
            assert bucket_of[i] == -1 and i in set(not_nested.tolist()), str(p)
    ids = rng.integers(0, len(index), 10_000).astype(np.int32)
    np.testing.assert_array_equal(PeriodIndex.gather(ids, bucket_of), bucket_of[ids])
    with pytest.raises(ValueError, match="row 3"):
        PeriodIndex.gather(np.array([0, 0, 0, len(index)], dtype=np.int32), bucket_of)
