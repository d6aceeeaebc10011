import pickle

import numpy as np
import pandas as pd
import pytest

import chitieu
from chitieu import Hierarchy


@pytest.fixture(scope="module")
def vn():
    return Hierarchy.vietnam(2024)


def test_real_counts_and_known_units(vn):
    assert vn.counts() == {"nation": 1, "province": 63, "district": 696, "commune": 10047}
    assert vn.path("00001") == ["VN", "01", "001", "00001"]
    assert vn.unit("00001").name == "Phường Phúc Xá"
    assert vn.unit("001").name == "Quận Ba Đình"
    assert vn.ancestor("00001", "province") == "01"
    assert vn.level_of("79") == "province"
    assert "00001" in vn and "zz" not in vn


def test_every_commune_has_a_district_and_a_province(vn):
    table = vn.ancestor_table()
    communes = vn.ids(vn.units("commune"))
    assert (table[communes, 1] >= 0).all() and (table[communes, 2] >= 0).all()


def test_ancestor_table_matches_a_parent_walk_of_the_csv(vn):
    raw = pd.read_csv(chitieu.__path__[0] + "/data/vn_admin_2024.csv", dtype=str, keep_default_na=False)
    parent = dict(zip(raw.code, raw.parent_code))
    level = dict(zip(raw.code, raw.level))
    table = vn.ancestor_table()
    rng = np.random.default_rng(0)
    for code in rng.choice(raw.code.to_numpy(), 500, replace=False):
        walk, c = {}, code
        while c:
            walk[level[c]] = c
            c = parent[c]
        row = table[vn.id(code)]
        for i, lv in enumerate(vn.levels[1:], start=1):
            expected = walk.get(lv)
            assert (vn.code(row[i]) if row[i] >= 0 else None) == expected


def test_ancestor_table_is_a_zero_copy_view(vn):
    a, b = vn.ancestor_table(), vn.ancestor_table()
    assert np.shares_memory(a, b) and not a.flags.writeable


def test_construction_from_frame_csv_and_pickle(tmp_path):
    df = pd.DataFrame({"code": ["01", "001", "00001"], "name": ["A", "B", "C"],
                       "level": ["province", "district", "commune"], "parent_code": ["", "01", "001"]})
    h = Hierarchy.from_frame(df)
    assert h.levels == ["province", "district", "commune"]
    df.to_csv(tmp_path / "h.csv", index=False)
    assert Hierarchy.from_csv(tmp_path / "h.csv").to_frame().code.tolist() == ["01", "001", "00001"]
    h.add_group("g", ["001"])
    h2 = pickle.loads(pickle.dumps(h))
    assert h2.group("g") == ["001"] and h2.path("00001") == ["01", "001", "00001"]


@pytest.mark.parametrize("codes, levels, parents, fragment", [
    (["01", "01"], ["p", "p"], ["", ""], "'01'"),
    (["01", "001"], ["p", "d"], ["", "99"], "'99'"),
    (["01", ""], ["p", "d"], ["", "01"], "empty"),
    (["a", "b"], ["d", "d"], ["b", "a"], "cycle"),
    (["01", "02"], ["p", "p"], ["", "01"], "'02'"),
])
def test_bad_input(codes, levels, parents, fragment):
    with pytest.raises((ValueError, KeyError)) as err:
        Hierarchy.from_arrays(codes, codes, levels, parents, level_names=["p", "d"])
    assert fragment in str(err.value)


def test_unknown_codes_are_key_errors_listing_ten_and_a_count(vn):
    with pytest.raises(KeyError, match=r"'x0'.*and 2 more; 12 in all"):
        vn.ids([f"x{i}" for i in range(12)])
    with pytest.raises(KeyError, match="'nope'"):
        vn.unit("nope")
    with pytest.raises(KeyError, match="'ward'"):
        vn.units("ward")


def test_vietnam_other_years_are_not_shipped():
    with pytest.raises(ValueError, match="2023"):
        Hierarchy.vietnam(2023)


def test_groups(vn):
    vn.add_group("capitals", ["01", "79"])
    assert vn.group("capitals") == ["01", "79"] and "capitals" in vn.groups
    with pytest.raises(KeyError, match="'nope'"):
        vn.add_group("bad", ["01", "nope"])
