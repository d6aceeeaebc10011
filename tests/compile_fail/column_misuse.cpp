// Misuses of the typed columns that must not compile. Each CASE_* is built as
// its own target by CMakeLists.txt and registered as a test that passes only if
// the compiler refuses it; with no CASE_* defined the file is the control that
// must compile, so a refusal is the misuse's and not a broken include.
#include <chitieu/observations.hpp>

#include <cstdint>
#include <vector>

using chitieu::column;

int main() {
    std::vector<std::int32_t> ids{0, 1, 2};
    std::vector<double> values{1.0, 2.0, 3.0};
    const column<std::int32_t> indicator(ids.data(), ids.size());
    const column<double> value{std::vector<double>(values)};
    chitieu::observation_columns<double> cols;
    cols.indicator = indicator;
    cols.value = value;

#if defined(CASE_vector_of_another_type)
    // int64 values are not int32 ids: no silent narrowing copy.
    const column<std::int32_t> bad(std::vector<std::int64_t>{1, 2, 3});
#elif defined(CASE_pointer_of_another_type)
    // A view of doubles is not a view of ids.
    const column<std::int32_t> bad(values.data(), values.size());
#elif defined(CASE_implicit_from_vector)
    // Owning a vector is a deliberate act (a copy or a move): explicit only.
    const column<double> bad = values;
#elif defined(CASE_money_into_real_block)
    // Money columns (exact int64 đồng) never go into a block of real values.
    cols.value = column<std::int64_t>(std::vector<std::int64_t>{1, 2, 3});
#elif defined(CASE_write_through_column)
    // Columns are read-only views, shared between copies of observations.
    value[0] = 4.0;
#elif defined(CASE_float_block)
    // Only double and int64 blocks exist; a float block has no build.
    chitieu::observation_columns<float> floats;
    (void)chitieu::observations::build(chitieu::catalog{}, chitieu::hierarchy{},
                                       chitieu::period_index{}, floats);
#endif
    return static_cast<int>(cols.size() + value.size()) == 6 ? 0 : 1;
}
