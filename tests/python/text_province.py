"""A small hand-built province (Hà Tĩnh, two districts) for the text and report tests."""

import pandas as pd

import chitieu

CATALOG = pd.DataFrame({
    "code": ["jobs_created", "merit_houses_built", "households", "poor_households",
             "poverty_rate", "social_assistance_paid"],
    "name": ["Giải quyết việc làm", "Nhà ở cho người có công", "Tổng số hộ", "Hộ nghèo",
             "Tỷ lệ hộ nghèo", "Kinh phí chi trả trợ cấp xã hội"],
    "unit": ["người", "căn", "hộ", "hộ", "%", "VND"],
    "value_type": ["real", "real", "real", "real", "real", "money"],
    "direction": ["higher", "higher", "higher", "lower", "lower", "higher"],
    "preset": ["flow", "flow", "stock", "stock", "", "flow"],
    "formula": ["", "", "", "", "ratio(poor_households, households, 100)", ""],
})
HIERARCHY = pd.DataFrame({"code": ["42", "436", "437"],
                          "name": ["Tỉnh Hà Tĩnh", "Huyện Hương Sơn", "Huyện Đức Thọ"],
                          "level": ["province", "district", "district"],
                          "parent_code": [None, "42", "42"]})
# Half-year totals per district (flows) or levels at the half's end (stocks), by year.
HALF = {
    "jobs_created": {2019: (5000, 4476), 2020: (6000, 3997)},
    "merit_houses_built": {2019: (900, 700), 2020: (1000, 876)},
    "households": {2019: (120000, 80000), 2020: (120000, 80000)},
    "poor_households": {2019: (7000, 5000), 2020: (5500, 4000)},
    "social_assistance_paid": {2019: (100_000_000_000, 80_000_000_000),
                               2020: (110_000_000_000, 87_100_000_000)},
}


def observations() -> pd.DataFrame:
    rows = []
    for code, years in HALF.items():
        stock = code in ("households", "poor_households")
        for year, values in years.items():
            for unit, total in zip(("436", "437"), values):
                for month in range(1, 7):
                    if stock:
                        value = total
                    else:  # a sixth a month, the rest in June
                        value = total // 6 + (total % 6 if month == 6 else 0)
                    rows.append((code, unit, f"{year}{month:02d}", value))
    return pd.DataFrame(rows, columns=["indicator", "unit", "period", "value"])


def plan() -> chitieu.Plan:
    p = chitieu.Plan()
    p.add_total("jobs_created", "42", "2020", 24000)
    p.add_total("merit_houses_built", "42", "2020", 1956)
    p.add_level("poverty_rate", "42", "2020", 5.0, bound="at_most")
    p.add_level("poor_households", "42", "2020", 10000, bound="at_most")
    p.add_total("social_assistance_paid", "42", "2020", 400_000_000_000)
    p.add_total("jobs_created", "436", "2020", 13000)
    p.add_total("jobs_created", "437", "2020", 11000)
    return p


def build():
    hierarchy = chitieu.Hierarchy.from_frame(HIERARCHY)
    catalog = chitieu.Catalog.from_frame(CATALOG)
    obs = chitieu.Observations.from_frame(observations(), hierarchy, catalog)
    return hierarchy, catalog, obs, plan()
