// Byte strings for rollup states: length-prefixed little-endian fields, read back
// with bounds checks (a truncated or foreign string is an input_error, never a
// crash). Private to the library.
#pragma once

#include <chitieu/error.hpp>
#include <chitieu/period.hpp>

#include "rollup/rollup_kernel.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace chitieu::detail {

// The fields of a time cell in their order in the bytes: the writer and the reader
// both walk this one list, so they cannot disagree.
template <class V, class Visit>
void for_each_time_field(Visit&& visit) {
    visit(&time_cell<V>::sum);
    visit(&time_cell<V>::count);
    visit(&time_cell<V>::min);
    visit(&time_cell<V>::max);
    visit(&time_cell<V>::last);
    visit(&time_cell<V>::first);
    visit(&time_cell<V>::last_key);
    visit(&time_cell<V>::first_key);
}

class writer {
public:
    template <class T>
    void put(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        out_.append(reinterpret_cast<const char*>(&v), sizeof(T));
    }
    template <class T, class A>
    void put_vector(const std::vector<T, A>& v) {
        put<std::uint64_t>(v.size());
        if(!v.empty())
            out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
    }
    void put_string(const std::string& s) {
        put<std::uint64_t>(s.size());
        out_ += s;
    }
    void put_strings(const std::vector<std::string>& v) {
        put<std::uint64_t>(v.size());
        for(const auto& s : v) put_string(s);
    }
    void put_periods(const std::vector<period>& v) {
        put<std::uint64_t>(v.size());
        for(const auto& p : v) put_string(p.to_string());
    }
    // Field by field: time_cell has padding, whose bytes would make equal states
    // serialise differently.
    template <class V>
    void put_partial(const partial<V>& p) {
        const auto& d = p.dense;
        put<std::uint64_t>(d.slots);
        put<std::uint64_t>(d.doms);
        put<std::uint64_t>(d.rus);
        put<std::uint64_t>(d.fine);
        put_vector(d.sum);
        put_vector(d.presence);
        put_vector(p.sparse.key);
        const auto field = [&](auto member) {
            using F = std::decay_t<decltype(p.sparse.cell[0].*member)>;
            std::vector<F> v;
            v.reserve(p.sparse.size());
            for(const auto& c : p.sparse.cell) v.push_back(c.*member);
            put_vector(v);
        };
        for_each_time_field<V>(field);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

class reader {
public:
    explicit reader(std::string_view in) : in_(in) {}

    template <class T>
    T get() {
        static_assert(std::is_trivially_copyable_v<T>);
        need(sizeof(T));
        T v;
        std::memcpy(&v, in_.data() + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }
    template <class T, class Vector = std::vector<T>>
    Vector get_vector() {
        const auto n = get<std::uint64_t>();
        if(n > (in_.size() - pos_) / sizeof(T)) fail();
        Vector v(n);
        if(n) std::memcpy(v.data(), in_.data() + pos_, n * sizeof(T));
        pos_ += n * sizeof(T);
        return v;
    }
    std::string get_string() {
        const auto n = get<std::uint64_t>();
        need(n);
        std::string s(in_.substr(pos_, n));
        pos_ += n;
        return s;
    }
    std::vector<std::string> get_strings() {
        const auto n = get<std::uint64_t>();
        if(n > in_.size() - pos_) fail();
        std::vector<std::string> v;
        for(std::uint64_t i = 0; i < n; ++i) v.push_back(get_string());
        return v;
    }
    std::vector<period> get_periods() {
        const auto n = get<std::uint64_t>();
        if(n > in_.size() - pos_) fail();
        std::vector<period> v;
        for(std::uint64_t i = 0; i < n; ++i) v.push_back(period::parse(get_string()));
        return v;
    }
    template <class V>
    void get_partial(partial<V>& p) {
        auto& d = p.dense;
        d.slots = get<std::uint64_t>();
        d.doms = get<std::uint64_t>();
        d.rus = get<std::uint64_t>();
        d.fine = get<std::uint64_t>();
        d.sum = get_vector<acc_t<V>>();
        d.presence = get_vector<std::uint64_t>();
        if(d.sum.size() != d.slots * d.doms * d.fine ||
           d.presence.size() != (d.slots * d.rus * d.fine + 63) / 64)
            fail();
        p.sparse.key = get_vector<std::uint64_t, decltype(p.sparse.key)>();
        p.sparse.cell.resize(p.sparse.key.size());
        const auto field = [&](auto member) {
            using F = std::decay_t<decltype(p.sparse.cell[0].*member)>;
            const auto v = get_vector<F>();
            if(v.size() != p.sparse.cell.size()) fail();
            for(std::size_t i = 0; i < v.size(); ++i) p.sparse.cell[i].*member = v[i];
        };
        for_each_time_field<V>(field);
    }
    void expect_end() const {
        if(pos_ != in_.size()) fail();
    }

private:
    void need(std::size_t n) const {
        if(n > in_.size() - pos_) fail();
    }
    [[noreturn]] static void fail() {
        throw input_error("truncated or corrupt rollup state bytes");
    }
    std::string_view in_;
    std::size_t pos_ = 0;
};

}  // namespace chitieu::detail
