"""The money side of chitieu.datasets: allocations per district, payment ledgers
and approved beneficiary lists for three programmes, in exact int64 đồng.

A district's yearly allocation is what its caseload should cost, split among
funding sources and occasionally amended mid-year. Its communes (or the district
itself) pay it out along an S-curve with a year-end catch-up, reaching 94-100%
of the allocation in force at year end; ~6% of districts lag behind (55-88%).
`beneficiaries` on a payment counts the approved beneficiaries *first* reached
by it, so summing a ledger gives the number of distinct people paid to date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._gen_common import REF_YEAR, categorical, geo, rng, sum_by, tet_day
from ._gen_labour import assistance_standard, structure

PROGRAMMES = ("social_assistance", "merit_people", "vocational_training")
SOURCES = ("central", "provincial", "mobilised")
_PROGRAMME_SOURCES = ((0, 1), (0, 2), (0, 1, 2))  # indices into SOURCES
_MONTHLY = (True, True, False)  # monthly allowances vs. course-by-course spending
_MERIT_ALLOWANCE = 1_624_000  # đồng a month, 2020 level (illustrative average)
_HOUSE_SUPPORT = 40_000_000  # đồng per merit house
_TRAINEE_SUPPORT = 3_000_000  # đồng per subsidised rural trainee


def _expected(seed: int, year: int) -> tuple:
    """Per commune: (expected annual cost, approved beneficiaries) per programme."""
    G = geo()
    s = structure(seed)
    j = year - REF_YEAR

    def avg(x: np.ndarray) -> np.ndarray:
        return (x[:, j - 1] + x[:, j]) / 2.0

    standard = assistance_standard(year, G.province_number)[G.leaf_province].mean(
        axis=1
    )
    merit_rate = _MERIT_ALLOWANCE * 1.04 ** (year - 2020)
    trainees = np.round(s.enrolment[:, j] * 0.25)
    cost = (
        (avg(s.assisted) * 1.55 + avg(s.elderly) * 1.05) * standard * 12,
        avg(s.merit) * merit_rate * 12 + s.houses[:, j] * _HOUSE_SUPPORT,
        trainees * _TRAINEE_SUPPORT,
    )
    approved = (
        np.round(avg(s.assisted) + avg(s.elderly)),
        np.round(avg(s.merit)),
        trainees,
    )
    return cost, tuple(a.astype(np.int64) for a in approved)


def _source_shares(seed: int, year: int) -> list:
    """(districts, sources of the programme) shares of each programme's money."""
    G = geo()
    s = structure(seed)
    j = year - REF_YEAR
    n = len(G.district_codes)
    poverty = sum_by(G.leaf_district, n, s.poor[:, j - 1]) / sum_by(
        G.leaf_district, n, s.households[:, j - 1]
    )
    central = np.clip(0.15 + 2.5 * poverty, 0.15, 0.75)  # poorer: more central money
    return [
        np.stack([central, 1.0 - central], axis=1),
        np.tile([0.9, 0.1], (n, 1)),
        np.tile([0.5, 0.35, 0.15], (n, 1)),
    ]


def _allocation_year(seed: int, year: int) -> tuple:
    """(allocation rows of the year, final amounts per programme (district, source))."""
    G = geo()
    n = len(G.district_codes)
    g = rng(seed, "allocations", year)
    cost, _ = _expected(seed, year)
    shares = _source_shares(seed, year)
    rows, finals = [], []
    for p, name in enumerate(PROGRAMMES):
        total = sum_by(G.leaf_district, n, cost[p]) * g.uniform(1.0, 1.06, n)
        amount = (np.round(total[:, None] * shares[p] / 1e6) * 1_000_000).astype(
            np.int64
        )
        # Mid-year amendments (bổ sung / điều chỉnh dự toán) replace the amount.
        amended = g.random(amount.shape) < 0.04
        factor = np.where(
            g.random(amount.shape) < 0.6,
            g.uniform(1.05, 1.25, amount.shape),
            g.uniform(0.85, 0.97, amount.shape),
        )
        new = (np.round(amount * factor / 1e6) * 1_000_000).astype(np.int64)
        when = np.datetime64(f"{year}-06-01") + g.integers(0, 150, amount.shape)
        finals.append(np.where(amended, new, amount))
        src = np.array(_PROGRAMME_SOURCES[p])
        unit, col = np.nonzero(np.ones_like(amount, dtype=bool))
        a_unit, a_col = np.nonzero(amended)
        rows.append(
            pd.DataFrame(
                {
                    "programme": name,
                    "source": np.array(SOURCES)[np.r_[src[col], src[a_col]]],
                    "unit": G.district_codes[np.r_[unit, a_unit]],
                    "year": year,
                    "amount": np.r_[amount.ravel(), new[amended]],
                    "effective_date": np.r_[
                        np.full(amount.size, np.datetime64(f"{year}-01-01")),
                        when[amended],
                    ].astype("datetime64[ns]"),
                }
            )
        )
    return pd.concat(rows, ignore_index=True), finals


def allocations(seed: int, years: tuple) -> pd.DataFrame:
    frames = [_allocation_year(seed, y)[0] for y in years]
    out = pd.concat(frames, ignore_index=True)
    out["amount"] = out["amount"].astype(np.int64)
    out["year"] = out["year"].astype(np.int64)
    return out.sort_values(
        ["year", "programme", "source", "unit", "effective_date"], ignore_index=True
    )


class _Budgets:
    """What each reporting unit has to pay out in a year, per programme and source."""

    def __init__(self, seed: int, year: int, level: str):
        G = geo()
        self.codes, _ = G.level(level)
        district = G.leaf_district if level == "commune" else np.arange(len(self.codes))
        _, finals = _allocation_year(seed, year)
        cost, approved = _expected(seed, year)
        shares = _source_shares(seed, year)
        n_d = len(G.district_codes)
        g = rng(seed, "absorption", year)  # shared by the ledger and daily_payments
        lag = g.random((3, n_d)) < 0.06
        final_d = np.where(
            lag,
            g.uniform(0.55, 0.88, (3, n_d)),
            1.0 - np.minimum(g.exponential(0.012, (3, n_d)), 0.06),
        )
        self.amount, self.people, self.final, self.approved = [], [], [], []
        for p in range(3):
            if level == "commune":
                weight = cost[p] / sum_by(G.leaf_district, n_d, cost[p])[district]
                people = approved[p]
            else:
                weight = np.ones(len(self.codes))
                people = sum_by(G.leaf_district, n_d, approved[p])
            self.amount.append(finals[p][district] * weight[:, None])  # float đồng
            split = np.floor(people[:, None] * shares[p][district]).astype(np.int64)
            split[:, 0] += people - split.sum(axis=1)
            self.people.append(split)
            noise = g.uniform(0.985, 1.0, (len(self.codes), len(_PROGRAMME_SOURCES[p])))
            self.final.append(final_d[p, district][:, None] * noise)
            self.approved.append(people)


def _rows(
    key: np.ndarray,
    share: np.ndarray,
    day: np.ndarray,
    amount: np.ndarray,
    people: np.ndarray,
    reach: np.ndarray,
) -> tuple:
    """Payments from cumulative shares of a budget, rows sorted by (key, day).

    share: cumulative share paid at each row, non-decreasing within a key, its
    last row the key's final share. Returns (key, day, amount, beneficiaries)."""
    cum = (np.floor(share * amount[key] / 1000) * 1000).astype(np.int64)
    first = np.r_[True, key[1:] != key[:-1]]
    paid = np.diff(cum, prepend=0)
    paid[first] = cum[first]
    keep = paid > 0
    key, day, share, cum = key[keep], day[keep], share[keep], cum[keep]
    first = np.r_[True, key[1:] != key[:-1]]
    last = np.r_[key[1:] != key[:-1], True]
    final = np.repeat(share[last], np.diff(np.r_[0, np.nonzero(last)[0] + 1]))
    reached = np.round(reach[key] * people[key] * (share / final) ** 0.25).astype(
        np.int64
    )
    paid = np.diff(cum, prepend=0)
    paid[first] = cum[first]
    benef = np.diff(reached, prepend=0)
    benef[first] = reached[first]
    return key, day, paid, benef


def _with_reversals(parts: list, g: np.random.Generator, n_days: int) -> tuple:
    """Flatten (programme, source of key, unit of key, key rows...) parts into
    columns, adding a few flagged reversals (negative amounts a few days later)."""
    prog = np.concatenate([np.full(len(k), p, np.int8) for p, _, _, k, *_ in parts])
    src = np.concatenate([s[k] for _, s, _, k, *_ in parts])
    unit = np.concatenate([u[k] for _, _, u, k, *_ in parts])
    day, amount, benef = (np.concatenate([x[i] for x in parts]) for i in (4, 5, 6))
    rev = np.nonzero(g.random(len(amount)) < 0.003)[0]
    back = -np.maximum(1000, np.round(amount[rev] * g.uniform(0.05, 0.5, len(rev)), -3))
    prog, src, unit = (np.r_[x, x[rev]] for x in (prog, src, unit))
    day = np.r_[day, np.minimum(day[rev] + g.integers(1, 11, len(rev)), n_days - 1)]
    amount = np.r_[amount, back.astype(np.int64)]
    benef = np.r_[benef, np.zeros(len(rev), np.int64)]
    reversal = np.r_[np.zeros(len(prog) - len(rev), bool), np.ones(len(rev), bool)]
    return prog, src, unit, day, amount, benef, reversal


def _frame(year: int, codes: np.ndarray, columns: tuple) -> pd.DataFrame:
    """The ledger DataFrame, sorted by (date, unit, programme, source, reversal)."""
    prog, src, unit, day, amount, benef, reversal = columns
    # One int64 sort key: faster than lexsort.
    order = np.argsort(
        (((day.astype(np.int64) * len(codes) + unit) * 3 + prog) * 3 + src) * 2
        + reversal,
        kind="stable",
    )
    date = np.datetime64(f"{year}-01-01", "D") + day[order]
    return pd.DataFrame(
        {
            "date": date.astype("datetime64[ns]"),
            "programme": categorical(prog[order], PROGRAMMES),
            "source": categorical(src[order], SOURCES),
            "unit": categorical(unit[order], codes),
            "amount": amount[order].astype(np.int64),
            "beneficiaries": benef[order].astype(np.int64),
            "reversal": reversal[order],
        }
    )


def _keys(b: _Budgets, p: int, units: np.ndarray) -> tuple:
    """Flattened (unit, source) keys of programme p for some units, and budgets."""
    k = b.amount[p].shape[1]
    unit = np.repeat(units.astype(np.int32), k)
    src = np.tile(np.array(_PROGRAMME_SOURCES[p], np.int8), len(units))
    return (
        unit,
        src,
        b.amount[p][units].ravel(),
        b.people[p][units].ravel(),
        b.final[p][units].ravel(),
    )


def _days_in(year: int) -> int:
    first = np.datetime64(f"{year}-01-01", "D")
    return int((np.datetime64(f"{year + 1}-01-01", "D") - first).astype(np.int64))


def ledger(seed: int, year: int, level: str) -> pd.DataFrame:
    """About a payment a month per unit and source (13 with the year-end catch-up)
    for the allowance programmes, six for vocational training."""
    b = _Budgets(seed, year, level)
    g = rng(seed, "ledger", level, year)
    months = np.arange(np.datetime64(f"{year}-01"), np.datetime64(f"{year + 1}-01"))
    starts = (months.astype("datetime64[D]") - np.datetime64(f"{year}-01-01")).astype(
        np.int64
    )
    parts = []
    for p in range(3):
        unit, src, amount, people, final = _keys(b, p, np.arange(len(b.codes)))
        n = len(unit)
        catch_up = g.uniform(0.0, 0.08, n)
        if _MONTHLY[p]:
            pace = g.uniform(0.9, 1.1, n) if p == 0 else g.uniform(1.1, 1.6, n)
            payday = g.integers(4, 20, n)[:, None] + g.integers(-2, 3, (n, 12))
            day = np.c_[starts[None, :] + payday, starts[11] + g.integers(22, 30, n)]
            t = np.arange(1, 13) / 12.0
            share = np.c_[(1 - catch_up)[:, None] * t ** pace[:, None], np.ones(n)]
        else:
            pace = g.uniform(1.5, 3.0, n)[:, None]
            day = np.c_[
                np.sort(g.integers(31, 340, (n, 5)), axis=1), g.integers(344, 364, n)
            ]
            t = day[:, :5] / 365.0
            s_curve = t**pace / (t**pace + (1 - t) ** pace)
            share = np.c_[(1 - catch_up)[:, None] * s_curve, np.ones(n)]
        key = np.repeat(np.arange(n), day.shape[1])
        reach = np.minimum(1.0, final * g.uniform(1.0, 1.02, n))
        rows = _rows(
            key, (share * final[:, None]).ravel(), day.ravel(), amount, people, reach
        )
        parts.append((p, src, unit) + rows)
    return _frame(year, b.codes, _with_reversals(parts, g, _days_in(year)))


def daily(seed: int, year: int, provinces: np.ndarray) -> pd.DataFrame:
    """Payments on random working days (none at Tết or on public holidays) by
    every leaf unit of the given provinces (positions). Each province has its own
    random stream, so a subset gives exactly its rows of the whole country."""
    b = _Budgets(seed, year, "commune")
    G = geo()
    first = np.datetime64(f"{year}-01-01", "D")
    n_days = _days_in(year)
    days = np.arange(n_days)
    weekday = (days + (first.astype(np.int64) + 3) % 7) % 7  # 1970-01-01: a Thursday
    tet = int((tet_day(year) - first).astype(np.int64))
    holidays = np.array(
        [f"{year}-01-01", f"{year}-04-30", f"{year}-05-01", f"{year}-09-02"],
        dtype="datetime64[D]",
    )
    off = np.isin(days, (holidays - first).astype(np.int64))
    work = days[(weekday < 5) & ~off & ((days < tet - 2) | (days > tet + 4))]
    december = int((np.datetime64(f"{year}-12-01", "D") - first).astype(np.int64))
    chunks = []
    for province in provinces:
        g = rng(seed, "daily", year, int(G.province_number[province]))
        leaves = np.nonzero(G.leaf_province == province)[0]
        parts = []
        for p, chance in enumerate((0.3, 0.2, 0.06)):
            unit, src, amount, people, final = _keys(b, p, leaves)
            n = len(unit)
            paying = g.random((n, len(work)), dtype=np.float32) < chance
            paying[np.arange(n), len(work) - 1 - g.integers(0, 5, n)] = True  # year end
            key, col = np.nonzero(paying)
            last = np.r_[key[1:] != key[:-1], True]
            t = (work[col] + 1) / n_days
            catch_up = g.uniform(0.0, 0.08, n)[key]
            if _MONTHLY[p]:
                pace = (g.uniform(0.9, 1.1, n) if p == 0 else g.uniform(1.1, 1.6, n))[
                    key
                ]
                ramp = np.clip((work[col] - december) / (n_days - december), 0.0, 1.0)
                share = (1 - catch_up) * t**pace + catch_up * ramp
            else:
                pace = g.uniform(1.5, 3.0, n)[key]
                share = (1 - catch_up) * t**pace / (t**pace + (1 - t) ** pace)
            share = np.where(last, 1.0, np.minimum(share, 1.0)) * final[key]
            reach = np.minimum(1.0, final * g.uniform(1.0, 1.02, n))
            rows = _rows(key, share, work[col], amount, people, reach)
            parts.append((p, src, unit) + rows)
        chunks.append(_with_reversals(parts, g, n_days))
    columns = tuple(np.concatenate(c) for c in zip(*chunks))
    return _frame(year, b.codes, columns)


def approved(seed: int, years: tuple, level: str) -> pd.DataFrame:
    frames = []
    for year in years:
        b = _Budgets(seed, year, level)
        for p, name in enumerate(PROGRAMMES):
            frames.append(
                pd.DataFrame(
                    {
                        "programme": name,
                        "unit": b.codes,
                        "year": year,
                        "approved": b.approved[p].astype(np.int64),
                    }
                )
            )
    out = pd.concat(frames, ignore_index=True)
    out["year"] = out["year"].astype(np.int64)
    return out
