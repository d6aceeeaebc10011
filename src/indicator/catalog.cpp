// Catalogs: indicators by code with dense ids, their parts checked and ordered
// (no cycles, parts before the derived), and the fingerprint states compare.
#include <chitieu/detail/message.hpp>
#include <chitieu/indicator.hpp>

#include "common/fingerprint.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace chitieu {

using detail::quoted;

catalog::catalog(std::vector<indicator> indicators) {
    add(std::move(indicators));
}

std::int32_t catalog::add(indicator ind) {
    std::vector<indicator> one;
    one.push_back(std::move(ind));
    add(std::move(one));
    return static_cast<std::int32_t>(items_.size() - 1);
}

void catalog::add(std::vector<indicator> batch) {
    const auto base = static_cast<std::int32_t>(items_.size());
    std::unordered_map<std::string, std::int32_t> new_ids;
    std::vector<std::string> duplicates, empty_rows;
    for(std::size_t i = 0; i < batch.size(); ++i) {
        const auto& code = batch[i].code;
        if(code.empty())
            empty_rows.push_back(std::to_string(i + 1));
        else if(ids_.count(code) ||
                !new_ids.emplace(code, base + static_cast<std::int32_t>(i)).second)
            duplicates.push_back(quoted(code));
    }
    if(!empty_rows.empty())
        throw input_error(
            detail::list_culprits("indicator without a code at position", empty_rows));
    if(!duplicates.empty())
        throw input_error(
            detail::list_culprits("duplicate indicator code", duplicates));

    const auto lookup = [&](const std::string& code) -> std::optional<std::int32_t> {
        if(auto it = new_ids.find(code); it != new_ids.end()) return it->second;
        return find(code);
    };
    std::vector<std::vector<std::int32_t>> parts(batch.size());
    std::vector<std::string> missing;
    for(std::size_t i = 0; i < batch.size(); ++i) {
        for(const auto& p : batch[i].parts) {
            if(auto id = lookup(p))
                parts[i].push_back(*id);
            else
                missing.push_back(quoted(p) + " (needed by " + quoted(batch[i].code) +
                                  ")");
        }
        if(batch[i].derived() && batch[i].parts.empty())
            missing.push_back("the parts of " + quoted(batch[i].code));
    }
    if(!missing.empty())
        throw input_error(detail::list_culprits(
            "derived indicator part not in the catalog", missing));

    // Depth-first topological order of the new derived indicators; a grey node met
    // again closes a cycle, reported as the path around it.
    std::vector<std::int32_t> order;
    std::vector<char> mark(batch.size(), 0);  // 0 new, 1 on the stack, 2 done
    std::vector<std::int32_t> stack;
    std::function<void(std::size_t)> visit = [&](std::size_t i) {
        if(mark[i] == 2) return;
        if(mark[i] == 1) {
            std::vector<std::string> path;
            const auto from =
                std::find(stack.begin(), stack.end(), static_cast<std::int32_t>(i));
            for(auto it = from; it != stack.end(); ++it)
                path.push_back(batch[static_cast<std::size_t>(*it)].code);
            path.push_back(batch[i].code);
            std::string text;
            for(std::size_t k = 0; k < path.size(); ++k)
                text += (k ? " -> " : "") + path[k];
            throw input_error("derived indicators form a cycle: " + text);
        }
        mark[i] = 1;
        stack.push_back(static_cast<std::int32_t>(i));
        for(const auto p : parts[i])
            if(p >= base) visit(static_cast<std::size_t>(p - base));
        stack.pop_back();
        mark[i] = 2;
        if(batch[i].derived()) order.push_back(base + static_cast<std::int32_t>(i));
    };
    for(std::size_t i = 0; i < batch.size(); ++i) visit(i);

    // A difference or sum of money parts is money; anything else derived is real.
    const auto type_of = [&](std::int32_t id) {
        return id >= base ? batch[static_cast<std::size_t>(id - base)].type
                          : items_[static_cast<std::size_t>(id)].type;
    };
    for(const auto id : order) {
        auto& ind = batch[static_cast<std::size_t>(id - base)];
        const auto& ps = parts[static_cast<std::size_t>(id - base)];
        const bool money = ind.formula != formula_kind::ratio &&
                           std::all_of(ps.begin(), ps.end(), [&](std::int32_t p) {
                               return type_of(p) == value_type::money;
                           });
        ind.type = money ? value_type::money : value_type::real;
        ind.cumulative = false;
    }

    for(std::size_t i = 0; i < batch.size(); ++i) {
        ids_.emplace(batch[i].code, base + static_cast<std::int32_t>(i));
        items_.push_back(std::move(batch[i]));
        parts_.push_back(std::move(parts[i]));
    }
    order_.insert(order_.end(), order.begin(), order.end());
}

std::int32_t catalog::id(std::string_view code) const {
    if(auto id = find(code)) return *id;
    throw unknown_code("unknown indicator code " + quoted(code));
}

std::optional<std::int32_t> catalog::find(std::string_view code) const {
    const auto it = ids_.find(std::string(code));
    if(it == ids_.end()) return std::nullopt;
    return it->second;
}

const indicator& catalog::at(std::int32_t id) const {
    if(id < 0 || static_cast<std::size_t>(id) >= items_.size())
        throw unknown_code("indicator id " + std::to_string(id) + " out of range (" +
                           std::to_string(items_.size()) + " indicators)");
    return items_[static_cast<std::size_t>(id)];
}

const std::vector<std::int32_t>& catalog::parts(std::int32_t id) const {
    at(id);
    return parts_[static_cast<std::size_t>(id)];
}

std::vector<std::int32_t> catalog::closure(const std::vector<std::int32_t>& ids) const {
    std::vector<char> seen(items_.size(), 0);
    std::vector<std::int32_t> todo;
    for(const auto id : ids) {
        at(id);
        todo.push_back(id);
    }
    while(!todo.empty()) {
        const auto id = todo.back();
        todo.pop_back();
        if(seen[static_cast<std::size_t>(id)]) continue;
        seen[static_cast<std::size_t>(id)] = 1;
        for(const auto p : parts_[static_cast<std::size_t>(id)]) todo.push_back(p);
    }
    std::vector<std::int32_t> out;
    for(std::size_t i = 0; i < seen.size(); ++i)
        if(seen[i]) out.push_back(static_cast<std::int32_t>(i));
    return out;
}

std::uint64_t catalog::fingerprint() const {
    detail::fingerprinter fp;
    fp.add(items_.size());
    for(const auto& ind : items_) {
        fp.add(ind.code);
        fp.add(static_cast<std::uint64_t>(ind.type));
        fp.add(static_cast<std::uint64_t>(ind.time));
        fp.add(static_cast<std::uint64_t>(ind.space));
        fp.add(static_cast<std::uint64_t>(ind.cumulative));
        fp.add(ind.derived() ? ind.formula_string() : std::string());
    }
    return fp.value();
}

}  // namespace chitieu
