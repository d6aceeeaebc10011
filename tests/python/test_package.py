import subprocess
import sys

import pytest

import chitieu


def test_version_matches_header():
    import re
    from pathlib import Path

    header = Path(__file__).parents[2] / "include" / "chitieu" / "version.hpp"
    declared = re.search(r'CHITIEU_VERSION "([0-9.]+)"', header.read_text()).group(1)
    assert chitieu.__version__ == declared


@pytest.mark.parametrize(
    "kind, exc",
    [("input", ValueError), ("unknown", KeyError), ("overflow", ValueError)],
)
def test_core_exceptions_map_to_python(kind, exc):
    with pytest.raises(exc, match="'x'"):
        chitieu._core._raise_for_test(kind)


def test_cli_version_and_help():
    out = subprocess.run(
        [sys.executable, "-m", "chitieu.cli", "--version"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert out.strip() == f"chitieu {chitieu.__version__}"
    help_text = subprocess.run(
        [sys.executable, "-m", "chitieu.cli", "--help"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert "usage: chitieu" in help_text
