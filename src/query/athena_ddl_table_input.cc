#include "query/athena_ddl_table_input.h"

#include <string>

#include "formats/storage_formats.h"

namespace sluice::query {
namespace {

using nlohmann::json;

json Columns(const std::vector<ColumnDefinition>& columns) {
  json out = json::array();
  for (const ColumnDefinition& c : columns) {
    json column = {{"Name", c.name}, {"Type", c.type}};
    if (c.comment) column["Comment"] = *c.comment;
    out.push_back(std::move(column));
  }
  return out;
}

// ROW FORMAT DELIMITED as Hive's DDL writes it into the LazySimpleSerDe's parameters.
json DelimitedParameters(const RowFormat& row) {
  json p = json::object();
  if (row.fields_terminated_by) {
    p["field.delim"] = *row.fields_terminated_by;
    p["serialization.format"] = *row.fields_terminated_by;
  } else {
    p["field.delim"] = "\x01";
    p["serialization.format"] = "1";  // LazySimpleSerDe reads "1" as the byte \001
  }
  if (row.escaped_by) p["escape.delim"] = *row.escaped_by;
  // Hive's own misspelling (serdeConstants.COLLECTION_DELIM), which its readers look for.
  if (row.collection_items_terminated_by) {
    p["colelction.delim"] = *row.collection_items_terminated_by;
  }
  if (row.map_keys_terminated_by) p["mapkey.delim"] = *row.map_keys_terminated_by;
  if (row.lines_terminated_by) p["line.delim"] = *row.lines_terminated_by;
  if (row.null_defined_as) p["serialization.null.format"] = *row.null_defined_as;
  return p;
}

}  // namespace

json ToGlueTableInput(const CreateExternalTable& t) {
  // The file format's classes: STORED AS, or INPUTFORMAT/OUTPUTFORMAT, or Hive's TEXTFILE.
  formats::StorageFormat format = *formats::StoredAsFormat("TEXTFILE");
  if (t.stored_as) {
    if (auto named = formats::StoredAsFormat(*t.stored_as)) format = *named;
  } else if (t.input_format && t.output_format) {
    format.input_format = *t.input_format;
    format.output_format = *t.output_format;
    format.classification = "";
  }
  std::string serde(format.serde_library);
  json serde_params = json::object();
  switch (t.row_format.kind) {
    case RowFormat::Kind::kSerde:
      serde = t.row_format.serde_class;
      break;
    case RowFormat::Kind::kDelimited:
      serde = formats::kLazySimpleSerde;
      serde_params = DelimitedParameters(t.row_format);
      break;
    case RowFormat::Kind::kDefault:
      serde_params = serde == formats::kLazySimpleSerde ? DelimitedParameters(t.row_format)
                                                        : json{{"serialization.format", "1"}};
      break;
  }
  for (const auto& [k, v] : t.row_format.serde_properties) serde_params[k] = v;

  json params = json::object();
  params["EXTERNAL"] = "TRUE";
  // Text files are classified by their SerDe (csv, json, ...); other formats by the format, or
  // for INPUTFORMAT/OUTPUTFORMAT by a columnar SerDe.
  std::string_view classification = format.classification;
  if (format.input_format == formats::kTextInputFormat) {
    classification = formats::ClassificationOfSerde(serde);
  } else if (!t.stored_as && formats::ClassificationOfSerde(serde) != "csv") {
    classification = formats::ClassificationOfSerde(serde);
  }
  if (!classification.empty()) params["classification"] = std::string(classification);
  if (t.comment) params["comment"] = *t.comment;
  for (const auto& [k, v] : t.table_properties) params[k] = v;

  json buckets = json::array();
  for (const std::string& c : t.bucket_columns) buckets.push_back(c);
  json sd = {{"Columns", Columns(t.columns)},
             {"Location", t.location},
             {"InputFormat", std::string(format.input_format)},
             {"OutputFormat", std::string(format.output_format)},
             {"Compressed", false},
             {"NumberOfBuckets", t.bucket_count > 0 ? t.bucket_count : -1},
             {"SerdeInfo", {{"SerializationLibrary", serde}, {"Parameters", serde_params}}},
             {"BucketColumns", buckets},
             {"SortColumns", json::array()},
             {"StoredAsSubDirectories", false}};
  return {{"Name", t.table.name},
          {"TableType", "EXTERNAL_TABLE"},
          {"Parameters", params},
          {"PartitionKeys", Columns(t.partition_keys)},
          {"StorageDescriptor", sd}};
}

}  // namespace sluice::query
