// Org-unit hierarchies: units with string codes interned to dense int32 ids,
// named levels ordered from the root down (nation > province > district >
// commune), parent links, and the ancestor table the rollup engine gathers
// through: one lookup maps a commune to its province.
//
//   auto vn = chitieu::hierarchy::from_csv("vn_admin_2024.csv");
//   vn.ancestor(vn.id("00001"), vn.level_index("province"));   // id of "01"
#pragma once

#include <chitieu/error.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chitieu {

/// [unit id, level] -> the unit's ancestor at that level, -1 where it has none.
using ancestor_matrix =
    Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// A named set of units usable as a rollup target beside levels ("poor
/// districts", "coastal provinces"). Members may sit at any level; a unit
/// belongs to the group if it or one of its ancestors is a member.
struct unit_group {
    std::string name;
    std::vector<std::int32_t> members;
};

/// One unit as a tool reads it from a file or a form: the row form of
/// hierarchy::build. Plain data, so a C++17 brace list builds it:
/// {"01", "Thành phố Hà Nội", "province", "VN"}.
struct unit_row {
    std::string code;
    std::string name;
    std::string level;        ///< one of the hierarchy's level names
    std::string parent_code;  ///< "" for a top unit
};

class hierarchy {
public:
    hierarchy() = default;

    /// Build and validate. `levels[i]` names unit i's level (one of
    /// `level_names`, root first); `parent_codes[i]` is "" for a top unit.
    /// A unit's level must lie strictly below its parent's (levels may be
    /// skipped). Empty `level_names`: inferred by `level_order`. Throws
    /// input_error / unknown_code naming the culprits: duplicate or empty
    /// codes, unknown parents or levels, cycles. Linear in the units.
    static hierarchy build(std::vector<std::string> level_names,
                           std::vector<std::string> codes,
                           std::vector<std::string> names,
                           const std::vector<std::string>& levels,
                           const std::vector<std::string>& parent_codes);
    /// The same from one row per unit (unit i is rows[i]): the same checks, and
    /// errors naming the culprit codes (an empty code by its row, from 0).
    static hierarchy build(std::vector<unit_row> rows,
                           std::vector<std::string> level_names = {});
    /// A CSV with a header naming at least code, name, level and parent_code
    /// (other columns ignored; RFC 4180 quoting; a row with another number of
    /// fields than the header is refused). Levels are ordered as by
    /// `level_order` unless `level_names` gives the order. `columns` renames
    /// the four columns (code, name, level, parent_code), in that order.
    static hierarchy from_csv(const std::string& path,
                              std::vector<std::string> level_names = {},
                              const std::vector<std::string>& columns = {});

    /// Level names ordered from the root down, from the parent links alone:
    /// a level comes after every level holding a parent of one of its units,
    /// and levels no link orders are sorted by their longest chain of levels
    /// above them, then by name. Linear in the units. Links that contradict
    /// each other (a cycle) leave the order to `build`, which reports them.
    static std::vector<std::string> level_order(
        const std::vector<std::string>& codes, const std::vector<std::string>& levels,
        const std::vector<std::string>& parent_codes);

    /// A hash of the level names, codes, levels and parents (not names or
    /// groups): two hierarchies with the same fingerprint give the same ids
    /// and the same ancestor table. Observations remember the fingerprint of
    /// the hierarchy they were built with.
    std::uint64_t fingerprint() const noexcept { return fingerprint_; }

    std::size_t size() const noexcept { return codes_.size(); }
    std::size_t n_levels() const noexcept { return level_names_.size(); }
    const std::vector<std::string>& level_names() const noexcept {
        return level_names_;
    }
    /// Throws unknown_code naming the level.
    int level_index(std::string_view level_name) const;

    /// Throws unknown_code naming the code.
    std::int32_t id(std::string_view code) const;
    std::optional<std::int32_t> find(std::string_view code) const;
    const std::string& code(std::int32_t id) const { return codes_[checked(id)]; }
    const std::string& name(std::int32_t id) const { return names_[checked(id)]; }
    int level(std::int32_t id) const { return levels_[checked(id)]; }
    /// -1 for a top unit.
    std::int32_t parent(std::int32_t id) const { return parents_[checked(id)]; }
    const std::vector<std::int32_t>& parents() const noexcept { return parents_; }
    const std::vector<int>& levels() const noexcept { return levels_; }

    /// Units of one level, ascending ids.
    std::vector<std::int32_t> units_at_level(int level) const;
    std::vector<std::int32_t> children(std::int32_t id) const;
    /// All units below `id` (depth-first order), or only those of `level` (>= 0).
    std::vector<std::int32_t> descendants(std::int32_t id, int level = -1) const;
    /// The unit's ancestor at `level` (itself at its own level); -1 where none.
    std::int32_t ancestor(std::int32_t id, int level) const;
    /// From the top unit down to `id`.
    std::vector<std::int32_t> path(std::int32_t id) const;

    const ancestor_matrix& ancestor_table() const noexcept { return ancestors_; }

    /// Define a group from member codes (unknown_code naming every unknown
    /// one); replaces a group of the same name. Safe while other threads read
    /// groups or run rollups: groups are copy-on-write, readers get copies.
    unit_group add_group(const std::string& name,
                         const std::vector<std::string>& codes);
    /// Throws unknown_code naming the group.
    unit_group group(const std::string& name) const;
    /// A snapshot of the groups.
    std::vector<unit_group> groups() const;
    /// Per unit id: 1 if the unit or an ancestor is a member of `g`.
    std::vector<std::uint8_t> group_membership(const unit_group& g) const;

private:
    std::size_t checked(std::int32_t id) const {
        if(id < 0 || static_cast<std::size_t>(id) >= codes_.size())
            throw unknown_code("unit id " + std::to_string(id) +
                               " is not in the hierarchy (" +
                               std::to_string(codes_.size()) + " units)");
        return static_cast<std::size_t>(id);
    }

    std::vector<std::string> level_names_;
    std::vector<std::string> codes_, names_;
    std::vector<int> levels_;
    std::vector<std::int32_t> parents_;
    std::unordered_map<std::string, std::int32_t> ids_;
    ancestor_matrix ancestors_;
    std::uint64_t fingerprint_ = 0;
    // Replaced whole under the mutex by add_group, read through atomic loads:
    // a rollup planning on another thread never sees a vector that grows.
    std::shared_ptr<const std::vector<unit_group>> groups_ =
        std::make_shared<const std::vector<unit_group>>();
    std::shared_ptr<std::mutex> groups_writer_ = std::make_shared<std::mutex>();
};

}  // namespace chitieu
