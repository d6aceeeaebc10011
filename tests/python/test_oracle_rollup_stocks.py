"""Differential test of ``chitieu.rollup`` on stocks reported by (nearly) every
unit every month, against the oracle of ``test_oracle_rollup``.

With more rows than time-state cells (months into quarters, halves or years), the
rollup holds a stock's "last" states in a table a cell per key instead of as
entries (``src/rollup/dense_last.hpp``); the random cases of
``test_oracle_rollup`` are too sparse to take that path. These cases keep that
test's awkward shapes (skipped levels, groups, nested unit targets, money, NaN
and duplicate policies, one or two threads) and add quarter rows beside the
months of some units, so "last" orders periods of two kinds in one cell.

``CHITIEU_ORACLE_CASES`` scales the number of cases as for the main oracle.
"""

from __future__ import annotations

import math
import os
import pickle

import numpy as np
import pytest
from _oracle_cases import run_seeds
from test_oracle_rollup import (
    MONTHS_OF,
    Case,
    calendar,
    cells_of,
    check,
    make_case,
    model_of,
    observations_of,
)

from chitieu import Indicator, partial_rollup

CASES = max(20, int(os.environ.get("CHITIEU_ORACLE_CASES", "2000")) // 10)
FIRST_SEED = int(os.environ.get("CHITIEU_ORACLE_SEED", "0"))
YEARS = (2020, 2021)


def make_stock_case(seed: int) -> Case:
    """make_case's units, targets and policies; every base indicator a stock
    (time rule "last"), with a row for most (unit, month) pairs."""
    c = make_case(seed)
    rng = np.random.default_rng(seed + 1_000_003)
    ratios = {code: Indicator.ratio(code, num, den, f) for code, (num, den, f) in c.ratios.items()}
    c.indicators = []
    for code, (_, space, money) in c.rules.items():
        c.rules[code] = ("last", space, money)
        c.indicators.append(Indicator(code, value_type="money" if money else "real",
                                      time_rule="last", space_rule=space))
    c.indicators += ratios.values()
    kinds = c.request.get("period_type", ["month"])
    # quarter rows nest in what is asked for only when months are not asked for
    quarters = "month" not in kinds
    if c.duplicates == "error" and rng.random() < 0.8:
        c.duplicates = "last"  # mostly cases that hold, rather than refusals
    # Odd seeds run with two threads (run_chitieu): years enough for some 9,000
    # rows, so that both threads take rows of one value type (a lane each,
    # merged; a lane's rows come 4,096 at least) even in the smaller trees.
    # Years after 2021 lie outside explicitly requested periods.
    n = 1 + int(9000 / (12 * len(c.rules) * len(c.codes))) if seed % 2 else 0
    years = range(YEARS[0], YEARS[0] + min(max(n, len(YEARS)), 150))
    c.rows = []
    for ind, (_, _, money) in c.rules.items():
        for unit in c.codes:
            for y in years:
                for m in range(1, 13):
                    spans = []
                    if rng.random() < 0.9:
                        spans.append(calendar("month", y, m))
                    if quarters and m % MONTHS_OF["quarter"] == 0 and rng.random() < 0.1:
                        spans.append(calendar("quarter", y, m))
                    for span in spans:
                        value = (float(rng.integers(-5, 50)) if money
                                 else float(rng.integers(-20, 200)) / 4)
                        if c.nans == "skip" and rng.random() < 0.05:
                            value = math.nan
                        c.rows.append((ind, unit, span, value))
                        if c.duplicates != "error" and rng.random() < 0.03:
                            c.rows.append((ind, unit, span, float(rng.integers(0, 30))))
    rng.shuffle(c.rows)  # rows in any order: "last" is by period, then by row
    return c


def test_dense_stocks_match_oracle_on_random_cases():
    run_seeds(lambda seed: check(seed, make_stock_case), FIRST_SEED, CASES)


def merged_states(c: Case, *, pickled_first: bool) -> dict[tuple, tuple[float, int, int]]:
    """The case as two partial rollups merged: the rows of all units but the last
    (nearly every row, so their states are held as cells), then the last unit's (a
    unit's duplicates stay in one part). A state keeps its cells until a merge or
    its bytes file them; with ``pickled_first`` the first state goes through its
    bytes before the merge, else the merged state does."""
    h, cat = model_of(c)
    last = c.codes[-1]

    def state(rows):
        return partial_rollup(observations_of(c, rows, h, cat), h, cat,
                              threads=int(1 + c.seed % 2), **c.request)

    first = state([r for r in c.rows if r[1] != last])
    second = state([r for r in c.rows if r[1] == last])
    if pickled_first:
        return cells_of(pickle.loads(pickle.dumps(first)).merge(second).finish())
    return cells_of(pickle.loads(pickle.dumps(first.merge(second))).finish())


@pytest.mark.parametrize("pickled_first", [False, True])
def test_merged_and_pickled_dense_stocks_match_oracle(pickled_first):
    run_seeds(lambda seed: check(seed, make_stock_case,
                                 lambda c: merged_states(c, pickled_first=pickled_first)),
              FIRST_SEED, max(10, CASES // 4))
