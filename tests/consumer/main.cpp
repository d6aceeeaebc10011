// Proves the installed package is usable: headers found, library linked,
// dependencies (Eigen, Boost.Date_Time) found through chitieuConfig.cmake.
#include <chitieu/chitieu.hpp>

#include <iostream>

int main() {
    std::cout << "chitieu " << chitieu::version << " linked\n";
    return 0;
}
