// Umbrella header: the whole public C++ API of chitieu.
#pragma once

#include <chitieu/crosswalk.hpp>
#include <chitieu/disbursement.hpp>
#include <chitieu/error.hpp>
#include <chitieu/hierarchy.hpp>
#include <chitieu/indicator.hpp>
#include <chitieu/observations.hpp>
#include <chitieu/observations_builder.hpp>
#include <chitieu/period.hpp>
#include <chitieu/rollup.hpp>
#include <chitieu/version.hpp>
#include <chitieu/vietnam.hpp>
#include <chitieu/plan.hpp>
#include <chitieu/measures.hpp>
