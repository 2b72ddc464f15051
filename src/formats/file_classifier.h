// Classifying one file from a sample of its start: the crawler's custom classifiers first, then
// the built-in ones in Glue's order (avro, parquet — binary formats by their magic bytes —,
// json, xml, the grok log formats, csv), each answering with certainty 1.0 or 0.0 and a reason,
// the first 1.0 winning. What the crawler writes for the winner —
// classification, SerDe and its parameters, table parameters — comes with the result.
// Pure and thread-safe.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "formats/compression.h"
#include "formats/glue_type.h"

namespace sluice::formats {

struct ClassifyOptions {
  bool glue_compatible = false;  // exactly Glue's types and header rules (see csv/json_inference)
  // A crawler's custom classifiers, tried first in this order: Glue Classifier documents
  // ({"CsvClassifier": {...}}, GrokClassifier, JsonClassifier, XMLClassifier).
  std::vector<nlohmann::json> custom;
};

struct FileClassification {
  // csv, json, xml, parquet, avro, a log format (combined_apache, ...), a custom classifier's
  // Classification, or UNKNOWN.
  std::string classification = "UNKNOWN";
  double certainty = 0.0;
  std::string reason;  // one line per classifier tried, for the crawl log
  std::vector<Column> columns;
  bool schema_known = false;  // false for a binary format whose schema is not read yet
  std::map<std::string, std::string> table_parameters;  // format-specific (delimiter, ...)
  std::string serde_library;
  std::map<std::string, std::string> serde_parameters;
  std::string input_format, output_format;
  size_t sample_records = 0;  // records seen in the sample (for averageRecordSize)
};

// `sample` is the file's first bytes after decompression; `complete` when it is the whole file.
FileClassification ClassifySample(std::string_view sample, bool complete,
                                  const ClassifyOptions& options);

}  // namespace sluice::formats
