"""Precision and recall of chitieu.check's extraction on a labelled set of
sentences written for it (tests/python/data/check_labelled.txt).

Run as a script to print the measurement:
    PYTHONPATH=python python tests/python/test_check_labelled.py
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from chitieu.check import extract_figures

DATA = Path(__file__).with_name("data") / "check_labelled.txt"
HOLDOUT = Path(__file__).with_name("data") / "check_labelled_holdout.txt"


def read_labels(path: Path = DATA) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(sentence, [(value, unit, kind), ...]) per example."""
    examples: list[tuple[str, list[tuple[str, str, str]]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith(">"):
            examples.append((line[1:].strip(), []))
        else:
            value, unit, kind = (part.strip() for part in line.split("|"))
            examples[-1][1].append((value, unit, kind))
    return examples


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f")


def _key(value: str) -> str:
    """A label's value in a canonical form: "45/52", "-1..-1.5", "26340"."""
    if "/" in value:
        return "/".join(_plain(Decimal(v)) for v in value.split("/"))
    if ".." in value:
        return "..".join(_plain(Decimal(v)) for v in value.split(".."))
    return _plain(Decimal(value))


def _extracted_key(loc) -> str:
    fig = loc.fig
    if fig.kind == "ratio":
        return f"{_plain(fig.value)}/{_plain(fig.denominator)}"
    if fig.value_hi is not None:
        return f"{_plain(fig.value)}..{_plain(fig.value_hi)}"
    return _plain(fig.value)


def measure(path: Path = DATA) -> dict[str, float]:
    """Precision and recall of detection (value and unit right) and of the
    full label (value, unit and kind right), over all examples."""
    n_labels = n_found = hit = hit_kind = 0
    misses, extras = [], []
    for sentence, labels in read_labels(path):
        found = [(_extracted_key(loc), loc.fig.unit, loc.fig.kind)
                 for loc in extract_figures(sentence).figures]
        wanted = [(_key(v), u, k) for v, u, k in labels]
        n_labels += len(wanted)
        n_found += len(found)
        left = list(found)
        for value, unit, kind in wanted:
            match = next((f for f in left if f[0] == value and f[1] == unit), None)
            if match is None:
                misses.append((sentence, value, unit, kind))
                continue
            left.remove(match)
            hit += 1
            hit_kind += match[2] == kind
            if match[2] != kind:
                misses.append((sentence, value, unit, f"{kind} (got {match[2]})"))
        extras += [(sentence, *f) for f in left]
    return {"labels": n_labels, "extracted": n_found,
            "precision": hit / n_found, "recall": hit / n_labels,
            "precision_with_kind": hit_kind / n_found, "recall_with_kind": hit_kind / n_labels,
            "misses": misses, "extras": extras}  # type: ignore[dict-item]


def test_labelled_set_is_large_enough():
    assert sum(len(labels) for _, labels in read_labels()) >= 100
    assert sum(len(labels) for _, labels in read_labels(HOLDOUT)) >= 50


def _line(name: str, m: dict) -> str:
    return (f"{name}: labels {m['labels']}, extracted {m['extracted']}: precision "
            f"{m['precision']:.3f}, recall {m['recall']:.3f}; with kind: precision "
            f"{m['precision_with_kind']:.3f}, recall {m['recall_with_kind']:.3f}")


@pytest.mark.parametrize("path", [DATA, HOLDOUT], ids=["labelled", "holdout"])
def test_precision_and_recall(path):
    m = measure(path)
    print("\n" + _line(path.name, m))
    # Floors a regression would break; the measured values are in docs/check.md.
    assert m["precision"] >= 0.95
    assert m["recall"] >= 0.85
    assert m["recall_with_kind"] >= 0.80


if __name__ == "__main__":
    for path in (DATA, HOLDOUT):
        result = measure(path)
        print(_line(path.name, result))
        for miss in result["misses"]:
            print("   missed or mis-kinded:", miss[1:], "<-", miss[0][:80])
        for extra in result["extras"]:
            print("   extracted, not labelled:", extra[1:], "<-", extra[0][:80])
