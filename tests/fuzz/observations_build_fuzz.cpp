// Differential: one set of observation columns built with 1, 2 and 3 threads
// (the scan's chunks, its block checks, the shared bit set) and without the bit
// set (duplicates found by sorting) must agree: the same refusal, word for word,
// or the same rows and, between bit-set builds, the same presence bits.
//
// Bytes: a header (value type, duplicate policy, NaN policy, unit dictionary, row
// count, one injected anomaly and where), then a pattern of rows, 5 bytes each,
// tiled over 8,192-20,000 rows (so several chunks and threads) with the unit and
// period shifted on each repeat. A pattern byte past its id range makes an id
// out of range; the injection puts one bad row (id beyond, NaN, infinity,
// derived or other-typed indicator) anywhere among otherwise plain blocks.
#include <chitieu/error.hpp>
#include <chitieu/hierarchy.hpp>
#include <chitieu/indicator.hpp>
#include <chitieu/observations.hpp>
#include <chitieu/period.hpp>

#include <cstdlib>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using namespace chitieu;

constexpr int districts = 200;
constexpr int flows = 6;  // ids 0-5; 6 is money, 7 a derived ratio

const hierarchy& units() {
    static const hierarchy h = [] {
        std::vector<std::string> codes{"P"}, names{"P"}, levels{"province"},
            parents{""};
        for(int d = 0; d < districts; ++d) {
            codes.push_back("D" + std::to_string(d));
            names.push_back(codes.back());
            levels.push_back("district");
            parents.push_back("P");
        }
        return hierarchy::build(
            {"province", "district"}, codes, names, levels, parents);
    }();
    return h;
}

const catalog& indicators() {
    static const catalog c = [] {
        std::vector<indicator> all;
        for(int k = 0; k < flows; ++k)
            all.push_back(indicator::flow("f" + std::to_string(k)));
        all.push_back(indicator::flow("paid", "", "VND", value_type::money));
        all.push_back(indicator::ratio("rate", "f0", "f1"));
        return catalog(all);
    }();
    return c;
}

const period_index& periods() {
    static const period_index p = [] {
        period_index idx;
        for(int m = 1; m <= 12; ++m)
            idx.intern(period::parse("2024" + std::string(m < 10 ? "0" : "") +
                                     std::to_string(m)));
        idx.intern(period::parse("2024Q1"));
        return idx;
    }();
    return p;
}

template <class V>
struct rows {
    std::vector<std::int32_t> ind, unit, per;
    std::vector<V> val;
    observation_columns<V> view() const {
        return {{ind.data(), ind.size()},
                {unit.data(), unit.size()},
                {per.data(), per.size()},
                {val.data(), val.size()},
                {}};
    }
};

// A build's outcome: the refusal's message, or what the observations hold.
struct outcome {
    std::string refusal;
    std::vector<double> real;
    std::vector<std::int64_t> money;
    std::vector<std::int32_t> ids;
    std::vector<std::uint64_t> presence;
    std::int64_t first_nonfinite = -1;
};

template <class V>
outcome build(const rows<V>& r, observation_options opt) {
    outcome out;
    try {
        const auto obs =
            observations::build(indicators(), units(), periods(), r.view(), opt);
        const auto& x = obs.real();
        out.real.assign(x.value.begin(), x.value.end());
        for(std::size_t i = 0; i < x.size(); ++i)
            out.ids.insert(out.ids.end(), {x.indicator[i], x.unit[i], x.period[i]});
        const auto& m = obs.money();
        out.money.assign(m.value.begin(), m.value.end());
        for(std::size_t i = 0; i < m.size(); ++i)
            out.ids.insert(out.ids.end(), {m.indicator[i], m.unit[i], m.period[i]});
        out.presence = obs.presence();
        out.first_nonfinite = obs.first_nonfinite();
    } catch(const input_error& e) {
        out.refusal = e.what();
    } catch(const overflow_error& e) {
        out.refusal = e.what();
    }
    return out;
}

bool same(const outcome& a, const outcome& b, bool presence) {
    // NaN values are kept (nan_policy='skip'): compare them as bits, not numbers
    const auto same_values = [](const std::vector<double>& x,
                                const std::vector<double>& y) {
        if(x.size() != y.size()) return false;
        for(std::size_t i = 0; i < x.size(); ++i)
            if(!(x[i] == y[i] || (x[i] != x[i] && y[i] != y[i]))) return false;
        return true;
    };
    return a.refusal == b.refusal && same_values(a.real, b.real) &&
           a.money == b.money && a.ids == b.ids &&
           a.first_nonfinite == b.first_nonfinite &&
           (!presence || a.presence == b.presence);
}

template <class V>
void run(const std::uint8_t* data, std::size_t size) {
    const std::uint8_t head = data[0];
    const std::size_t n = 8192 + (std::size_t{data[1]} * 256 + data[2]) % 11809;
    const std::size_t at = (std::size_t{data[3]} * 256 + data[4]) % n;
    const int anomaly = data[5] % 9;
    data += 6, size -= 6;
    const std::size_t pattern = size / 5;
    if(pattern == 0) return;
    rows<V> r;
    for(std::size_t i = 0; i < n; ++i) {
        const auto* p = data + 5 * (i % pattern);
        const auto shift = static_cast<int>(i / pattern);
        // a byte past the range is an id out of range, kept as it is
        r.ind.push_back(p[0] < 250 ? p[0] % (flows + 2) : p[0] - 256);
        r.unit.push_back(p[1] < 250 ? 1 + (p[1] + 7 * shift) % districts : 300);
        r.per.push_back(p[2] < 250 ? (p[2] + shift) % 12 : 13 + p[2] % 3);
        const int v = p[3] * 256 + p[4];
        r.val.push_back(static_cast<V>(v));
    }
    const auto nan = std::numeric_limits<double>::quiet_NaN();
    const auto inf = std::numeric_limits<double>::infinity();
    switch(anomaly) {
        case 1:
            r.ind[at] = flows + 2;
            break;
        case 2:
            r.unit[at] = -1;
            break;
        case 3:
            r.per[at] = 13;
            break;
        case 4:
            if constexpr(std::is_floating_point_v<V>) r.val[at] = nan;
            break;
        case 5:
            if constexpr(std::is_floating_point_v<V>) r.val[at] = (at & 1) ? inf : -inf;
            break;
        case 6:
            r.ind[at] = flows + 1;
            break;  // derived
        case 7:
            r.ind[at] = flows;
            break;  // money
        default:
            break;
    }
    observation_options opt;
    opt.duplicates = static_cast<duplicate_policy>((head >> 1) % 3);
    opt.nans = (head & 8) ? nan_policy::skip : nan_policy::error;
    if(head & 16) {  // positions in a dictionary: position p is unit districts - p
        for(int p = 0; p <= districts; ++p)
            opt.unit_dictionary.push_back(districts - p);
        for(auto& u : r.unit)
            if(u >= 0 && u <= districts) u = districts - u;
    }
    opt.threads = 1;
    const auto one = build(r, opt);
    for(const int threads : {2, 3}) {
        opt.threads = threads;
        if(!same(one, build(r, opt), true)) std::abort();
    }
    opt.threads = 1;
    opt.bitmap_limit = 0;  // duplicates found by sorting, no bit set
    if(!same(one, build(r, opt), false)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if(size < 11) return 0;
    if(data[0] & 1)
        run<std::int64_t>(data, size);
    else
        run<double>(data, size);
    return 0;
}
