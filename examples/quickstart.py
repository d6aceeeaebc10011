"""chitieu in fifteen lines: example data -> provinces, against plan and last year.

Run: python examples/quickstart.py
"""

import chitieu

data = chitieu.datasets.labour_social(seed=0, years=(2019, 2020))  # every commune, monthly
vn = chitieu.Hierarchy.vietnam(2024)
catalog = chitieu.Catalog.from_frame(data.catalog)
obs = chitieu.Observations.from_frame(data.observations, vn, catalog)

period = chitieu.Period.parse("6 tháng đầu năm 2020")  # 2020S1
result = chitieu.rollup(obs, vn, catalog, level=["province", "nation"],
                        periods=[period, period.same_period_last_year()])
table = result.to_pandas()
jobs = table[(table.indicator == "jobs_created") & (table.level == "nation")]
print(jobs[["unit", "period", "value", "coverage"]].to_string(index=False))

this_year, last_year = jobs.sort_values("period")["value"].tolist()[::-1]
print(f"Giải quyết việc làm: {this_year:,.0f} người, {100 * (this_year / last_year - 1):+.1f}% so với cùng kỳ")

poverty = table[(table.indicator == "poverty_rate") & (table.level == "province")
                & (table.period == str(period))].sort_values("value")
print("Lowest poverty rates, 2020S1:")
print(poverty.head(5)[["unit", "value"]].to_string(index=False))
