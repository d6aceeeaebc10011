// Byte strings for rollup states: length-prefixed little-endian fields, read back
// with bounds checks (a truncated or foreign string is an input_error, never a
// crash). Private to the library.
#pragma once

#include <chitieu/error.hpp>
#include <chitieu/period.hpp>

#include "rollup/rollup_data.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace chitieu::detail {

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
    // Column by column, the kept ones only (their set is written first).
    template <class V>
    void put_partial(const partial<V>& p) {
        const auto& d = p.dense;
        put<std::uint64_t>(d.slots);
        put<std::uint64_t>(d.doms);
        put<std::uint64_t>(d.rus);
        put<std::uint64_t>(d.fine);
        put_vector(d.sum);
        put_vector(d.presence);
        sparse_table<V> scratch;  // the bytes hold filed states only
        const auto& sp = filed_table(p, scratch);
        put<std::uint32_t>(sp.fields);
        put_vector(sp.key);
        sp.for_each_column([&](unsigned bit, const auto& column) {
            if(sp.fields & bit) put_vector(column);
        });
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
        p.sparse.fields = get<std::uint32_t>();
        if(p.sparse.fields & ~all_time_fields) fail();
        p.sparse.key = get_vector<std::uint64_t, decltype(p.sparse.key)>();
        p.sparse.for_each_column([&](unsigned bit, auto& column) {
            if(!(p.sparse.fields & bit)) return;
            using C = std::decay_t<decltype(column)>;
            column = get_vector<typename C::value_type, C>();
            if(column.size() != p.sparse.key.size()) fail();
        });
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
