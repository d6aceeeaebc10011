// Run-time flags turned into compile-time ones, for hot loops that should not
// test a flag per row (the rollup pass, the observations scan).
#pragma once

#include <type_traits>

namespace chitieu::detail {

/// Calls f(std::bool_constant<b>...) for the run-time flags, so each
/// combination gets its own branch-free instantiation of the loop.
template <class F>
void with_flags(F&& f) {
    f();
}
template <class F, class... B>
void with_flags(F&& f, bool first, B... rest) {
    if(first)
        with_flags([&](auto... c) { f(std::true_type{}, c...); }, rest...);
    else
        with_flags([&](auto... c) { f(std::false_type{}, c...); }, rest...);
}

}  // namespace chitieu::detail
