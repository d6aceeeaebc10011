"""What the random differential oracles share: a random unit tree with skipped
levels, refusals both sides must agree on, float comparison, and the loop over
seeds that names every failing seed."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

LEVELS = ["province", "district", "commune"]


@dataclass
class TreeCase:
    """A seeded case over a unit tree (codes, levels and parents in step)."""

    seed: int
    codes: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)


class Refused(Exception):
    """The oracle finds the case invalid: chitieu must refuse it too."""


def random_tree(rng: np.random.Generator, *, provinces: int, districts: int, communes: int,
                skipped: float) -> tuple[list[str], list[str], list[str]]:
    """(codes, levels, parents): up to the given numbers of provinces, districts
    per province and communes per district; with probability ``skipped`` a
    province also has a commune straight under it (a skipped level)."""
    codes: list[str] = []
    levels: list[str] = []
    parents: list[str] = []

    def add(code: str, level: str, parent: str) -> None:
        codes.append(code), levels.append(level), parents.append(parent)

    for p in range(int(rng.integers(1, provinces + 1))):
        add(f"P{p}", "province", "")
        for d in range(int(rng.integers(0, districts + 1))):
            add(f"P{p}D{d}", "district", f"P{p}")
            for k in range(int(rng.integers(0, communes + 1))):
                add(f"P{p}D{d}C{k}", "commune", f"P{p}D{d}")
        if rng.random() < skipped:
            add(f"P{p}S", "commune", f"P{p}")
    return codes, levels, parents


def run_seeds(check: Callable[[int], None], first: int, cases: int) -> None:
    """``check`` every seed; fails naming up to five failing seeds."""
    failures = []
    for seed in range(first, first + cases):
        try:
            check(seed)
        except Exception as e:  # every failure names its seed
            failures.append(f"seed {seed}: {type(e).__name__}: {e}")
            if len(failures) >= 5:
                break
    assert not failures, f"{len(failures)} failing case(s):\n" + "\n\n".join(failures)


def oracle_or_refusal(oracle: Callable[[Any], Any], run: Callable[[Any], Any], case: Any) -> Any:
    """The oracle's answer, or None once chitieu refused the case the oracle refuses."""
    try:
        return oracle(case)
    except Refused:
        with pytest.raises(ValueError):
            run(case)
        return None


def same(a: float, b: float) -> bool:
    """Equal to 1e-9 (relative), NaN only with NaN."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
