// The one CSV reader behind hierarchy and catalog files, and what is built from
// its tables: a hierarchy (levels inferred from the tree) and a catalog.
#include "fuzz_common.hpp"

#include <chitieu/detail/csv.hpp>
#include <chitieu/hierarchy.hpp>
#include <chitieu/indicator.hpp>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chitieu;
    fuzz::refusals_only([&] {
        const auto table = detail::parse_csv(fuzz::text(data, size), "fuzz");
        fuzz::refusals_only([&] {
            auto cols = detail::select_columns(
                table, {"code", "name", "level", "parent_code"}, "fuzz");
            const auto h = hierarchy::build({}, cols[0], cols[1], cols[2], cols[3]);
            // Every unit's ancestors lie at or above its level.
            for(std::size_t u = 0; u < h.size(); ++u)
                for(std::size_t l = static_cast<std::size_t>(
                                        h.level(static_cast<std::int32_t>(u))) +
                                    1;
                    l < h.n_levels();
                    ++l)
                    if(h.ancestor_table()(static_cast<Eigen::Index>(u),
                                          static_cast<Eigen::Index>(l)) != -1)
                        std::abort();
        });
        fuzz::refusals_only([&] { catalog::from_table(table.header, table.rows); });
    });
    return 0;
}
