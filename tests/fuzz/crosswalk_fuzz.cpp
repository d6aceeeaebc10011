// A crosswalk table read by the CSV reader (old_code, new_code, weight) and
// built between two small fixed hierarchies, then applied to one value per unit.
#include "fuzz_common.hpp"

#include <chitieu/crosswalk.hpp>
#include <chitieu/detail/csv.hpp>
#include <chitieu/hierarchy.hpp>

#include <charconv>
#include <cstdlib>

namespace {

chitieu::hierarchy units(const char* prefix) {
    std::vector<std::string> codes, names, levels, parents;
    for(int p = 0; p < 3; ++p) {
        const auto pc = std::string(prefix) + std::to_string(p);
        codes.push_back(pc), names.push_back(pc), levels.push_back("province"),
            parents.push_back("");
        for(int d = 0; d < 2; ++d) {
            codes.push_back(pc + "." + std::to_string(d)),
                names.push_back(codes.back()), levels.push_back("district"),
                parents.push_back(pc);
        }
    }
    return chitieu::hierarchy::build(
        {"province", "district"}, codes, names, levels, parents);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chitieu;
    static const auto before = units("a"), after = units("b");
    fuzz::refusals_only([&] {
        auto cols =
            detail::select_columns(detail::parse_csv(fuzz::text(data, size), "fuzz"),
                                   {"old_code", "new_code", "weight"},
                                   "fuzz");
        std::vector<double> weights;
        for(const auto& w : cols[2]) {
            double v = 0;
            const auto r = std::from_chars(w.data(), w.data() + w.size(), v);
            if(r.ec != std::errc() || r.ptr != w.data() + w.size())
                throw input_error("weight '" + w + "' is not a number");
            weights.push_back(v);
        }
        const auto cw = crosswalk::build(before, after, cols[0], cols[1], weights);
        std::vector<std::int64_t> keys, money;
        std::vector<std::int32_t> ids;
        std::vector<double> values;
        for(std::size_t u = 0; u < before.size(); ++u) {
            keys.push_back(0);
            ids.push_back(static_cast<std::int32_t>(u));
            values.push_back(1.5);
            money.push_back(1000003);
        }
        for(const auto rule : {crosswalk_rule::sum,
                               crosswalk_rule::mean,
                               crosswalk_rule::min,
                               crosswalk_rule::max})
            cw.apply(keys, ids, values, rule);
        const auto split = cw.apply(keys, ids, money, crosswalk_rule::sum);
        std::int64_t total = 0;  // money is split exactly
        for(const auto v : split.value) total += v;
        if(total != 1000003 * static_cast<std::int64_t>(before.size())) std::abort();
    });
    return 0;
}
