// Vectors whose resize leaves trivial elements uninitialized, for buffers that
// are written whole right after they are sized (sort buffers, folded tables): a
// value-initializing resize would write every byte twice, and on one thread.
#pragma once

#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace chitieu::detail {

template <class T, class A = std::allocator<T>>
class default_init_allocator : public A {
    using traits = std::allocator_traits<A>;

public:
    template <class U>
    struct rebind {
        using other =
            default_init_allocator<U, typename traits::template rebind_alloc<U>>;
    };
    using A::A;

    /// Default-initialize (a no-op for trivial types) instead of zeroing.
    template <class U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
        ::new(static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        traits::construct(static_cast<A&>(*this), p, std::forward<Args>(args)...);
    }
};

/// A std::vector whose resize(n) leaves new trivial elements uninitialized.
template <class T>
using uninitialized_vector = std::vector<T, default_init_allocator<T>>;

}  // namespace chitieu::detail
