// rollup_state::from_bytes on untrusted bytes (from disk or a network): a state
// or input_error, never a crash, never an allocation a forged length asks for
// (libFuzzer's -malloc_limit_mb catches those); a state that loads and is not
// too large to finish (result_cells) finishes, alone and merged with itself.
#include "fuzz_common.hpp"

#include <chitieu/rollup.hpp>

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chitieu;
    fuzz::refusals_only([&] {
        const auto state = rollup_state::from_bytes(
            std::string_view(reinterpret_cast<const char*>(data), size));
        if(state.result_cells() > (std::size_t{1} << 20)) return;
        finish(state, 1);
        finish(merge(state, state), 1);
    });
    return 0;
}
