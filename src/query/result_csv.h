// The CSV that Athena writes as a query's result (<QueryExecutionId>.csv): a header row, then one
// line per row; every value double-quoted ("" inside), NULL written as nothing at all, so an
// empty string ("") and NULL stay apart. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::query {

using CsvRow = std::vector<std::optional<std::string>>;

// Appends one line (ending in "\n") to `out`.
void AppendCsvRow(const CsvRow& row, std::string& out);

// Reads one row from `text` at `*pos`; advances `*pos` past its line end. nullopt when the text
// ends before a complete line (the caller reads more and retries from the same position).
std::optional<CsvRow> ReadCsvRow(std::string_view text, size_t* pos);

}  // namespace sluice::query
