// chitieu._core.assess: an assessment as numpy columns (the plan side as in
// Plan.targets_at, then windows, actuals, measures, year on year, ranks).
#include "binding.hpp"
#include "plan_columns.hpp"

#include <chitieu/assess.hpp>
#include <chitieu/series.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace chitieu;
using chitieu_py::owned;

namespace {

py::dict assessment_columns(assessment&& a) {
    // The windows stay in the engine: the frame names the assessment period.
    py::dict d = chitieu_py::level_target_columns(std::move(a.targets));
    d["value"] = owned(std::move(a.value));
    d["coverage"] = owned(std::move(a.coverage));
    d["baseline_value"] = owned(std::move(a.baseline_value));
    d["actual"] = owned(std::move(a.actual));
    d["same_period_last_year"] = owned(std::move(a.same_period_last_year));
    d["yoy_pct"] = owned(std::move(a.yoy_pct));
    d["yoy_pp"] = owned(std::move(a.yoy_pp));
    d["yoy_change"] = owned(std::move(a.yoy_change));
    auto& m = a.measures;
    d["goal"] = owned(std::move(m.goal));
    d["pct_of_plan"] = owned(std::move(m.pct_of_plan));
    d["missing_reason"] = owned(std::move(m.reason));
    d["expected_pct"] = owned(std::move(m.expected_pct));
    d["pace"] = owned(std::move(m.pace));
    d["projected_run_rate"] = owned(std::move(m.projected_run_rate));
    d["projected_phased"] = owned(std::move(m.projected_phased));
    d["status"] = owned(std::move(m.status));
    d["rank"] = owned(std::move(a.rank));
    d["keep"] = owned(std::move(a.keep));
    return d;
}

assess_request request_of(const std::string& level, const period& assessment_period,
                          const std::optional<period>& as_of,
                          const std::optional<std::string>& version,
                          const std::vector<std::string>& units,
                          const thresholds& limits, const std::string& rank_by,
                          int threads) {
    assess_request req;
    req.level = level;
    req.assessment = assessment_period;
    if(as_of) req.choice.as_of = as_of->last();
    req.choice.version = version;
    req.units = units;
    req.limits = limits;
    req.rank_by = parse_rank_basis(rank_by);
    req.threads = threads;
    return req;
}

// An assessment between its steps (assess_targets, then assess_from_rollup),
// for observations that arrive in blocks (chitieu.dask, rollup_dataset).
struct assessment_in_progress {
    assessment started;
    assess_request request;
};

void register_assess_steps(py::module_& m) {
    py::class_<assessment_in_progress>(
        m,
        "assessment_in_progress",
        "The targets and windows of an assessment, before data.")
        .def("__len__",
             [](const assessment_in_progress& a) { return a.started.size(); })
        .def_property_readonly(
            "rollup_request",
            [](const assessment_in_progress& a) {
                return assess_rollup(a.started, a.request);
            },
            "The one rollup the assessment needs: each block rolls up into a "
            "partial state of it.");
    m.def(
        "assess_targets",
        [](const hierarchy& h,
           const catalog& cat,
           const plan& targets,
           const assess_request& req) {
            py::gil_scoped_release release;
            return assessment_in_progress{assess_targets(h, cat, targets, req), req};
        },
        "hierarchy"_a,
        "catalog"_a,
        "plan"_a,
        "request"_a);
    m.def(
        "assess_from_rollup",
        [](const assessment_in_progress& started,
           const hierarchy& h,
           const catalog& cat,
           const rollup_result& rolled) {
            auto a = started.started;
            {
                py::gil_scoped_release release;
                assess_from_rollup(a, rolled, h, cat, started.request);
            }
            return assessment_columns(std::move(a));
        },
        "started"_a,
        "hierarchy"_a,
        "catalog"_a,
        "rolled"_a,
        "The columns of `assess` from the rows of the assessment's rollup.");
}

}  // namespace

void register_assess(py::module_& m) {
    py::class_<assess_request>(m, "assess_request", "What an assessment assesses.")
        .def(py::init([](const std::string& level,
                         const period& assessment_period,
                         const std::optional<period>& as_of,
                         const std::optional<std::string>& version,
                         const std::vector<std::string>& units,
                         double on_track,
                         double at_risk,
                         double exact_tolerance,
                         const std::string& rank_by,
                         int threads) {
                 thresholds limits;
                 limits.on_track = on_track;
                 limits.at_risk = at_risk;
                 limits.exact_tolerance = exact_tolerance;
                 return request_of(level,
                                   assessment_period,
                                   as_of,
                                   version,
                                   units,
                                   limits,
                                   rank_by,
                                   threads);
             }),
             "level"_a,
             "period"_a,
             "as_of"_a,
             "version"_a,
             "units"_a,
             "on_track"_a,
             "at_risk"_a,
             "exact_tolerance"_a,
             "rank_by"_a,
             "threads"_a);
    register_assess_steps(m);
    m.def(
        "assess",
        [](const observations& obs,
           const hierarchy& h,
           const catalog& cat,
           const plan& targets,
           const assess_request& req,
           const series_index* series) {
            assessment a;
            {
                py::gil_scoped_release release;
                a = assess(obs, h, cat, targets, req, series);
            }
            return assessment_columns(std::move(a));
        },
        "observations"_a,
        "hierarchy"_a,
        "catalog"_a,
        "plan"_a,
        "request"_a,
        "series"_a = py::none(),
        "An assessment as columns: the targets of the level, windows, actuals, "
        "measures, year on year, ranks and which rows to keep.");
}
