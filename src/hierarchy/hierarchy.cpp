#include <chitieu/detail/csv.hpp>
#include <chitieu/detail/message.hpp>
#include <chitieu/hierarchy.hpp>

#include "common/fingerprint.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace chitieu {
namespace {

using detail::quoted;

}  // namespace

hierarchy hierarchy::build(std::vector<std::string> level_names,
                           std::vector<std::string> codes,
                           std::vector<std::string> names,
                           const std::vector<std::string>& levels,
                           const std::vector<std::string>& parent_codes) {
    const auto n = codes.size();
    if(names.size() != n || levels.size() != n || parent_codes.size() != n)
        throw input_error("hierarchy columns differ in length: " + std::to_string(n) +
                          " codes, " + std::to_string(names.size()) + " names, " +
                          std::to_string(levels.size()) + " levels, " +
                          std::to_string(parent_codes.size()) + " parents");
    if(n >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        throw input_error("too many units for int32 ids");
    if(level_names.empty()) level_names = level_order(codes, levels, parent_codes);
    if(level_names.empty())
        throw input_error("a hierarchy needs at least one level name");
    hierarchy h;
    std::unordered_map<std::string, int> level_of;
    for(std::size_t l = 0; l < level_names.size(); ++l)
        if(!level_of.emplace(level_names[l], static_cast<int>(l)).second)
            throw input_error("level name " + quoted(level_names[l]) +
                              " is given twice");

    std::vector<std::string> empty_rows, duplicates, bad_levels, bad_parents, not_below;
    h.ids_.reserve(n);
    for(std::size_t i = 0; i < n; ++i) {
        if(codes[i].empty())
            empty_rows.push_back("row " + std::to_string(i));
        else if(!h.ids_.emplace(codes[i], static_cast<std::int32_t>(i)).second)
            duplicates.push_back(quoted(codes[i]));
    }
    if(!empty_rows.empty())
        throw input_error(detail::list_culprits("empty unit code at", empty_rows));
    if(!duplicates.empty())
        throw input_error(detail::list_culprits("duplicate unit codes", duplicates));

    h.levels_.resize(n);
    h.parents_.assign(n, -1);
    for(std::size_t i = 0; i < n; ++i) {
        const auto l = level_of.find(levels[i]);
        if(l == level_of.end())
            bad_levels.push_back(quoted(codes[i]) + " (level " + quoted(levels[i]) +
                                 ")");
        else
            h.levels_[i] = l->second;
        if(!parent_codes[i].empty()) {
            const auto p = h.ids_.find(parent_codes[i]);
            if(p == h.ids_.end())
                bad_parents.push_back(quoted(codes[i]) + " -> " +
                                      quoted(parent_codes[i]));
            else
                h.parents_[i] = p->second;
        }
    }
    if(!bad_levels.empty())
        throw unknown_code(
            detail::list_culprits("units with an unknown level", bad_levels));
    if(!bad_parents.empty())
        throw unknown_code(detail::list_culprits(
            "units whose parent code does not exist", bad_parents));
    for(std::size_t i = 0; i < n; ++i) {
        const auto p = h.parents_[i];
        if(p >= 0 && h.levels_[static_cast<std::size_t>(p)] >= h.levels_[i])
            not_below.push_back(quoted(codes[i]) + " (" + levels[i] + ") under " +
                                quoted(codes[static_cast<std::size_t>(p)]) + " (" +
                                levels[static_cast<std::size_t>(p)] + ")");
    }
    // Levels strictly increase down every parent link, so a cycle would need a
    // level below itself: this check also rules cycles out, and every walk up
    // the tree ends within n_levels steps.
    if(!not_below.empty())
        throw input_error(detail::list_culprits(
            "units not below their parent's level (or in a cycle)", not_below));

    h.level_names_ = std::move(level_names);
    h.codes_ = std::move(codes);
    h.names_ = std::move(names);
    const auto L = static_cast<Eigen::Index>(h.level_names_.size());
    h.ancestors_.setConstant(static_cast<Eigen::Index>(n), L, -1);
    // Parents first (by level), so each row copies its parent's finished row.
    std::vector<std::int32_t> order(n);
    for(std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::int32_t>(i);
    std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
        return h.levels_[static_cast<std::size_t>(a)] <
               h.levels_[static_cast<std::size_t>(b)];
    });
    for(const auto u : order) {
        const auto p = h.parents_[static_cast<std::size_t>(u)];
        if(p >= 0) h.ancestors_.row(u) = h.ancestors_.row(p);
        h.ancestors_(u, h.levels_[static_cast<std::size_t>(u)]) = u;
    }
    detail::fingerprinter fp;
    fp.add(h.level_names_.size());
    for(const auto& l : h.level_names_) fp.add(l);
    fp.add(n);
    for(std::size_t i = 0; i < n; ++i) {
        fp.add(h.codes_[i]);
        fp.add(static_cast<std::uint64_t>(h.levels_[i]));
        fp.add(static_cast<std::uint64_t>(static_cast<std::int64_t>(h.parents_[i])));
    }
    h.fingerprint_ = fp.value();
    return h;
}

std::vector<std::string> hierarchy::level_order(
    const std::vector<std::string>& codes, const std::vector<std::string>& levels,
    const std::vector<std::string>& parent_codes) {
    // The graph of levels: a link from a parent's level to its child's. Its
    // longest-path layering orders the levels; every unit is visited once.
    std::map<std::string, std::size_t> index;  // level name -> node, names sorted
    for(const auto& l : levels) index.emplace(l, 0);
    std::vector<std::string> names;
    for(auto& [name, node] : index) {
        node = names.size();
        names.push_back(name);
    }
    const auto n = std::min({codes.size(), levels.size(), parent_codes.size()});
    std::unordered_map<std::string, std::size_t> row;
    row.reserve(n);
    for(std::size_t i = 0; i < n; ++i) row.emplace(codes[i], i);
    const auto L = names.size();
    std::vector<std::pair<std::size_t, std::size_t>> links;
    for(std::size_t i = 0; i < n; ++i) {
        if(parent_codes[i].empty()) continue;
        const auto p = row.find(parent_codes[i]);
        if(p == row.end()) continue;  // build() reports the unknown parent
        const auto from = index[levels[p->second]], to = index[levels[i]];
        if(from != to) links.emplace_back(from, to);  // same level: build() reports it
    }
    std::sort(links.begin(), links.end());
    links.erase(std::unique(links.begin(), links.end()), links.end());
    std::vector<std::vector<std::size_t>> below(L);
    std::vector<std::size_t> indegree(L, 0), layer(L, 0);
    for(const auto& [a, b] : links) {
        below[a].push_back(b);
        ++indegree[b];
    }
    // Kahn's algorithm; a level's layer is its longest chain of levels above.
    std::vector<std::size_t> ready, order;
    for(std::size_t a = 0; a < L; ++a)
        if(indegree[a] == 0) ready.push_back(a);
    while(!ready.empty()) {
        const auto a = ready.back();
        ready.pop_back();
        order.push_back(a);
        for(const auto b : below[a]) {
            layer[b] = std::max(layer[b], layer[a] + 1);
            if(--indegree[b] == 0) ready.push_back(b);
        }
    }
    for(std::size_t a = 0; a < L; ++a)  // on a cycle: build() names the units
        if(indegree[a] > 0) order.push_back(a);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return layer[a] != layer[b] ? layer[a] < layer[b] : a < b;
    });
    std::vector<std::string> out;
    for(const auto a : order) out.push_back(names[a]);
    return out;
}

int hierarchy::level_index(std::string_view level_name) const {
    for(std::size_t l = 0; l < level_names_.size(); ++l)
        if(level_names_[l] == level_name) return static_cast<int>(l);
    throw unknown_code("unknown level '" + std::string(level_name) + "' (levels: " +
                       detail::list_culprits("", level_names_).substr(2) + ")");
}

std::int32_t hierarchy::id(std::string_view code) const {
    if(const auto found = find(code)) return *found;
    throw unknown_code("unknown unit code '" + std::string(code) + "'");
}

std::optional<std::int32_t> hierarchy::find(std::string_view code) const {
    const auto it = ids_.find(std::string(code));
    if(it == ids_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::int32_t> hierarchy::units_at_level(int level) const {
    if(level < 0 || static_cast<std::size_t>(level) >= level_names_.size())
        throw input_error("level index " + std::to_string(level) + " is outside 0.." +
                          std::to_string(level_names_.size() - 1));
    std::vector<std::int32_t> out;
    for(std::size_t i = 0; i < levels_.size(); ++i)
        if(levels_[i] == level) out.push_back(static_cast<std::int32_t>(i));
    return out;
}

std::vector<std::int32_t> hierarchy::children(std::int32_t id) const {
    checked(id);
    std::vector<std::int32_t> out;
    for(std::size_t i = 0; i < parents_.size(); ++i)
        if(parents_[i] == id) out.push_back(static_cast<std::int32_t>(i));
    return out;
}

std::vector<std::int32_t> hierarchy::descendants(std::int32_t id, int level) const {
    const auto l = levels_[checked(id)];
    std::vector<std::int32_t> out;
    for(std::size_t i = 0; i < size(); ++i) {
        if(static_cast<std::int32_t>(i) == id) continue;
        if(ancestors_(static_cast<Eigen::Index>(i), l) != id) continue;
        if(level < 0 || levels_[i] == level)
            out.push_back(static_cast<std::int32_t>(i));
    }
    return out;
}

std::int32_t hierarchy::ancestor(std::int32_t id, int level) const {
    const auto row = checked(id);
    if(level < 0 || static_cast<std::size_t>(level) >= level_names_.size())
        throw input_error("level index " + std::to_string(level) +
                          " is outside the hierarchy's " +
                          std::to_string(level_names_.size()) + " levels");
    return ancestors_(static_cast<Eigen::Index>(row), level);
}

std::vector<std::int32_t> hierarchy::path(std::int32_t id) const {
    std::vector<std::int32_t> out;
    for(auto u = id; u >= 0; u = parents_[checked(u)]) out.push_back(u);
    std::reverse(out.begin(), out.end());
    return out;
}

unit_group hierarchy::add_group(const std::string& name,
                                const std::vector<std::string>& codes) {
    if(name.empty()) throw input_error("a unit group needs a name");
    unit_group g{name, {}};
    std::vector<std::string> unknown;
    for(const auto& c : codes) {
        if(const auto found = find(c))
            g.members.push_back(*found);
        else
            unknown.push_back(quoted(c));
    }
    if(!unknown.empty())
        throw unknown_code(detail::list_culprits(
            "unknown unit codes in group '" + name + "'", unknown));
    std::sort(g.members.begin(), g.members.end());
    g.members.erase(std::unique(g.members.begin(), g.members.end()), g.members.end());
    const std::lock_guard<std::mutex> lock(*groups_writer_);
    auto next = std::make_shared<std::vector<unit_group>>(*std::atomic_load(&groups_));
    const auto same = std::find_if(next->begin(),
                                   next->end(),
                                   [&](const unit_group& e) { return e.name == name; });
    if(same != next->end())
        *same = g;
    else
        next->push_back(g);
    std::atomic_store(&groups_,
                      std::shared_ptr<const std::vector<unit_group>>(std::move(next)));
    return g;
}

unit_group hierarchy::group(const std::string& name) const {
    const auto snapshot = std::atomic_load(&groups_);
    for(const auto& g : *snapshot)
        if(g.name == name) return g;
    throw unknown_code("unknown unit group '" + name + "'");
}

std::vector<unit_group> hierarchy::groups() const {
    return *std::atomic_load(&groups_);
}

std::vector<std::uint8_t> hierarchy::group_membership(const unit_group& g) const {
    std::vector<std::uint8_t> member(size(), 0), out(size(), 0);
    for(const auto m : g.members) member[checked(m)] = 1;
    for(Eigen::Index u = 0; u < ancestors_.rows(); ++u)
        for(Eigen::Index l = 0; l < ancestors_.cols(); ++l) {
            const auto a = ancestors_(u, l);
            if(a >= 0 && member[static_cast<std::size_t>(a)])
                out[static_cast<std::size_t>(u)] = 1;
        }
    return out;
}

hierarchy hierarchy::from_csv(const std::string& path,
                              std::vector<std::string> level_names,
                              const std::vector<std::string>& columns) {
    static const std::vector<std::string> standard = {
        "code", "name", "level", "parent_code"};
    if(!columns.empty() && columns.size() != standard.size())
        throw input_error(
            "hierarchy CSV columns: give 4 names (code, name, level, "
            "parent_code), not " +
            std::to_string(columns.size()));
    auto table = detail::read_csv(path, columns.empty() ? standard : columns);
    return build(std::move(level_names),
                 std::move(table[0]),
                 std::move(table[1]),
                 table[2],
                 table[3]);
}

}  // namespace chitieu
