// CSV classification and schema inference from a sample of a file, as Glue's built-in CSV
// classifier does it, with Sluice's improvements unless `glue_compatible` is set.
//
// Input: the first bytes of a file (already decompressed; Glue reads the first 1 MB or 1,000
// records). A UTF-8 BOM is skipped; a partial last record is dropped unless the sample is the
// whole file. Steps, each explained in the result: the delimiter (csv_delimiter.h), RFC 4180
// records (csv_reader.h), cell types (value_types.h) widened per column with the lattice
// (type_lattice.h), the header decision (csv_header.h), column names (column_name.h).
//
// Certainty is binary like Glue's: 1.0 when the sample has at least 2 columns (or single columns
// are allowed) and at least 2 data rows, else 0.0 with the reason. Pure and thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "formats/csv_header.h"
#include "formats/glue_type.h"

namespace sluice::formats {

struct CsvOptions {
  std::optional<char> delimiter;  // nullopt: choose among kCsvDelimiters
  char quote = '"';
  CsvHeaderMode header = CsvHeaderMode::kAuto;
  // true: dates and timestamps stay string, "007" is bigint, and all-string files never get a
  // header, exactly as Glue. false: Sluice's inference.
  bool glue_compatible = false;
  bool allow_single_column = false;  // Glue's CsvClassifier AllowSingleColumn
  bool trim_values = true;           // trim spaces and tabs before typing (Glue's default)
  size_t max_records = 1000;         // data records read, after the header
  bool sample_is_complete = false;   // the sample is the whole file: keep an unterminated last line
};

struct CsvInference {
  double certainty = 0.0;
  std::string reason;  // why this certainty, for the crawl log
  char delimiter = ',';
  std::string delimiter_reason;
  bool has_header = false;
  std::string header_reason;
  bool quoted = false;   // some field was quoted (Glue then uses OpenCSVSerde)
  size_t data_rows = 0;  // data records sampled
  std::vector<Column> columns;
  // What the crawler writes for the table when certainty is 1.0: classification, delimiter,
  // columnsOrdered, skip.header.line.count (with a header), areColumnsQuoted (when quoted).
  std::map<std::string, std::string> table_parameters;
};

// Returns InvalidInput for unusable options (max_records 0; a quote or delimiter that is a line
// break, or equal to each other). A sample that is not CSV is a result with certainty 0.0.
Result<CsvInference> InferCsvSchema(std::string_view sample, const CsvOptions& options);

}  // namespace sluice::formats
