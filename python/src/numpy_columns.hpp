// numpy <-> chitieu::column: views in both directions, no copies where the
// memory layout allows.
#pragma once

#include "binding.hpp"

#include <chitieu/observations.hpp>

#include <memory>
#include <string>
#include <vector>

namespace chitieu_py {

/// Keeps a Python object alive while a column views its memory. The last owner
/// may let go on a thread without the GIL, so the deleter takes it.
inline std::shared_ptr<const void> keep_alive(py::object obj) {
    auto* held = new py::object(std::move(obj));
    return std::shared_ptr<const void>(held, [](const void* p) {
        py::gil_scoped_acquire gil;
        delete static_cast<const py::object*>(p);
    });
}

/// A column over a one-dimensional numpy array of exactly dtype T: a view when
/// it is C-contiguous, else a contiguous copy. Any other dtype is a ValueError
/// naming the argument (never a silent cast).
template <class T>
chitieu::column<T> column_of(const py::array& a, const char* name) {
    if(!a.dtype().equal(py::dtype::of<T>()))
        throw py::value_error(std::string(name) + " must have dtype " +
                              py::str(py::dtype::of<T>()).cast<std::string>() +
                              ", not " + py::str(a.dtype()).cast<std::string>());
    if(a.ndim() != 1)
        throw py::value_error(std::string(name) + " must be one-dimensional, not " +
                              std::to_string(a.ndim()) + "-dimensional");
    auto c = py::array_t<T, py::array::c_style>::ensure(a);
    if(!c) throw py::error_already_set();
    const T* data = c.data();
    const auto size = static_cast<std::size_t>(c.size());
    return chitieu::column<T>(data, size, keep_alive(std::move(c)));
}

/// A read-only numpy view of `size` elements at `data`, owned by `base`.
template <class T>
py::array view_of(const T* data, std::size_t size, py::handle base) {
    py::array out(py::dtype::of<T>(),
                  {static_cast<py::ssize_t>(size)},
                  {static_cast<py::ssize_t>(sizeof(T))},
                  data,
                  base);
    py::detail::array_proxy(out.ptr())->flags &=
        ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
    return out;
}

template <class T>
py::array view_of(const std::vector<T>& v, py::handle base) {
    return view_of(v.data(), v.size(), base);
}

}  // namespace chitieu_py
