#include "formats/file_classifier.h"

#include "formats/csv_inference.h"
#include "formats/json_inference.h"

namespace sluice::formats {
namespace {

constexpr const char* kTextInput = "org.apache.hadoop.mapred.TextInputFormat";
constexpr const char* kTextOutput = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

bool TryBinary(std::string_view sample, FileClassification& out) {
  if (sample.substr(0, 4) == std::string_view("Obj\x01", 4)) {
    out.classification = "avro";
    out.reason = "avro: certainty 1.0 (Avro object container magic)";
    out.serde_library = "org.apache.hadoop.hive.serde2.avro.AvroSerDe";
    out.input_format = "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat";
    out.output_format = "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat";
  } else if (sample.substr(0, 4) == "PAR1") {
    out.classification = "parquet";
    out.reason = "parquet: certainty 1.0 (PAR1 magic)";
    out.serde_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    out.serde_parameters = {{"serialization.format", "1"}};
    out.input_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    out.output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
  } else {
    return false;
  }
  out.certainty = 1.0;
  out.schema_known = false;  // read from the file footer/header by the caller
  return true;
}

}  // namespace

FileClassification ClassifySample(std::string_view sample, bool complete,
                                  const ClassifyOptions& options) {
  FileClassification out;
  if (TryBinary(sample, out)) return out;
  out.reason = "avro: 0.0 (no magic); parquet: 0.0 (no magic)";

  JsonOptions json_options;
  json_options.glue_compatible = options.glue_compatible;
  json_options.sample_is_complete = complete;
  auto json = InferJsonSchema(sample, json_options);
  if (json.ok() && json->certainty >= 1.0) {
    out.classification = "json";
    out.certainty = 1.0;
    out.reason += "; json: 1.0 (" + json->reason + ")";
    out.columns = json->columns;
    out.schema_known = true;
    out.table_parameters = json->table_parameters;
    out.serde_library = "org.openx.data.jsonserde.JsonSerDe";
    out.serde_parameters = json->serde_parameters;
    out.input_format = kTextInput;
    out.output_format = kTextOutput;
    out.sample_records = json->records;
    return out;
  }
  out.reason += "; json: 0.0 (" + (json.ok() ? json->reason : json.status().message()) + ")";

  CsvOptions csv_options;
  csv_options.glue_compatible = options.glue_compatible;
  csv_options.sample_is_complete = complete;
  auto csv = InferCsvSchema(sample, csv_options);
  if (csv.ok() && csv->certainty >= 1.0) {
    out.classification = "csv";
    out.certainty = 1.0;
    out.reason += "; csv: 1.0 (" + csv->reason + "; delimiter: " + csv->delimiter_reason +
                  "; header: " + csv->header_reason + ")";
    out.columns = csv->columns;
    out.schema_known = true;
    out.table_parameters = csv->table_parameters;
    std::string delimiter(1, csv->delimiter);
    if (csv->quoted) {
      out.serde_library = "org.apache.hadoop.hive.serde2.OpenCSVSerde";
      out.serde_parameters = {{"separatorChar", delimiter}, {"quoteChar", "\""}};
    } else {
      out.serde_library = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
      out.serde_parameters = {{"field.delim", delimiter}};
    }
    out.input_format = kTextInput;
    out.output_format = kTextOutput;
    out.sample_records = csv->data_rows;
    return out;
  }
  out.reason += "; csv: 0.0 (" + (csv.ok() ? csv->reason : csv.status().message()) + ")";
  return out;
}

}  // namespace sluice::formats
