"""Write seed rollup states for rollup_state_fuzz (run after a change to the
state format): small states of the oracle test's random cases, as bytes.

    PYTHONPATH=python:tests/python python tests/fuzz/make_state_seeds.py
"""

from pathlib import Path

import test_oracle_rollup as oracle

from chitieu import partial_rollup

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
        h, cat, obs = oracle.build_inputs(case)
        data = partial_rollup(obs, h, cat, **case.request)._core.to_bytes()
        if len(data) <= 4000:
            (OUT / f"state{seed:03d}.bin").write_bytes(data)
            written += 1
        if written == 12:
            break
    print(f"{written} seed states in {OUT}")


if __name__ == "__main__":
    main()
