// The stream operators declared in period.hpp: out of line so that the header
// needs only <iosfwd>.
#include <chitieu/period.hpp>

#include <ostream>

namespace chitieu {

std::ostream& operator<<(std::ostream& os, period_kind kind) {
    return os << to_string(kind);
}

std::ostream& operator<<(std::ostream& os, const period& p) {
    return os << p.to_string();
}

}  // namespace chitieu
