#include "formats/csv_header.h"

#include <unordered_set>

#include "formats/column_name.h"

namespace sluice::formats {
namespace {

constexpr size_t kMaxHeaderCellChars = 150;

std::string Quote(std::string_view value) {
  constexpr size_t kShown = 40;
  if (value.size() > kShown) return "'" + std::string(value.substr(0, kShown)) + "...'";
  return "'" + std::string(value) + "'";
}

bool IsIdentifierLike(std::string_view v) {
  if (v.empty() || !((v[0] >= 'a' && v[0] <= 'z') || (v[0] >= 'A' && v[0] <= 'Z'))) return false;
  for (char c : v) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

CsvHeaderDecision Header(std::string reason) { return {true, std::move(reason)}; }
CsvHeaderDecision NoHeader(std::string reason) { return {false, std::move(reason)}; }

// Sluice's rule for files where every data column is a string.
CsvHeaderDecision DecideAllStringHeader(const std::vector<std::vector<std::string>>& rows,
                                        const std::vector<std::string_view>& header,
                                        const CsvHeaderOptions& options) {
  if (rows.size() < 3) {
    return NoHeader(
        "no header: every column is a string and there are fewer than 2 data rows "
        "to compare the first row with");
  }
  std::unordered_set<std::string> names;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i].empty()) continue;  // only the last cell can be empty here
    if (!IsIdentifierLike(header[i])) {
      return NoHeader("no header: every column is a string and first-row value " +
                      Quote(header[i]) + " is not identifier-like");
    }
    if (!names.insert(LowerAscii(header[i])).second) {
      return NoHeader("no header: every column is a string and first-row value " +
                      Quote(header[i]) + " repeats within the first row");
    }
  }
  for (size_t r = 1; r < rows.size(); ++r) {
    for (size_t i = 0; i < header.size() && i < rows[r].size(); ++i) {
      if (header[i].empty()) continue;
      std::string_view cell = rows[r][i];
      if (options.trim_values) cell = TrimBlanks(cell);
      if (LowerAscii(cell) == LowerAscii(header[i])) {
        return NoHeader("no header: every column is a string and first-row value " +
                        Quote(header[i]) + " recurs in its column at data row " +
                        std::to_string(r));
      }
    }
  }
  return Header(
      "header: every column is a string, but the first row's values are "
      "identifier-like, distinct and never recur in their columns (Sluice rule)");
}

}  // namespace

CsvHeaderDecision DecideCsvHeader(const std::vector<std::vector<std::string>>& rows,
                                  const std::vector<GlueType>& data_types,
                                  const CsvHeaderOptions& options) {
  if (options.mode == CsvHeaderMode::kPresent) return Header("header: set by the options");
  if (options.mode == CsvHeaderMode::kAbsent) return NoHeader("no header: set by the options");
  if (rows.size() < 2) return NoHeader("no header: fewer than 2 records");

  std::vector<std::string_view> header;
  for (const std::string& cell : rows[0]) {
    header.push_back(options.trim_values ? TrimBlanks(cell) : std::string_view(cell));
  }
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string position = "first-row cell " + std::to_string(i);
    std::string_view v = header[i];
    if (v.empty()) {
      if (i + 1 == header.size()) continue;  // a trailing delimiter
      return NoHeader("no header: " + position + " is empty");
    }
    const GlueType type = InferValueType(v, options.value_types);
    if (type.kind() != TypeKind::kString) {
      return NoHeader("no header: " + position + " " + Quote(v) + " is " + type.ToString() +
                      ", not a name");
    }
    if (v.size() >= kMaxHeaderCellChars) {
      return NoHeader("no header: " + position + " is 150 characters or longer");
    }
    if (!IsValidGlueColumnName(v)) {
      return NoHeader("no header: " + position + " " + Quote(v) + " is not a valid column name");
    }
  }
  for (size_t i = 0; i < data_types.size(); ++i) {
    const TypeKind kind = data_types[i].kind();
    if (kind != TypeKind::kString && kind != TypeKind::kNull) {
      const std::string name = i < header.size() && !header[i].empty()
                                   ? "'" + std::string(header[i]) + "'"
                                   : std::to_string(i);
      return Header("header: the first row is all names and data column " + name + " is " +
                    data_types[i].ToString() + " (Glue rule)");
    }
  }
  if (options.glue_compatible) {
    return NoHeader(
        "no header: every column is a string, and Glue does not detect headers in "
        "all-string files (set the header mode to present to override)");
  }
  return DecideAllStringHeader(rows, header, options);
}

}  // namespace sluice::formats
