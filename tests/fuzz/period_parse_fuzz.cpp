// period::parse on arbitrary text: a period or input_error, never a crash; a
// parsed period prints to an identifier that parses back to itself.
#include "fuzz_common.hpp"

#include <chitieu/period.hpp>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    chitieu::fuzz::refusals_only([&] {
        const auto p = chitieu::period::parse(chitieu::fuzz::text(data, size));
        if(chitieu::period::parse(p.to_string()) != p) std::abort();
    });
    return 0;
}
