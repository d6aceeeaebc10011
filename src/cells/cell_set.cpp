#include <chitieu/cell_set.hpp>

#include "cells/cell_number.hpp"
#include "common/radix_sort.hpp"

#include "rollup/rollup_io.hpp"

#include <algorithm>
#include <bitset>
#include <cmath>
#include <iterator>
#include <sstream>
#include <type_traits>

namespace chitieu {
namespace {

using chunk = cell_set::chunk;

constexpr std::uint32_t magic = 0x43454c32;   // "CEL2"
constexpr std::size_t words = 1024;           // 2^16 bits
constexpr std::size_t array_limit = 4096;     // beyond it a bitmap is smaller

int popcount(std::uint64_t w) { return static_cast<int>(std::bitset<64>(w).count()); }

std::vector<std::uint64_t> bitmap_of(const chunk& c) {
    if(!c.bits.empty()) return c.bits;
    std::vector<std::uint64_t> bits(words, 0);
    for(const auto o : c.offsets) bits[o >> 6] |= std::uint64_t{1} << (o & 63);
    return bits;
}

chunk chunk_of_offsets(std::vector<std::uint16_t> offsets) {
    chunk c;
    c.count = static_cast<std::uint32_t>(offsets.size());
    if(offsets.size() > array_limit) {
        c.offsets = std::move(offsets);
        c.bits = bitmap_of(c);
        c.offsets.clear();
        c.offsets.shrink_to_fit();
    } else {
        c.offsets = std::move(offsets);
    }
    return c;
}

// The union of two chunks; offsets present in both go to `both`.
chunk unite(const chunk& a, const chunk& b, std::vector<std::uint16_t>& both) {
    if(a.bits.empty() && b.bits.empty()) {
        std::vector<std::uint16_t> out;
        out.reserve(a.offsets.size() + b.offsets.size());
        auto i = a.offsets.begin(), j = b.offsets.begin();
        while(i != a.offsets.end() && j != b.offsets.end()) {
            if(*i < *j) out.push_back(*i++);
            else if(*j < *i) out.push_back(*j++);
            else {
                both.push_back(*i);
                out.push_back(*i++);
                ++j;
            }
        }
        out.insert(out.end(), i, a.offsets.end());
        out.insert(out.end(), j, b.offsets.end());
        return chunk_of_offsets(std::move(out));
    }
    chunk c;
    c.bits = bitmap_of(a);
    const auto other = bitmap_of(b);
    for(std::size_t w = 0; w < words; ++w) {
        auto common = c.bits[w] & other[w];
        while(common) {
            const int bit = __builtin_ctzll(common);
            both.push_back(static_cast<std::uint16_t>(w * 64 + static_cast<std::size_t>(bit)));
            common &= common - 1;
        }
        c.bits[w] |= other[w];
        c.count += static_cast<std::uint32_t>(popcount(c.bits[w]));
    }
    return c;
}

// Compact keys (period rank, indicator, unit) of the reported rows: ranks follow
// the periods' slots, so the keys sort in the order of the cells they stand for.
template <class V>
void add_keys(const observation_columns<V>& cols, const std::vector<std::uint64_t>& rank,
              const detail::cell_shape& shape, bool skip_nonfinite,
              std::vector<std::uint64_t>& out) {
    for(std::size_t i = 0; i < cols.size(); ++i) {
        if constexpr(std::is_floating_point_v<V>)
            if(skip_nonfinite && !std::isfinite(cols.value[i])) continue;
        out.push_back(shape.number(rank[static_cast<std::size_t>(cols.period[i])],
                                   cols.indicator[i], cols.unit[i]));
    }
}

}  // namespace

cell_set cell_set::of(const observations& obs) {
    cell_set s;
    s.n_indicators_ = obs.n_indicators();
    s.n_units_ = obs.n_units();
    const detail::cell_shape shape{s.n_indicators_, s.n_units_};
    // The block's periods in slot order: rank[period id] -> slot_of_rank[rank].
    const auto n_periods = obs.periods().size();
    std::vector<std::uint64_t> slot_of_rank(n_periods), rank(n_periods);
    std::vector<std::size_t> order(n_periods);
    for(std::size_t p = 0; p < n_periods; ++p) {
        const auto& period = obs.periods().at(static_cast<std::int32_t>(p));
        slot_of_rank[p] = detail::slot_of(period);
        if(!shape.fits(slot_of_rank[p]))
            throw input_error("cell set: the catalog and hierarchy are too large to number "
                              "their cells; period " + period.to_string());
        order[p] = p;
    }
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return slot_of_rank[a] < slot_of_rank[b]; });
    std::vector<std::uint64_t> sorted_slots(n_periods);
    for(std::size_t r = 0; r < n_periods; ++r) {
        rank[order[r]] = r;
        sorted_slots[r] = slot_of_rank[order[r]];
    }
    std::vector<std::uint64_t> keys;
    keys.reserve(obs.size());
    const bool skip = obs.nans() == nan_policy::skip;
    add_keys(obs.real(), rank, shape, skip, keys);
    add_keys(obs.money(), rank, shape, skip, keys);
    // Keys are below periods x indicators x units: a radix sort of a few passes.
    detail::radix_sort(keys, detail::bits_for(shape.number(n_periods, 0, 0)),
                       [](std::uint64_t k) { return k; });
    // The build combined or refused duplicates already; unique() is a guard.
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    const auto per_slot = shape.number(1, 0, 0);
    for(auto& k : keys) k = sorted_slots[k / per_slot] * per_slot + k % per_slot;
    for(auto i = keys.begin(); i != keys.end();) {
        const auto key = *i >> 16;
        std::vector<std::uint16_t> offsets;
        for(; i != keys.end() && (*i >> 16) == key; ++i)
            offsets.push_back(static_cast<std::uint16_t>(*i & 0xffff));
        s.chunks_.emplace(key, chunk_of_offsets(std::move(offsets)));
    }
    return s;
}

void cell_set::absorb(const cell_set& other) {
    if(other.chunks_.empty() && other.duplicates_ == 0) return;
    if(chunks_.empty() && duplicates_ == 0) {
        *this = other;
        return;
    }
    if(n_indicators_ != other.n_indicators_ || n_units_ != other.n_units_)
        throw input_error("cell sets of different catalogs or hierarchies cannot merge (" +
                          std::to_string(n_indicators_) + "x" + std::to_string(n_units_) +
                          " vs " + std::to_string(other.n_indicators_) + "x" +
                          std::to_string(other.n_units_) + ")");
    duplicates_ += other.duplicates_;
    std::vector<std::uint64_t> found;  // ascending: chunks and offsets come in order
    for(const auto& [key, c] : other.chunks_) {
        const auto it = chunks_.lower_bound(key);
        if(it == chunks_.end() || it->first != key) {
            chunks_.emplace_hint(it, key, c);
            continue;
        }
        std::vector<std::uint16_t> both;
        it->second = unite(it->second, c, both);
        duplicates_ += both.size();
        for(std::size_t k = 0; k < both.size() && found.size() < kept_examples; ++k)
            found.push_back(key << 16 | both[k]);
    }
    std::vector<std::uint64_t> examples, all;
    std::set_union(examples_.begin(), examples_.end(), other.examples_.begin(),
                   other.examples_.end(), std::back_inserter(examples));
    std::set_union(examples.begin(), examples.end(), found.begin(), found.end(),
                   std::back_inserter(all));
    if(all.size() > kept_examples) all.resize(kept_examples);
    examples_ = std::move(all);
}

cell_set merge(const cell_set& a, const cell_set& b) {
    cell_set out = a;
    out.absorb(b);
    return out;
}

std::uint64_t cell_set::size() const {
    std::uint64_t n = 0;
    for(const auto& [key, c] : chunks_) n += c.count;
    return n;
}

std::size_t cell_set::memory_bytes() const {
    std::size_t n = 0;
    for(const auto& [key, c] : chunks_)
        n += sizeof(c) + 32 + c.offsets.capacity() * 2 + c.bits.capacity() * 8;
    return n;
}

void cell_set::require_no_duplicates(const hierarchy& units, const catalog& indicators,
                                     std::string_view where) const {
    if(duplicates_ == 0) return;
    if(indicators.size() != n_indicators_ || units.size() != n_units_)
        throw input_error("cell set: checked against another catalog or hierarchy");
    std::vector<std::string> named;
    for(const auto cell : examples_) {
        const auto unit = static_cast<std::int32_t>(cell % n_units_);
        const auto rest = cell / n_units_;
        const auto ind = static_cast<std::int32_t>(rest % n_indicators_);
        named.push_back("(" + indicators[ind].code + ", " + units.code(unit) + ", " +
                        detail::period_of_slot(rest / n_indicators_).to_string() + ")");
    }
    std::ostringstream os;
    os << duplicates_ << " cell(s) reported in more than one of the " << where
       << " (indicator, unit, period); first "
       << detail::list_culprits("cells", named, kept_examples);
    throw input_error(os.str());
}

std::string cell_set::to_bytes() const {
    detail::writer w;
    w.put(magic);
    w.put(n_indicators_);
    w.put(n_units_);
    w.put(duplicates_);
    w.put_vector(examples_);
    w.put<std::uint64_t>(chunks_.size());
    for(const auto& [key, c] : chunks_) {
        w.put(key);
        w.put_vector(c.offsets);
        w.put_vector(c.bits);
    }
    return w.take();
}

cell_set cell_set::from_bytes(std::string_view bytes) try {
    detail::reader r(bytes);
    if(r.get<std::uint32_t>() != magic) throw input_error("not a cell set of this chitieu version");
    cell_set s;
    s.n_indicators_ = r.get<std::uint64_t>();
    s.n_units_ = r.get<std::uint64_t>();
    s.duplicates_ = r.get<std::uint64_t>();
    s.examples_ = r.get_vector<std::uint64_t>();
    if(s.examples_.size() > kept_examples || !std::is_sorted(s.examples_.begin(), s.examples_.end()) ||
       (!s.examples_.empty() && (s.n_units_ == 0 || s.n_indicators_ == 0)))
        throw input_error("malformed examples");
    const auto n = r.get<std::uint64_t>();
    std::uint64_t previous = 0;
    for(std::uint64_t k = 0; k < n; ++k) {
        const auto key = r.get<std::uint64_t>();
        chunk c;
        c.offsets = r.get_vector<std::uint16_t>();
        c.bits = r.get_vector<std::uint64_t>();
        const bool array = c.bits.empty() && !c.offsets.empty() && c.offsets.size() <= array_limit &&
                           std::adjacent_find(c.offsets.begin(), c.offsets.end(),
                                              std::greater_equal<>()) == c.offsets.end();
        const bool bitmap = c.offsets.empty() && c.bits.size() == words;
        if((k > 0 && key <= previous) || key > (UINT64_MAX >> 16) || (!array && !bitmap))
            throw input_error("malformed chunk");
        c.count = static_cast<std::uint32_t>(c.offsets.size());
        for(const auto word : c.bits) c.count += static_cast<std::uint32_t>(popcount(word));
        if(c.count == 0) throw input_error("empty chunk");
        s.chunks_.emplace_hint(s.chunks_.end(), key, std::move(c));
        previous = key;
    }
    r.expect_end();
    return s;
} catch(const input_error& e) {
    throw input_error(std::string("cell set bytes: ") + e.what());
}

}  // namespace chitieu
