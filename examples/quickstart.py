"""chitieu in fifteen lines: example data -> provinces, against plan and last year.

Run: python examples/quickstart.py
"""

import chitieu

data = chitieu.datasets.labour_social(seed=0, years=(2019, 2020))  # every commune, monthly
vn = chitieu.Hierarchy.vietnam(2024)
catalog = chitieu.Catalog.from_frame(data.catalog)
obs = chitieu.Observations.from_frame(data.observations, vn, catalog)

period = chitieu.Period.parse("6 tháng đầu năm 2020")  # 2020S1
result = chitieu.rollup(obs, level=["province", "nation"],
                        periods=[period, period.same_period_last_year()])
table = result.to_pandas()
jobs = table[(table.indicator == "jobs_created") & (table.level == "nation")]
this_year, last_year = (jobs.set_index("period")["value"][str(p)]
                        for p in (period, period.same_period_last_year()))
print(f"Giải quyết việc làm: {this_year:,.0f} người, {100 * (this_year / last_year - 1):+.1f}% so với cùng kỳ")

plan = chitieu.Plan.from_frame(data.plans)
assessment = chitieu.assess(obs, plan, level="province", period=period)
a = assessment.to_pandas()
behind = a[a.indicator == "jobs_created"].nsmallest(5, "pct_of_plan")
print("Furthest behind the 2020 jobs plan:")
print(behind[["unit_name", "actual", "target", "pct_of_plan", "status"]].to_string(index=False))
