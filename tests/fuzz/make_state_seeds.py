"""Write seed rollup states for rollup_state_fuzz (run after a change to the
state format): small states of the oracle test's random cases, as bytes.

    PYTHONPATH=python:tests/python python tests/fuzz/make_state_seeds.py
"""

from pathlib import Path

import pandas as pd
import test_oracle_rollup as oracle

from chitieu import Catalog, Hierarchy, Observations, partial_rollup

OUT = Path(__file__).resolve().parent / "corpus" / "rollup_state"


def main() -> None:
    for old in OUT.glob("state*.bin"):
        old.unlink()
    written = 0
    for seed in range(200):
        case = oracle.make_case(seed)
        try:
            oracle.oracle(case)
        except oracle.Refused:
            continue
        h = Hierarchy.from_arrays(case.codes, case.codes, case.levels, case.parents,
                                  level_names=oracle.LEVELS)
        for name, members in case.groups.items():
            h.add_group(name, members)
        cat = Catalog(case.indicators)
        frame = pd.DataFrame({"indicator": [r[0] for r in case.rows],
                              "unit": [r[1] for r in case.rows],
                              "period": [r[2].text() for r in case.rows],
                              "value": [r[3] for r in case.rows]})
        obs = Observations.from_frame(frame, h, cat, duplicates=case.duplicates,
                                      nan_policy=case.nans)
        data = partial_rollup(obs, h, cat, **case.request)._core.to_bytes()
        if len(data) <= 4000:
            (OUT / f"state{seed:03d}.bin").write_bytes(data)
            written += 1
        if written == 12:
            break
    print(f"{written} seed states in {OUT}")


if __name__ == "__main__":
    main()
