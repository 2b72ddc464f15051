// Column names as the crawler writes them to the catalog.
//
// Glue lower-cases column names. Names that come from a CSV header are also made portable (only
// a-z, 0-9 and '_'), since CSV columns are positional and renaming them loses nothing; JSON keys
// are only lower-cased, because the JSON SerDe finds values by key name. Pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::formats {

// `text` with ASCII letters lower-cased; other bytes (UTF-8 included) unchanged.
std::string LowerAscii(std::string_view text);

// True when `a` and `b` are equal ignoring the case of ASCII letters.
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);

// A CSV header cell as a column name: trimmed, lower-cased, every run of characters other than
// [a-z0-9_] replaced by one '_' (dropped at the start and end). "First Name" -> "first_name",
// "Price ($)" -> "price". Returns "" when nothing usable remains (the caller uses colN then).
std::string NormalizeColumnName(std::string_view header_cell);

// "col0", "col1", ...: Glue's 0-based positional names.
std::string PositionalColumnName(size_t index);

// True when `text` is acceptable to Glue as a column name: 1 to 255 bytes, no control characters
// other than tab (Glue's single-line string pattern).
bool IsValidGlueColumnName(std::string_view text);

// Makes names unique in place: a repeated name gets "_2", "_3", ... (skipping names in use);
// an empty name at position i becomes PositionalColumnName(i) first.
void MakeColumnNamesUnique(std::vector<std::string>& names);

}  // namespace sluice::formats
