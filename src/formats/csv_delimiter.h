// Choosing a CSV delimiter among the ones Glue's built-in classifier knows.
//
// Rule: for each candidate (',' '|' '\t' ';' '\x01'), split the sampled records with quoting and
// take the modal field count m (ties: the larger count) and its share of the records. A candidate
// is consistent when m >= 2 and at least 80% of the records have exactly m fields (ragged rows
// are tolerated, not preferred). Among consistent candidates the one with the most columns wins,
// then the higher share, then Glue's order. If none is consistent, the sample is not CSV, unless
// single-column files are allowed (then ',' and one column). Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace sluice::formats {

// Glue's built-in delimiters, in its order.
inline constexpr char kCsvDelimiters[] = {',', '|', '\t', ';', '\x01'};

// The share of records that must have the modal field count.
inline constexpr double kMinDelimiterConsistency = 0.8;

struct CsvDelimiterChoice {
  bool found = false;
  char delimiter = ',';
  std::string reason;  // one sentence for the crawl log
};

CsvDelimiterChoice ChooseCsvDelimiter(std::string_view text, char quote, size_t max_rows,
                                      bool sample_is_complete, bool allow_single_column);

// A readable name for a delimiter: "','", "tab", "Ctrl-A (\x01)".
std::string CsvDelimiterName(char delimiter);

}  // namespace sluice::formats
