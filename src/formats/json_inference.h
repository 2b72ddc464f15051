// JSON classification and schema inference from a sample of a file.
//
// Layouts, chosen from the sample's first non-blank character and first line:
//   kLines      one value per line (JSON lines), when the first line is a whole JSON value;
//   kDocuments  objects spread over several lines or concatenated (pretty-printed JSON);
//   kArray      a top-level array: each element is a record. With `glue_compatible` the file is
//               one column named "array" instead, as Glue's built-in classifier does.
// A UTF-8 BOM is skipped. Unless the sample is the whole file, the record cut by the end of the
// sample is dropped (not a failure). Each record must be an object; its type is inferred by
// JsonTypeBuilder (json_type_builder.h) and records are widened with the lattice into one struct.
//
// Certainty: 1.0 when at least one record parsed and failures (syntax errors, non-objects,
// nesting deeper than max_depth) are at most 10% of the records tried; else 0.0 with the reason.
// Pure and thread-safe.
#pragma once

#include <cstddef>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "formats/glue_type.h"

namespace sluice::formats {

enum class JsonLayout : uint8_t { kUnknown, kLines, kDocuments, kArray };

std::string_view JsonLayoutName(JsonLayout layout);

// The largest share of failed records that still classifies as JSON.
inline constexpr double kMaxJsonFailureShare = 0.1;

struct JsonOptions {
  // true: strings stay string (no dates/timestamps), small integers are int, and a top-level
  // array is one "array" column, exactly as Glue. false: Sluice's inference.
  bool glue_compatible = false;
  size_t max_records = std::numeric_limits<size_t>::max();  // Glue reads 1 MB, not a count
  bool sample_is_complete = false;                          // the sample is the whole file
  size_t max_depth = 64;                                    // deeper records are failures
};

struct JsonInference {
  double certainty = 0.0;
  std::string reason;  // why this certainty, for the crawl log
  JsonLayout layout = JsonLayout::kUnknown;
  size_t records = 0;                   // records that parsed as objects
  size_t failures = 0;                  // records that did not
  std::string first_failure;            // e.g. "line 7: syntax error ...", empty when none
  bool dropped_partial_record = false;  // the sample ended inside a record (read more if 0 records)
  GlueType record_type;                 // the widened struct of all records, before resolution
  std::vector<Column> columns;          // top-level fields: lower-cased names, catalog-ready types
  // When certainty is 1.0: table parameter classification=json, and the JSON SerDe's "paths"
  // (the column names, sorted, comma-joined).
  std::map<std::string, std::string> table_parameters;
  std::map<std::string, std::string> serde_parameters;
};

// Returns InvalidInput for unusable options (max_records or max_depth 0). A sample that is not
// JSON is a result with certainty 0.0.
Result<JsonInference> InferJsonSchema(std::string_view sample, const JsonOptions& options);

}  // namespace sluice::formats
