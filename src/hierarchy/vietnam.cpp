#include <chitieu/detail/csv.hpp>
#include <chitieu/vietnam.hpp>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>

#ifndef CHITIEU_INSTALL_DATA_DIR
#define CHITIEU_INSTALL_DATA_DIR "share/chitieu"
#endif

namespace chitieu {

namespace {

constexpr const char* crosswalk_file = "vn_crosswalk_2024_2025.csv";
constexpr const char* unmapped_2024 =
    "listed in the 2024 unit list but not in the official 2024 -> 2025 conversion "
    "table: re-listed dissolved units, see docs/hierarchies.md";

std::filesystem::path units_file(int year, const std::filesystem::path& dir) {
    if(year != 2024 && year != 2025)
        throw input_error("Vietnam's administrative units are shipped for 2024 (through "
                          "June 2025) and 2025 (from 1 July 2025), not " +
                          std::to_string(year));
    return dir / ("vn_admin_" + std::to_string(year) + ".csv");
}

struct table_rows {
    std::vector<std::string> old_codes, new_codes;
    std::vector<double> weights;
    void add(std::string o, std::string n, double w) {
        old_codes.push_back(std::move(o));
        new_codes.push_back(std::move(n));
        weights.push_back(w);
    }
};

// The official table as read: commune (and five district) pairs.
table_rows read_table(const std::filesystem::path& dir) {
    const auto path = (dir / crosswalk_file).string();
    const auto cols = detail::read_csv(path, {"old_code", "new_code", "weight"});
    table_rows rows;
    for(std::size_t i = 0; i < cols[0].size(); ++i) {
        const auto& w = cols[2][i];
        double weight = std::numeric_limits<double>::quiet_NaN();
        if(!w.empty()) {
            char* end = nullptr;
            weight = std::strtod(w.c_str(), &end);
            if(end == w.c_str() || *end != '\0')
                throw input_error(path + " row " + std::to_string(i + 2) +
                                  ", column weight: '" + w + "' is not a number");
        }
        rows.add(cols[0][i], cols[1][i], weight);
    }
    return rows;
}

void require(const hierarchy& h, int year, const std::string& what) {
    const auto levels = h.level_names();
    const bool ok = year == 2024 ? levels == std::vector<std::string>{"nation", "province",
                                                                      "district", "commune"}
                                 : levels == std::vector<std::string>{"nation", "province",
                                                                      "commune"};
    if(!ok || !h.find("VN"))
        throw input_error("the " + what + " hierarchy is not Vietnam's " +
                          std::to_string(year) + " structure (load it with "
                          "vietnam_hierarchy(" + std::to_string(year) + "))");
}

crosswalk forward(const hierarchy& old_vn, const hierarchy& new_vn, table_rows rows) {
    const int old_prov = old_vn.level_index("province");
    const int old_dist = old_vn.level_index("district");
    const int new_prov = new_vn.level_index("province");
    std::map<std::int32_t, std::set<std::int32_t>> province_to;  // old -> new provinces
    std::set<std::int32_t> districts_in_table;
    for(std::size_t i = 0; i < rows.old_codes.size(); ++i) {
        const auto o = old_vn.find(rows.old_codes[i]);
        const auto n = new_vn.find(rows.new_codes[i]);
        if(!o || !n) continue;  // crosswalk::build names them
        if(old_vn.level(*o) == old_dist) districts_in_table.insert(*o);
        province_to[old_vn.ancestor(*o, old_prov)].insert(new_vn.ancestor(*n, new_prov));
    }
    for(const auto& [o, ns] : province_to)
        if(ns.size() != 1)
            throw input_error("the conversion table sends old province '" +
                              old_vn.code(o) + "' to several new provinces");
    for(const auto p : old_vn.units_at_level(old_prov)) {
        const auto it = province_to.find(p);
        if(it == province_to.end())
            throw input_error("the conversion table has no commune of old province '" +
                              old_vn.code(p) + "'");
        const auto& target = new_vn.code(*it->second.begin());
        rows.add(old_vn.code(p), target, 1.0);
        for(const auto d : old_vn.descendants(p, old_dist))
            if(!districts_in_table.count(d)) rows.add(old_vn.code(d), target, 1.0);
    }
    rows.add("VN", "VN", 1.0);
    auto cw = crosswalk::build(old_vn, new_vn, rows.old_codes, rows.new_codes, rows.weights);
    cw.set_unmapped_reason(unmapped_2024);
    return cw;
}

crosswalk backward(const hierarchy& new_vn, const hierarchy& old_vn, const table_rows& rows) {
    const int old_prov = old_vn.level_index("province");
    const int new_prov = new_vn.level_index("province");
    std::map<std::int32_t, std::set<std::int32_t>> sources;  // new unit -> old provinces
    for(std::size_t i = 0; i < rows.old_codes.size(); ++i) {
        const auto o = old_vn.find(rows.old_codes[i]);
        const auto n = new_vn.find(rows.new_codes[i]);
        if(!o || !n) continue;
        if(!(rows.weights[i] > 0.0) && !std::isnan(rows.weights[i])) continue;
        const auto p = old_vn.ancestor(*o, old_prov);
        sources[*n].insert(p);
        sources[new_vn.ancestor(*n, new_prov)].insert(p);
    }
    table_rows out;
    const double unknown = std::numeric_limits<double>::quiet_NaN();
    for(const auto& [n, ps] : sources)
        for(const auto p : ps)
            out.add(new_vn.code(n), old_vn.code(p), ps.size() == 1 ? 1.0 : unknown);
    out.add("VN", "VN", 1.0);
    return crosswalk::build(new_vn, old_vn, out.old_codes, out.new_codes, out.weights);
}

}  // namespace

int vietnam_structure_in_force(int year, int month, int day) noexcept {
    const auto& r = vietnam_reform_date;
    const long when = year * 10000L + month * 100L + day;
    return when < r.year * 10000L + r.month * 100L + r.day ? 2024 : 2025;
}

std::filesystem::path vietnam_data_dir() {
    if(const char* env = std::getenv("CHITIEU_DATA_DIR"); env && *env) return env;
    return CHITIEU_INSTALL_DATA_DIR;
}

hierarchy vietnam_hierarchy(int year, const std::filesystem::path& data_dir) {
    const auto path = units_file(year, data_dir).string();
    auto cols = detail::read_csv(path, {"code", "name", "level", "parent_code"});
    std::vector<std::string> codes{"VN"}, names{"Việt Nam"}, levels{"nation"},
        parents{""};
    for(std::size_t i = 0; i < cols[0].size(); ++i) {
        codes.push_back(std::move(cols[0][i]));
        names.push_back(std::move(cols[1][i]));
        levels.push_back(std::move(cols[2][i]));
        parents.push_back(cols[3][i].empty() ? "VN" : std::move(cols[3][i]));
    }
    std::vector<std::string> level_names{"nation", "province", "district", "commune"};
    if(year == 2025) level_names = {"nation", "province", "commune"};
    return hierarchy::build(std::move(level_names), std::move(codes), std::move(names),
                            levels, parents);
}

crosswalk vietnam_crosswalk(const hierarchy& from, int from_year, const hierarchy& to,
                            int to_year, const std::filesystem::path& data_dir) {
    if(!((from_year == 2024 && to_year == 2025) || (from_year == 2025 && to_year == 2024)))
        throw input_error("Vietnam's crosswalk goes between 2024 and 2025, not " +
                          std::to_string(from_year) + " -> " + std::to_string(to_year));
    require(from, from_year, "old");
    require(to, to_year, "new");
    auto rows = read_table(data_dir);
    return from_year == 2024 ? forward(from, to, std::move(rows)) : backward(from, to, rows);
}

}  // namespace chitieu
