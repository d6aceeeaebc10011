// Large buffers on transparent huge pages. A fresh buffer's first touch costs a
// page fault per 4 KB page, and inside a virtual machine a fault costs several
// microseconds: a 40 MB column is then tens of milliseconds of faults, more than
// the pass that fills it. Advising the kernel that a buffer may use 2 MB pages
// (where it allows them: "madvise" mode) cuts those faults 512-fold. numpy
// advises its own large arrays the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace chitieu::detail {

/// Below this a buffer is left as it is (a few faults, not worth a system call).
inline constexpr std::size_t huge_page_threshold = std::size_t{4} << 20;

/// Advise the 2 MB-aligned part of [p, p + bytes) to use huge pages; a no-op
/// where the system has none.
inline void advise_huge_pages(const void* p, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if(bytes < huge_page_threshold) return;
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    const auto begin = (reinterpret_cast<std::uintptr_t>(p) + huge - 1) & ~(huge - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(huge - 1);
    if(end > begin)
        madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // NOLINT
#else
    (void)p;
    (void)bytes;
#endif
}

/// v.assign(n, value), its storage advised before the first touch.
template <class T, class A>
void assign_huge(std::vector<T, A>& v, std::size_t n, const T& value) {
    if(v.capacity() < n) {
        std::vector<T, A>().swap(v);
        v.reserve(n);
        advise_huge_pages(v.data(), n * sizeof(T));
    }
    v.assign(n, value);
}

/// v.reserve(n), the storage advised (pages are touched as the vector grows).
template <class T, class A>
void reserve_huge(std::vector<T, A>& v, std::size_t n) {
    if(v.capacity() >= n) return;
    v.reserve(n);
    advise_huge_pages(v.data(), n * sizeof(T));
}

}  // namespace chitieu::detail
