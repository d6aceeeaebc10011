"""Precision and recall of chitieu.check's extraction on a labelled set of
sentences written for it (tests/python/data/check_labelled.txt).

Run as a script to print the measurement:
    PYTHONPATH=python python tests/python/test_check_labelled.py
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from chitieu.check import extract_figures

DATA = Path(__file__).with_name("data") / "check_labelled.txt"


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


def _key(value: str) -> str:
    """A label's value in a canonical form: "45/52", "-1..-1.5", "26340"."""
    if "/" in value:
        return "/".join(str(Decimal(v).normalize()) for v in value.split("/"))
    if ".." in value:
        return "..".join(str(Decimal(v).normalize()) for v in value.split(".."))
    return str(Decimal(value).normalize())


def _extracted_key(loc) -> str:  # noqa: ANN001 - a Located
    fig = loc.fig
    if fig.kind == "ratio":
        return f"{fig.value.normalize()}/{fig.denominator.normalize()}"
    if fig.value_hi is not None:
        return f"{fig.value.normalize()}..{fig.value_hi.normalize()}"
    return str(fig.value.normalize())


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


def test_precision_and_recall():
    m = measure()
    print(f"\nlabels {m['labels']}, extracted {m['extracted']}: precision {m['precision']:.3f}, "
          f"recall {m['recall']:.3f}; with kind: precision {m['precision_with_kind']:.3f}, "
          f"recall {m['recall_with_kind']:.3f}")
    # Floors a regression would break; the measured values are in docs/check.md.
    assert m["precision"] >= 0.95
    assert m["recall"] >= 0.85
    assert m["recall_with_kind"] >= 0.80


if __name__ == "__main__":
    result = measure()
    for name in ("labels", "extracted", "precision", "recall", "precision_with_kind",
                 "recall_with_kind"):
        value = result[name]
        print(f"{name:>20}: {value:.3f}" if isinstance(value, float) else f"{name:>20}: {value}")
    print("\nmissed or mis-kinded:")
    for miss in result["misses"]:
        print("  ", miss[1:], "<-", miss[0][:90])
    print("\nextracted but not labelled:")
    for extra in result["extras"]:
        print("  ", extra[1:], "<-", extra[0][:90])
