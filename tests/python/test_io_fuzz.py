"""Fuzzing the number and date parsers: round trips, and never a crash or a wrong
number -- only the right value or an InputError."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from chitieu import io as chio

WHERE = chio.Where("fuzz.csv", "value")


def _written(value: Decimal, convention: str, grouped: bool) -> str:
    """``value`` as a person writes it in ``convention`` (vi: 1.234,5; en: 1,234.5)."""
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    if grouped:
        whole = f"{int(whole):,}"
    text = whole + (f".{frac}" if frac else "")
    if convention == "vi":
        text = text.translate(str.maketrans(",.", ".,"))
    return sign + text


decimals = st.decimals(min_value=-10**12, max_value=10**12, places=3, allow_nan=False,
                       allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(decimals, min_size=1, max_size=8), st.sampled_from(["vi", "en"]), st.booleans())
def test_numbers_round_trip_with_their_convention(values, convention, grouped):
    column = pd.Series([_written(v, convention, grouped) for v in values])
    got = chio.parse_numbers(column, WHERE, number_format=convention)
    assert [Decimal(repr(float(g))) for g in got] == [Decimal(repr(float(v))) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(decimals, min_size=1, max_size=8), st.sampled_from(["vi", "en"]), st.booleans())
def test_auto_gives_the_written_numbers_or_refuses(values, convention, grouped):
    column = pd.Series([_written(v, convention, grouped) for v in values])
    try:
        got = chio.parse_numbers(column, WHERE)
    except chio.InputError as err:
        assert "ambiguous" in str(err)
        return
    assert [float(g) for g in got] == [float(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-(2**63) + 1, 2**63 - 1), min_size=1, max_size=6),
       st.sampled_from(["vi", "en"]))
def test_money_is_exact_int64(values, convention):
    column = pd.Series([_written(Decimal(v), convention, True) for v in values])
    got = chio.parse_numbers(column, WHERE, number_format=convention, money=True)
    assert got.dtype == "int64" and got.tolist() == values


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789.,-+eE ()đ\u00a0x", max_size=12), min_size=1,
                max_size=5), st.sampled_from(chio.NUMBER_FORMATS), st.booleans())
def test_numbers_never_crash(texts, number_format, money):
    try:
        chio.parse_numbers(pd.Series(texts), WHERE, number_format=number_format, money=money)
    except chio.InputError as err:
        assert err.problems and all(p.file == "fuzz.csv" for p in err.problems)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
       st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"]))
def test_dates_round_trip_day_first_or_iso(day, form):
    text = day.strftime(form)
    assert chio.parse_date(text) == day
    got = chio.parse_dates(pd.Series([text]), chio.Where("d.csv", "date"))
    assert got.iloc[0].date() == day


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789/-.: Tngàyáháămy", max_size=20))
def test_dates_never_crash(text):
    try:
        got = chio.parse_date(text)
    except chio.InputError as err:
        assert err.value == text
    else:
        assert isinstance(got, dt.date)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(decimals.map(lambda d: _written(d, "vi", True)),
                          decimals.map(lambda d: _written(d, "en", True)),
                          decimals.map(lambda d: _written(d, "en", False)),
                          st.text(alphabet="0123456789.,-+", max_size=10)),
                min_size=1, max_size=6),
       st.sampled_from(chio.NUMBER_FORMATS), st.booleans())
def test_fast_and_careful_paths_agree(texts, number_format, want_int):
    from chitieu.io import numbers, numbers_fast

    uniques = pd.unique(pd.Series(texts)).astype(object)
    fast = numbers_fast.fast_numbers(uniques, number_format, want_int)
    if fast is None:
        return
    original = numbers.fast_numbers
    numbers.fast_numbers = lambda *a: None
    try:
        careful = chio.parse_numbers(pd.Series(uniques), WHERE, number_format=number_format,
                                     money=want_int)
    finally:
        numbers.fast_numbers = original
    assert careful.dtype == fast.dtype and careful.tolist() == fast.tolist()


def test_long_repeated_columns_are_read_by_their_distinct_texts(monkeypatch):
    from chitieu.io import numbers, numbers_fast

    rng = __import__("numpy").random.default_rng(5)
    texts = pd.Series(rng.choice(["1.5", "2", "3.25", "1,234.5", "0.125"], 500)).astype("str")
    monkeypatch.setattr(numbers_fast, "_DICTIONARY_FROM", 10)
    fast = chio.parse_numbers(texts, WHERE)
    monkeypatch.setattr(numbers, "fast_numbers", lambda *a: None)
    careful = chio.parse_numbers(texts, WHERE)
    assert fast.tolist() == careful.tolist()
