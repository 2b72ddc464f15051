// The CSV header decision: is the first record a header, and why.
//
// Glue's rules (crawler.md §2): the first row is a header only if every cell types as string,
// every cell is shorter than 150 characters, every cell is a valid column name (only the last may
// be empty, for a trailing delimiter), and at least one column of the data rows types as something
// other than string. Glue therefore never finds the header of an all-string file. Sluice adds one
// rule for that case (off when glue_compatible): with at least 2 data rows, the first row is a
// header when its values are identifier-like ([A-Za-z][A-Za-z0-9_]*), distinct, and none recurs
// (case-insensitively) as a value in the same column of the data rows. Pure and thread-safe.
#pragma once

#include <string>
#include <vector>

#include "formats/glue_type.h"
#include "formats/value_types.h"

namespace sluice::formats {

enum class CsvHeaderMode : uint8_t {
  kAuto,     // decide by the rules above
  kPresent,  // the first record is a header
  kAbsent,   // every record is data
};

struct CsvHeaderOptions {
  CsvHeaderMode mode = CsvHeaderMode::kAuto;
  bool glue_compatible = false;
  bool trim_values = true;
  ValueTypeOptions value_types;
};

struct CsvHeaderDecision {
  bool has_header = false;
  std::string reason;  // one sentence for the crawl log
};

// `rows` are the sampled records, the first being the candidate header. `data_types` holds, per
// column, the type of that column over rows[1..] (unknown where every cell is empty).
CsvHeaderDecision DecideCsvHeader(const std::vector<std::vector<std::string>>& rows,
                                  const std::vector<GlueType>& data_types,
                                  const CsvHeaderOptions& options);

}  // namespace sluice::formats
