// `elapsed_by` crossing the binding as its name ("months" or "days"), for
// Period.elapsed_fraction and Phasing.linear alike.
#pragma once

#include "binding.hpp"

#include <chitieu/error.hpp>
#include <chitieu/period.hpp>

#include <string>

inline chitieu::elapsed_by elapsed_by_of(const std::string& name) {
    if(name == "months") return chitieu::elapsed_by::months;
    if(name == "days") return chitieu::elapsed_by::days;
    throw chitieu::input_error("elapsed_by '" + name +
                               "': expected 'months' or 'days'");
}

inline const char* elapsed_by_name(chitieu::elapsed_by by) {
    return by == chitieu::elapsed_by::days ? "days" : "months";
}
