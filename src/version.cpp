#include <chitieu/version.hpp>

namespace chitieu {

// Compiled into the library, so a program can detect headers from one release
// linked against the library of another.
const char* library_version() noexcept {
    return CHITIEU_VERSION;
}

}  // namespace chitieu
