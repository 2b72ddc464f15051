#include "formats/csv_delimiter.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

#include "formats/csv_reader.h"

namespace sluice::formats {
namespace {

struct Candidate {
  char delimiter = ',';
  size_t columns = 0;  // the modal field count
  double share = 0.0;  // records with exactly `columns` fields / records
};

Candidate Measure(std::string_view text, char delimiter, char quote, size_t max_rows,
                  bool sample_is_complete) {
  const std::vector<size_t> counts =
      CountCsvFields(text, CsvDialect{delimiter, quote}, max_rows, sample_is_complete);
  Candidate c{delimiter, 0, 0.0};
  if (counts.empty()) return c;
  std::map<size_t, size_t> frequency;
  for (size_t n : counts) ++frequency[n];
  size_t best_frequency = 0;
  for (const auto& [fields, times] : frequency) {  // ascending, so ties keep the larger count
    if (times >= best_frequency) {
      best_frequency = times;
      c.columns = fields;
    }
  }
  c.share = static_cast<double>(best_frequency) / static_cast<double>(counts.size());
  return c;
}

std::string Percent(double share) { return std::to_string(std::lround(share * 100)) + "%"; }

}  // namespace

std::string CsvDelimiterName(char delimiter) {
  switch (delimiter) {
    case '\t':
      return "tab";
    case '\x01':
      return "Ctrl-A (\\x01)";
    default:
      if (static_cast<unsigned char>(delimiter) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(delimiter));
        return buf;
      }
      return "'" + std::string(1, delimiter) + "'";
  }
}

CsvDelimiterChoice ChooseCsvDelimiter(std::string_view text, char quote, size_t max_rows,
                                      bool sample_is_complete, bool allow_single_column) {
  const Candidate* best = nullptr;
  const Candidate* best_rejected = nullptr;
  std::vector<Candidate> candidates;
  candidates.reserve(std::size(kCsvDelimiters));
  for (char d : kCsvDelimiters) {
    if (d == quote) continue;
    candidates.push_back(Measure(text, d, quote, max_rows, sample_is_complete));
  }
  for (const Candidate& c : candidates) {
    const bool consistent = c.columns >= 2 && c.share >= kMinDelimiterConsistency;
    if (!consistent) {
      if (c.columns >= 2 && (best_rejected == nullptr || c.share > best_rejected->share)) {
        best_rejected = &c;
      }
      continue;
    }
    if (best == nullptr || c.columns > best->columns ||
        (c.columns == best->columns && c.share > best->share)) {
      best = &c;
    }
  }
  if (best != nullptr) {
    return {true, best->delimiter,
            "delimiter " + CsvDelimiterName(best->delimiter) + ": " +
                std::to_string(best->columns) + " columns in " + Percent(best->share) +
                " of records, the most columns among consistent delimiters"};
  }
  if (allow_single_column) {
    return {true, ',', "delimiter ',': no delimiter splits records consistently; one column"};
  }
  std::string reason =
      "no delimiter among ',' '|' tab ';' Ctrl-A gives the same column count "
      "(at least 2) in " +
      Percent(kMinDelimiterConsistency) + " of records";
  if (best_rejected != nullptr) {
    reason += " (closest: " + CsvDelimiterName(best_rejected->delimiter) + " with " +
              std::to_string(best_rejected->columns) + " columns in " +
              Percent(best_rejected->share) + ")";
  }
  return {false, ',', std::move(reason)};
}

}  // namespace sluice::formats
