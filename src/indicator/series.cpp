// Series: (indicator, category option combination) interned into dense ids, and
// the projection of series onto the categories a rollup keeps.
#include <chitieu/series.hpp>

#include "rollup/rollup_plan.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <set>

namespace chitieu {

series_index::series_index(catalog indicators, std::vector<std::string> categories)
    : indicators_(std::move(indicators)),
      categories_(std::move(categories)),
      option_names_(categories_.size()),
      option_ids_(categories_.size()) {
    for(std::size_t c = 0; c < categories_.size(); ++c) {
        if(categories_[c].empty()) throw input_error("a category needs a name");
        for(std::size_t d = 0; d < c; ++d)
            if(categories_[d] == categories_[c])
                throw input_error("category '" + categories_[c] + "' is given twice");
    }
}

std::size_t series_index::category(std::string_view name) const {
    for(std::size_t c = 0; c < categories_.size(); ++c)
        if(categories_[c] == name) return c;
    throw unknown_code("unknown category '" + std::string(name) +
                       "' (the observations have " +
                       detail::list_culprits("category", categories_) + ")");
}

std::vector<std::int32_t> series_index::options(std::size_t c,
                                                const std::vector<std::string>& names) {
    auto& ids = option_ids_.at(c);
    auto& table = option_names_[c];
    std::vector<std::int32_t> out;
    out.reserve(names.size());
    for(const auto& n : names) {
        const auto [it, added] =
            ids.emplace(n, static_cast<std::int32_t>(table.size()));
        if(added) table.push_back(n);
        out.push_back(it->second);
    }
    return out;
}

std::int32_t series_index::intern_one(std::int32_t ind, const std::int32_t* options) {
    const auto n_cat = categories_.size();
    std::string key(sizeof(std::int32_t) * (n_cat + 1), '\0');
    std::memcpy(key.data(), &ind, sizeof ind);
    std::memcpy(key.data() + sizeof ind, options, sizeof(std::int32_t) * n_cat);
    const auto [it, added] =
        ids_.emplace(std::move(key), static_cast<std::int32_t>(indicator_.size()));
    if(added) {
        indicator_.push_back(ind);
        option_.insert(option_.end(), options, options + n_cat);
    }
    return it->second;
}

std::vector<std::int32_t> series_index::intern(
    const std::int32_t* row_indicator, std::size_t n,
    const std::vector<const std::int32_t*>& option_ids) {
    const auto n_cat = categories_.size();
    if(option_ids.size() != n_cat)
        throw input_error("expected option ids for " + std::to_string(n_cat) +
                          " categories, got " + std::to_string(option_ids.size()));
    // A dense table of (indicator, options) -> series when it is small (the usual
    // case: a few categories of a few options); a hash of the key bytes otherwise.
    std::size_t space = indicators_.size();
    for(std::size_t c = 0; c < n_cat && space <= (std::size_t{1} << 24); ++c)
        space *= std::max<std::size_t>(option_names_[c].size(), 1);
    const bool dense = space <= (std::size_t{1} << 24);
    std::vector<std::int32_t> table(dense ? space : 0, -1);
    std::vector<std::int32_t> out(n), opts(n_cat);
    for(std::size_t i = 0; i < n; ++i) {
        const auto ind = row_indicator[i];
        if(ind < 0 || static_cast<std::size_t>(ind) >= indicators_.size())
            throw input_error("indicator id " + std::to_string(ind) + " at row " +
                              std::to_string(i) + " is out of range");
        std::size_t key = static_cast<std::size_t>(ind);
        for(std::size_t c = 0; c < n_cat; ++c) {
            opts[c] = option_ids[c][i];
            if(opts[c] < 0 ||
               static_cast<std::size_t>(opts[c]) >= option_names_[c].size())
                throw input_error("option id " + std::to_string(opts[c]) + " of '" +
                                  categories_[c] + "' at row " + std::to_string(i) +
                                  " is out of range");
            key = key * std::max<std::size_t>(option_names_[c].size(), 1) +
                  static_cast<std::size_t>(opts[c]);
        }
        if(!dense) {
            out[i] = intern_one(ind, opts.data());
            continue;
        }
        auto& slot = table[key];
        if(slot < 0) slot = intern_one(ind, opts.data());
        out[i] = slot;
    }
    return out;
}

std::string series_index::code(std::int32_t series) const {
    std::string out = indicators_[indicator(series)].code;
    if(categories_.empty()) return out;
    out += '[';
    for(std::size_t c = 0; c < categories_.size(); ++c) {
        if(c) out += '|';
        out += option_names_[c][static_cast<std::size_t>(option(series, c))];
    }
    return out + ']';
}

catalog series_index::expanded() const {
    std::vector<chitieu::indicator> out;
    out.reserve(size());
    for(std::size_t s = 0; s < size(); ++s) {
        const auto id = static_cast<std::int32_t>(s);
        auto ind = indicators_[indicator(id)];
        if(ind.derived())
            throw input_error("derived indicator '" + ind.code +
                              "' cannot be observed: it is computed from its parts");
        ind.code = code(id);
        out.push_back(std::move(ind));
    }
    return catalog(std::move(out));
}

namespace {

// The series of a rollup that keeps some categories: (indicator, kept options),
// including derived indicators (per kept combination, over their parts under the
// same combination), and where each observed series goes.
struct projection {
    std::vector<std::size_t> kept;                          // category indices
    std::vector<std::int32_t> indicator;                    // per projected series
    std::vector<std::int32_t> options;                      // [p * kept + k]
    std::vector<std::int32_t> of_series;                    // per observed series
    std::map<std::vector<std::int32_t>, std::int32_t> ids;  // (indicator, options...)

    std::int32_t add(const catalog& cat, std::vector<std::int32_t> key) {
        const auto [it, added] =
            ids.emplace(key, static_cast<std::int32_t>(indicator.size()));
        if(!added) return it->second;
        indicator.push_back(key[0]);
        options.insert(options.end(), key.begin() + 1, key.end());
        for(const auto part : cat.parts(key[0])) {
            auto sub = key;
            sub[0] = part;
            add(cat, std::move(sub));
        }
        return it->second;
    }
};

projection project(const series_index& s, const std::vector<std::string>& by) {
    projection p;
    for(const auto& name : by) {
        const auto c = s.category(name);
        if(std::find(p.kept.begin(), p.kept.end(), c) != p.kept.end())
            throw input_error("category '" + name + "' is given twice in by");
        p.kept.push_back(c);
    }
    const auto& cat = s.indicators();
    std::vector<std::int32_t> key(p.kept.size() + 1);
    std::set<std::vector<std::int32_t>> combos;
    for(std::size_t f = 0; f < s.size(); ++f) {
        const auto id = static_cast<std::int32_t>(f);
        key[0] = s.indicator(id);
        for(std::size_t k = 0; k < p.kept.size(); ++k)
            key[k + 1] = s.option(id, p.kept[k]);
        p.of_series.push_back(p.add(cat, key));
        combos.emplace(key.begin() + 1, key.end());
    }
    for(const auto& combo : combos)
        for(std::size_t d = 0; d < cat.size(); ++d)
            if(cat[static_cast<std::int32_t>(d)].derived()) {
                key[0] = static_cast<std::int32_t>(d);
                std::copy(combo.begin(), combo.end(), key.begin() + 1);
                p.add(cat, key);
            }
    return p;
}

std::string projected_code(const series_index& s, const projection& p, std::size_t k) {
    std::string out = s.indicators()[p.indicator[k]].code;
    if(p.kept.empty()) return out;
    out += '[';
    for(std::size_t j = 0; j < p.kept.size(); ++j) {
        if(j) out += '|';
        const auto o = p.options[k * p.kept.size() + j];
        out += s.option_names(p.kept[j])[static_cast<std::size_t>(o)];
    }
    return out + ']';
}

catalog projected_catalog(const series_index& s, const projection& p) {
    std::vector<chitieu::indicator> out;
    std::vector<std::string> codes;
    for(std::size_t k = 0; k < p.indicator.size(); ++k)
        codes.push_back(projected_code(s, p, k));
    for(std::size_t k = 0; k < p.indicator.size(); ++k) {
        auto ind = s.indicators()[p.indicator[k]];
        ind.code = codes[k];
        for(auto& part : ind.parts) {
            std::vector<std::int32_t> key{s.indicators().id(part)};
            key.insert(
                key.end(),
                p.options.begin() + static_cast<std::ptrdiff_t>(k * p.kept.size()),
                p.options.begin() +
                    static_cast<std::ptrdiff_t>((k + 1) * p.kept.size()));
            part = codes[static_cast<std::size_t>(p.ids.at(key))];
        }
        out.push_back(std::move(ind));
    }
    return catalog(std::move(out));
}

// The plan over the projected catalog, with every observed series pointed at
// its slot. Series totalled into one sparse slot keep their own time states
// (consecutive sparse indices), so a stock's last value is taken per series and
// unit before the space rule adds them up.
std::shared_ptr<const detail::rollup_plan> series_plan(const hierarchy& h,
                                                       const series_index& s,
                                                       const projection& p,
                                                       const rollup_request& req) {
    rollup_request projected = req;
    projected.indicators.clear();
    for(const auto id : req.indicators)
        for(std::size_t k = 0; k < p.indicator.size(); ++k)
            if(p.indicator[k] == id)
                projected.indicators.push_back(static_cast<std::int32_t>(k));
    auto plan = std::make_shared<detail::rollup_plan>(
        *detail::make_plan(h, projected_catalog(s, p), projected));
    std::vector<std::int32_t> slot_of(p.indicator.size(), -1);
    for(std::size_t k = 0; k < plan->slots.size(); ++k)
        slot_of[static_cast<std::size_t>(plan->slots[k].id)] =
            static_cast<std::int32_t>(k);
    std::vector<std::vector<std::int32_t>> members(plan->slots.size());
    plan->series_slot.assign(s.size(), -1);
    plan->series_sparse.assign(s.size(), -1);
    for(std::size_t f = 0; f < s.size(); ++f) {
        const auto k = slot_of[static_cast<std::size_t>(p.of_series[f])];
        plan->series_slot[f] = k;
        if(k >= 0)
            members[static_cast<std::size_t>(k)].push_back(
                static_cast<std::int32_t>(f));
    }
    std::size_t next[2] = {0, 0};
    for(std::size_t k = 0; k < plan->slots.size(); ++k) {
        auto& slot = plan->slots[k];
        if(slot.sparse < 0) continue;
        auto& n = next[static_cast<std::size_t>(slot.type)];
        slot.sparse = static_cast<std::int32_t>(n);
        slot.sparse_count =
            static_cast<std::int32_t>(std::max<std::size_t>(members[k].size(), 1));
        for(std::size_t j = 0; j < members[k].size(); ++j)
            plan->series_sparse[static_cast<std::size_t>(members[k][j])] =
                static_cast<std::int32_t>(n + j);
        n += static_cast<std::size_t>(slot.sparse_count);
    }
    plan->sparse_slots[0] = next[0];
    plan->sparse_slots[1] = next[1];
    return plan;
}

projection checked_projection(const observations& obs, const series_index& s,
                              const std::vector<std::string>& by) {
    if(obs.n_indicators() != s.size())
        throw input_error("the observations were built with another series index (" +
                          std::to_string(obs.n_indicators()) + " series, not " +
                          std::to_string(s.size()) + ")");
    return project(s, by);
}

}  // namespace

rollup_state partial_rollup(const observations& obs, const hierarchy& h,
                            const series_index& s, const std::vector<std::string>& by,
                            const rollup_request& req) {
    const auto p = checked_projection(obs, s, by);
    return detail::run_plan(obs, h, s.expanded(), series_plan(h, s, p, req), req);
}

namespace {

disaggregated_result without_rows(const series_index& s, const projection& p,
                                  const std::vector<std::string>& by) {
    disaggregated_result out;
    out.by = by;
    for(const auto c : p.kept) out.option_names.push_back(s.option_names(c));
    out.category.resize(p.kept.size());
    return out;
}

// The finished rows of a projected catalog as indicator ids and kept options.
disaggregated_result disaggregate(rollup_result rows, const series_index& s,
                                  const projection& p,
                                  const std::vector<std::string>& by) {
    auto out = without_rows(s, p, by);
    // A state of another series index or `by` would map rows to the wrong
    // series: its codes must be the projection's.
    if(rows.indicator_codes.size() > p.indicator.size())
        throw input_error(
            "the rollup state was not rolled up over this series index and by");
    for(std::size_t k = 0; k < rows.indicator_codes.size(); ++k)
        if(!rows.indicator_codes[k].empty() &&
           rows.indicator_codes[k] != projected_code(s, p, k))
            throw input_error("the rollup state holds series '" +
                              rows.indicator_codes[k] +
                              "' where this series index and by have '" +
                              projected_code(s, p, k) + "'");
    for(auto& k : rows.indicator) {
        const auto projected = static_cast<std::size_t>(k);
        for(std::size_t j = 0; j < p.kept.size(); ++j)
            out.category[j].push_back(p.options[projected * p.kept.size() + j]);
        k = p.indicator[projected];
    }
    rows.indicator_codes.clear();
    for(std::size_t k = 0; k < s.indicators().size(); ++k)
        rows.indicator_codes.push_back(
            s.indicators()[static_cast<std::int32_t>(k)].code);
    out.rows = std::move(rows);
    return out;
}

}  // namespace

disaggregated_result rollup(const observations& obs, const hierarchy& h,
                            const series_index& s, const std::vector<std::string>& by,
                            const rollup_request& req) {
    const auto p = checked_projection(obs, s, by);
    bool any = req.indicators.empty();
    for(const auto id : req.indicators)
        any = any || std::find(p.indicator.begin(), p.indicator.end(), id) !=
                         p.indicator.end();
    if(!any) return without_rows(s, p, by);
    return disaggregate(
        finish(detail::run_plan(obs, h, s.expanded(), series_plan(h, s, p, req), req),
               req.threads),
        s,
        p,
        by);
}

disaggregated_result finish(const rollup_state& state, const series_index& s,
                            const std::vector<std::string>& by, int threads) {
    const auto p = project(s, by);
    return disaggregate(finish(state, threads), s, p, by);
}

}  // namespace chitieu
