"""Disbursement against allocations and schedules, checked against plain pandas."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import chitieu
from chitieu import Allocations, Payments, Schedule, disbursement


@pytest.fixture(scope="module")
def vn():
    return chitieu.Hierarchy.vietnam(2024)


def test_quoted_figures(vn):
    # "tổng kinh phí chi trả 197,1 tỷ đồng (chiếm 99,16% tổng kinh phí được phê duyệt)":
    # 197,100,000,000 of an approved 198,770,000,000 is 99.1598...% -> 99.16%.
    # "chi trả cho 172.081 đối tượng (chiếm 99,13% ...)": 172,081 of 173,594 approved.
    alloc = Allocations.from_frame(pd.DataFrame({
        "programme": ["merit"], "source": ["central"], "unit": ["001"], "year": [2020],
        "amount": [198_770_000_000]}))
    pay = Payments.from_frame(pd.DataFrame({
        "date": pd.to_datetime(["2020-03-01", "2020-11-30"]), "programme": "merit",
        "source": "central", "unit": ["00001", "00004"],
        "amount": [100_000_000_000, 97_100_000_000], "beneficiaries": [90_000, 82_081]}))
    approved = pd.DataFrame({"programme": ["merit"], "unit": ["001"], "year": [2020],
                             "approved": [173_594]})
    r = disbursement(alloc, pay, Schedule.linear(), vn, level="province",
                     as_of=dt.date(2020, 12, 31), approved=approved).to_pandas()
    row = r.iloc[0]
    assert row.disbursed == 197_100_000_000 and row.allocated == 198_770_000_000
    assert f"{row.disbursement_rate:.2f}" == "99.16"
    assert row.beneficiaries_paid == 172_081
    assert f"{row.coverage:.2f}" == "99.13"
    assert row.gap == 198_770_000_000 - 197_100_000_000  # the plan reached 100% on 31/12


def _random_case(seed):
    rng = np.random.default_rng(seed)
    districts = ["001", "002", "003", "004", "005", "006", "008", "009", "016", "017", "018", "019"]
    communes = {d: list(VN.descendants(d, "commune"))[:5] for d in districts}
    rows = []
    for d in districts:
        for prog in ("assist", "merit"):
            for src in ("central", "provincial"):
                if rng.random() < 0.15:
                    continue  # no allocation: its payments are unallocated
                amount = int(rng.integers(1, 10**12))
                rows.append((prog, src, d, 2020, amount, pd.NaT))
                if rng.random() < 0.3:  # an amendment, maybe after as_of
                    when = pd.Timestamp(2020, int(rng.integers(2, 13)), 1)
                    rows.append((prog, src, d, 2020, int(amount * rng.uniform(0.8, 1.3)), when))
                rows.append((prog, src, d, 2019, int(rng.integers(1, 10**12)), pd.NaT))
    alloc = pd.DataFrame(rows, columns=["programme", "source", "unit", "year", "amount", "effective_date"])
    n = 400
    district = rng.choice(districts, n)
    pay = pd.DataFrame({
        "date": pd.Timestamp(2019, 12, 1) + pd.to_timedelta(rng.integers(0, 400, n), unit="D"),
        "programme": rng.choice(["assist", "merit"], n),
        "source": rng.choice(["central", "provincial"], n),
        "unit": [rng.choice(communes[d]) for d in district],
        "amount": rng.integers(1, 10**10, n),
        "beneficiaries": rng.integers(0, 500, n),
        "reversal": False,
    })
    rev = rng.random(n) < 0.05
    pay.loc[rev, "amount"] *= -1
    pay.loc[rev, "reversal"] = True
    return alloc, pay


VN = chitieu.Hierarchy.vietnam(2024)


@pytest.mark.parametrize("seed", range(8))
def test_every_column_against_a_pandas_oracle(seed):
    alloc, pay = _random_case(seed)
    as_of = dt.date(2020, int(np.random.default_rng(seed).integers(1, 13)), 15)
    profile = {3: 0.15, 6: 0.45, 9: 0.7, 12: 1.0}
    schedule = Schedule.profile(profile)
    result = disbursement(Allocations.from_frame(alloc), Payments.from_frame(pay), schedule, VN,
                          level="district", as_of=as_of).to_pandas()

    # --- oracle, written plainly ---
    in_force = alloc.effective_date.isna() | (alloc.effective_date <= pd.Timestamp(as_of))
    a = alloc[(alloc.year == 2020) & in_force]
    a = a.assign(order=a.effective_date.fillna(pd.Timestamp("1900-01-01")))
    a = a.sort_values("order", kind="stable")
    a = a.drop_duplicates(["programme", "source", "unit"], keep="last")
    start = pd.Timestamp(2019, 12, 31)
    points = [(start, 0.0)] + [(pd.Timestamp(2020, m, 1) + pd.offsets.MonthEnd(0), s)
                               for m, s in profile.items()]

    def share(day):
        day = pd.Timestamp(day)
        for (d0, s0), (d1, s1) in zip(points, points[1:]):
            if day <= d1:
                return s0 + (day - d0).days / (d1 - d0).days * (s1 - s0)
        return 1.0

    p = pay[(pay.date.dt.year == 2020) & (pay.date <= pd.Timestamp(as_of))].copy()
    p["district"] = [VN.ancestor(u, "district") for u in p.unit]
    keyed = set(zip(a.programme, a.source, a.unit))
    p["allocated"] = [(r.programme, r.source, r.district) in keyed for r in p.itertuples()]
    s_today = share(as_of)
    for row in result.itertuples():
        key = (row.programme, row.source, row.unit)
        arow = a[(a.programme == key[0]) & (a.source == key[1]) & (a.unit == key[2])]
        allocated = int(arow.amount.sum())
        paid = p[(p.programme == key[0]) & (p.source == key[1]) & (p.district == key[2])]
        disbursed = int(paid.amount.sum())
        planned = int(np.floor(np.longdouble(allocated) * np.longdouble(s_today))) if allocated else 0
        assert row.allocated == allocated, key
        assert row.disbursed == disbursed, key
        assert row.unallocated == int(paid[~paid.allocated].amount.sum()), key
        assert row.reversals == int(paid[paid.reversal].amount.sum()), key
        assert row.beneficiaries_paid == int(paid.beneficiaries.sum()), key
        assert abs(row.planned_to_date - planned) <= 1, key  # floor of a long double product
        assert row.gap == row.planned_to_date - disbursed, key
        if allocated:
            assert row.disbursement_rate == pytest.approx(100 * disbursed / allocated, rel=1e-12)
            assert row.over_disbursed == (disbursed > allocated)
            pace = disbursed / row.planned_to_date if row.planned_to_date else 1.0
            projected = disbursed + pace * max(0.0, allocated * 1.0 - row.planned_to_date)
            assert row.projected_year_end == pytest.approx(projected, rel=1e-9)
            assert row.at_risk == (projected / allocated < 0.95)
        else:
            assert np.isnan(row.disbursement_rate)
    # Nothing dropped: every payment to date is in some row.
    assert result.disbursed.sum() == p.amount.sum()


def test_s_curve_is_cumulative_and_ends_at_disbursed(vn):
    alloc, pay = _random_case(3)
    r = disbursement(Allocations.from_frame(alloc), Payments.from_frame(pay), Schedule.linear(), VN,
                     level="province", as_of=dt.date(2020, 9, 30))
    curve = r.s_curve()
    assert sorted(curve.period.unique()) == [f"2020{m:02d}" for m in range(1, 10)]
    last = curve[curve.period == "202009"].set_index(["unit", "programme", "source"])["disbursed"]
    table = r.to_pandas().set_index(["unit", "programme", "source"])["disbursed"]
    assert (last.reindex(table.index).fillna(0).astype(int) == table).all()
    p = pay[(pay.date.dt.year == 2020) & (pay.date <= "2020-09-30")]
    monthly = p.groupby([p.programme, p.source, p.date.dt.strftime("%Y%m")]).amount.sum()
    cum = monthly.groupby(level=[0, 1]).cumsum()
    for (prog, src, month), value in cum.items():
        cell = (curve.programme == prog) & (curve.source == src) & (curve.period == month)
        got = curve[cell].disbursed.sum()
        assert got == value
    quarters = r.s_curve("quarter")
    assert set(quarters.period) == {"2020Q1", "2020Q2", "2020Q3"}


def test_carry_over_is_reported_separately_and_checked(vn):
    alloc = pd.DataFrame({"programme": "p", "source": "s", "unit": ["001", "001"], "year": [2019, 2020],
                          "amount": [1_000, 2_000]})
    pay = pd.DataFrame({"date": pd.to_datetime(["2019-06-01", "2020-03-01"]), "programme": "p",
                        "source": "s", "unit": ["001", "001"], "amount": [700, 500]})
    carry = pd.DataFrame({"programme": ["p"], "source": ["s"], "unit": ["001"], "year": [2019],
                          "amount": [300]})
    r = disbursement(Allocations.from_frame(alloc), Payments.from_frame(pay), Schedule.linear(), vn,
                     level="district", as_of="2020-06-30", carry_over=carry).to_pandas().iloc[0]
    assert (r.allocated, r.carried_over, r.disbursed) == (2_000, 300, 500)
    assert r.disbursement_rate == pytest.approx(25)
    assert r.disbursement_rate_incl_carry_over == pytest.approx(100 * 500 / 2_300)
    too_much = carry.assign(amount=301)
    with pytest.raises(ValueError, match="exceeds its unspent 300"):
        disbursement(Allocations.from_frame(alloc), Payments.from_frame(pay), Schedule.linear(), vn,
                     level="district", as_of="2020-06-30", carry_over=too_much)


def test_schedules_tranches_and_overrides():
    s = Schedule.profile({"Q1": 0.15, "S1": 0.45, "Q3": 0.7, "year": 1.0})
    assert s.share_at(dt.date(2020, 3, 31)) == pytest.approx(0.15)
    assert s.share_at(dt.date(2020, 2, 15)) == pytest.approx(0.15 * 46 / 91)
    assert s.share_at(dt.date(2021, 5, 1), fiscal_year=2020) == 1.0
    late = Schedule.profile({12: 0.8, 13: 0.95})  # "95% by 31 January of the next year"
    assert late.share_at(dt.date(2021, 1, 31), fiscal_year=2020) == pytest.approx(0.95)
    t = Schedule.tranches([("2020-02-01", 300), ("2020-07-01", 700)])
    assert t.share_at(dt.date(2020, 2, 1)) == pytest.approx(0.3)
    assert t.share_at(dt.date(2020, 7, 1)) == 1.0
    with_override = Schedule.linear().override(s, programme="merit")
    assert with_override.resolve("merit", "001") == s
    assert with_override.resolve("other", "001").kind == "linear"


@pytest.mark.parametrize("shares, message", [
    ({3: 0.5, 6: 0.4}, "must not decrease"),
    ({3: 0.5, 12: 1.2}, "within 0% and 100%"),
    ({30: 1.0}, "outside 1-24"),
    ({"Q5": 1.0}, "'Q5'"),
])
def test_bad_schedules(shares, message):
    with pytest.raises(ValueError, match=message):
        Schedule.profile(shares)


def test_bad_payments_and_overflow(vn):
    with pytest.raises(ValueError, match=r"row 1 .* not flagged as a reversal"):
        Payments.from_frame(pd.DataFrame({"date": ["2020-01-01"] * 2, "programme": "p", "source": "s",
                                          "unit": "001", "amount": [5, -5]}))
    with pytest.raises(ValueError, match="whole number"):
        Payments.from_frame(pd.DataFrame({"date": ["2020-01-01"], "programme": "p", "source": "s",
                                          "unit": "001", "amount": [1.5]}))
    big = np.iinfo(np.int64).max // 2 + 10
    alloc = Allocations.from_frame(pd.DataFrame({"programme": "p", "source": "s", "unit": ["001"],
                                                 "year": [2020], "amount": [1]}))
    pay = Payments.from_frame(pd.DataFrame({"date": ["2020-01-01", "2020-01-02", "2020-01-03"],
                                            "programme": "p", "source": "s", "unit": "00001",
                                            "amount": [big, big, big]}))
    with pytest.raises(ValueError, match=r"int64|overflow"):
        disbursement(alloc, pay, Schedule.linear(), vn, level="province", as_of="2020-12-31")


def test_unallocated_payments_are_kept_and_over_disbursement_flagged(vn):
    alloc = Allocations.from_frame(pd.DataFrame({"programme": "p", "source": "s", "unit": ["001"],
                                                 "year": [2020], "amount": [100]}))
    pay = Payments.from_frame(pd.DataFrame({
        "date": ["2020-01-05", "2020-01-06", "2020-01-07"], "programme": ["p", "p", "q"],
        "source": "s", "unit": ["00001", "00004", "00001"], "amount": [90, 30, 40]}))
    r = disbursement(alloc, pay, Schedule.linear(), vn, level="province", as_of="2020-02-01").to_pandas()
    p = r[r.programme == "p"].iloc[0]
    q = r[r.programme == "q"].iloc[0]
    assert p.disbursed == 120 and p.over_disbursed and p.unallocated == 0
    assert q.disbursed == 40 and q.unallocated == 40 and q.allocated == 0
    assert np.isnan(q.disbursement_rate)


@pytest.mark.parametrize("by", [[], ["programme"], ["source"], ["source", "programme"]])
def test_by_keeps_groups_and_totals_over_the_others_like_pandas(by):
    alloc, pay = _random_case(11)
    as_of = dt.date(2020, 8, 20)
    r = disbursement(Allocations.from_frame(alloc), Payments.from_frame(pay), Schedule.linear(), VN,
                     level="province", as_of=as_of, by=by)
    got = r.to_pandas()
    assert [c for c in ("programme", "source") if c in got] == sorted(by)
    # --- oracle ---
    a = alloc[(alloc.year == 2020) & (alloc.effective_date.isna()
                                      | (alloc.effective_date <= pd.Timestamp(as_of)))]
    a = a.assign(order=a.effective_date.fillna(pd.Timestamp("1900-01-01")))
    a = a.sort_values("order", kind="stable").drop_duplicates(["programme", "source", "unit"],
                                                              keep="last")
    a = a.assign(unit=[VN.ancestor(u, "province") for u in a.unit])
    p = pay[(pay.date.dt.year == 2020) & (pay.date <= pd.Timestamp(as_of))]
    p = p.assign(unit=[VN.ancestor(u, "province") for u in p.unit])
    keys = ["unit", *by]
    allocated = a.groupby(keys).amount.sum()
    disbursed = p.groupby(keys).amount.sum()
    people = p.groupby(keys).beneficiaries.sum()
    want = pd.concat([allocated.rename("allocated"), disbursed.rename("disbursed"),
                      people.rename("beneficiaries_paid")], axis=1).fillna(0).astype(np.int64)
    assert len(got) == len(want)
    table = got.set_index(keys)[["allocated", "disbursed", "beneficiaries_paid"]]
    assert (table.reindex(want.index) == want).all().all()
    curve = r.s_curve()
    last = curve[curve.period == "202008"].set_index(keys)["disbursed"]
    assert (last.reindex(want.index) == want["disbursed"]).all()
