#include "binding.hpp"

#include <chitieu/hierarchy.hpp>

using chitieu::hierarchy;

namespace {

std::vector<std::string> strings(const py::iterable& items) {
    std::vector<std::string> out;
    for(const auto& item : items) out.push_back(py::str(item).cast<std::string>());
    return out;
}

py::array_t<std::int32_t> int32_array(const std::vector<std::int32_t>& v) {
    py::array_t<std::int32_t> out(static_cast<py::ssize_t>(v.size()));
    std::copy(v.begin(), v.end(), out.mutable_data());
    return out;
}

}  // namespace

void register_hierarchy(py::module_& m) {
    py::class_<hierarchy>(
        m, "hierarchy", "Org units with interned codes, levels and parents.")
        .def_static(
            "build",
            [](std::vector<std::string> level_names,
               std::vector<std::string>
                   codes,
               std::vector<std::string>
                   names,
               const std::vector<std::string>& levels,
               const std::vector<std::string>& parents) {
                py::gil_scoped_release release;
                return hierarchy::build(std::move(level_names),
                                        std::move(codes),
                                        std::move(names),
                                        levels,
                                        parents);
            },
            "level_names"_a,
            "codes"_a,
            "names"_a,
            "levels"_a,
            "parent_codes"_a)
        .def_static(
            "from_csv",
            [](const std::string& path,
               std::vector<std::string>
                   level_names,
               const std::vector<std::string>& columns) {
                py::gil_scoped_release release;
                return hierarchy::from_csv(path, std::move(level_names), columns);
            },
            "path"_a,
            "level_names"_a = std::vector<std::string>{},
            "columns"_a = std::vector<std::string>{})
        .def_property_readonly("fingerprint", &hierarchy::fingerprint)
        .def("__len__", &hierarchy::size)
        .def("size", &hierarchy::size)
        .def("n_levels", &hierarchy::n_levels)
        .def("level_names", &hierarchy::level_names)
        .def("level_index", &hierarchy::level_index, "level_name"_a)
        .def("id", &hierarchy::id, "code"_a)
        .def("find", &hierarchy::find, "code"_a)
        .def("code", &hierarchy::code, "id"_a)
        .def("name", &hierarchy::name, "id"_a)
        .def("level", &hierarchy::level, "id"_a)
        .def("parent", &hierarchy::parent, "id"_a)
        .def("units_at_level", &hierarchy::units_at_level, "level"_a)
        .def("children", &hierarchy::children, "id"_a)
        .def("descendants", &hierarchy::descendants, "id"_a, "level"_a = -1)
        .def("ancestor", &hierarchy::ancestor, "id"_a, "level"_a)
        .def("path", &hierarchy::path, "id"_a)
        .def(
            "ancestor_table",
            [](const py::object& self) {
                // A view of the C++ matrix; the array keeps the hierarchy alive.
                const auto& t = self.cast<const hierarchy&>().ancestor_table();
                const auto cols = static_cast<py::ssize_t>(t.cols());
                return py::array_t<std::int32_t>(
                    {static_cast<py::ssize_t>(t.rows()), cols},
                    {cols * static_cast<py::ssize_t>(sizeof(std::int32_t)),
                     static_cast<py::ssize_t>(sizeof(std::int32_t))},
                    t.data(),
                    self);
            },
            "[unit id, level] -> ancestor id (-1 where none), without copying.")
        .def(
            "ids",
            [](const hierarchy& h, const py::iterable& codes) {
                const auto text = strings(codes);
                std::vector<std::int32_t> out(text.size());
                std::vector<std::string> unknown;
                for(std::size_t i = 0; i < text.size(); ++i) {
                    const auto found = h.find(text[i]);
                    if(found)
                        out[i] = *found;
                    else
                        unknown.push_back("'" + text[i] + "'");
                }
                if(!unknown.empty())
                    throw chitieu::unknown_code(
                        chitieu::detail::list_culprits("unknown unit codes", unknown));
                return int32_array(out);
            },
            "codes"_a)
        .def(
            "codes",
            [](const hierarchy& h,
               const py::array_t<std::int32_t,
                                 py::array::c_style | py::array::forcecast>& ids) {
                std::vector<std::string> out;
                out.reserve(static_cast<std::size_t>(ids.size()));
                for(py::ssize_t i = 0; i < ids.size(); ++i)
                    out.push_back(h.code(ids.data()[i]));
                return out;
            },
            "ids"_a)
        .def(
            "add_group",
            [](hierarchy& h, const std::string& name, const py::iterable& codes) {
                return h.add_group(name, strings(codes)).members;
            },
            "name"_a,
            "codes"_a)
        .def(
            "group",
            [](const hierarchy& h, const std::string& name) {
                return h.group(name).members;
            },
            "name"_a)
        .def("groups",
             [](const hierarchy& h) {
                 std::vector<std::string> out;
                 for(const auto& g : h.groups()) out.push_back(g.name);
                 return out;
             })
        .def(
            "group_membership",
            [](const hierarchy& h, const std::string& name) {
                const auto v = h.group_membership(h.group(name));
                py::array_t<std::uint8_t> out(static_cast<py::ssize_t>(v.size()));
                std::copy(v.begin(), v.end(), out.mutable_data());
                return out;
            },
            "name"_a)
        .def(py::pickle(
            [](const hierarchy& h) {
                std::vector<std::string> levels, parents;
                for(std::size_t i = 0; i < h.size(); ++i) {
                    const auto id = static_cast<std::int32_t>(i);
                    levels.push_back(
                        h.level_names()[static_cast<std::size_t>(h.level(id))]);
                    parents.push_back(h.parent(id) >= 0 ? h.code(h.parent(id)) : "");
                }
                std::vector<std::string> codes, names;
                for(std::size_t i = 0; i < h.size(); ++i) {
                    codes.push_back(h.code(static_cast<std::int32_t>(i)));
                    names.push_back(h.name(static_cast<std::int32_t>(i)));
                }
                py::list groups;
                for(const auto& g : h.groups()) {
                    std::vector<std::string> members;
                    for(auto u : g.members) members.push_back(h.code(u));
                    groups.append(py::make_tuple(g.name, members));
                }
                return py::make_tuple(
                    h.level_names(), codes, names, levels, parents, groups);
            },
            [](const py::tuple& t) {
                auto h = hierarchy::build(t[0].cast<std::vector<std::string>>(),
                                          t[1].cast<std::vector<std::string>>(),
                                          t[2].cast<std::vector<std::string>>(),
                                          t[3].cast<std::vector<std::string>>(),
                                          t[4].cast<std::vector<std::string>>());
                for(const auto& g : t[5].cast<py::list>()) {
                    const auto pair = g.cast<py::tuple>();
                    h.add_group(pair[0].cast<std::string>(),
                                pair[1].cast<std::vector<std::string>>());
                }
                return h;
            }));
}
