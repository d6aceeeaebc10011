// chitieu version, read by CMake and by scikit-build-core's regex provider.
#pragma once

#define CHITIEU_VERSION_MAJOR 0
#define CHITIEU_VERSION_MINOR 1
#define CHITIEU_VERSION_PATCH 0
#define CHITIEU_VERSION "0.1.0"

namespace chitieu {
inline constexpr const char* version = CHITIEU_VERSION;

/// The version the linked library was built as; equals `version` unless headers
/// and library come from different releases.
const char* library_version() noexcept;
}  // namespace chitieu
