// CREATE TABLE AS: Athena's table properties (checked here) and the query, kept as written.
#include <algorithm>
#include <charconv>
#include <iterator>
#include <utility>

#include "query/athena_parser.h"

namespace sluice::query::athena_internal {
namespace {

using nlohmann::json;

enum class ValueKind { kString, kInteger, kBoolean, kNameArray };

struct TableProperty {
  std::string_view key;
  ValueKind kind;
  std::string_view example;
};

// Athena's CTAS properties for Hive tables (docs: "CTAS table properties").
constexpr TableProperty kTableProperties[] = {
    {"bucket_count", ValueKind::kInteger, "bucket_count = 8"},
    {"bucketed_by", ValueKind::kNameArray, "bucketed_by = ARRAY['id']"},
    {"compression_level", ValueKind::kInteger, "compression_level = 3"},
    {"external_location", ValueKind::kString, "external_location = 's3://bucket/path/'"},
    {"field_delimiter", ValueKind::kString, "field_delimiter = ','"},
    {"format", ValueKind::kString, "format = 'PARQUET'"},
    {"is_external", ValueKind::kBoolean, "is_external = true"},
    {"orc_compression", ValueKind::kString, "orc_compression = 'ZLIB'"},
    {"parquet_compression", ValueKind::kString, "parquet_compression = 'SNAPPY'"},
    {"partitioned_by", ValueKind::kNameArray, "partitioned_by = ARRAY['dt']"},
    {"table_type", ValueKind::kString, "table_type = 'HIVE'"},
    {"write_compression", ValueKind::kString, "write_compression = 'SNAPPY'"},
};

constexpr std::string_view kIcebergProperties[] = {
    "location",
    "partitioning",
    "vacuum_min_snapshots_to_keep",
    "vacuum_max_snapshot_age_seconds",
    "vacuum_max_metadata_files_to_keep",
    "optimize_rewrite_min_data_file_size_bytes",
    "optimize_rewrite_max_data_file_size_bytes",
    "optimize_rewrite_data_file_threshold",
    "optimize_rewrite_delete_file_threshold",
};

constexpr std::string_view kFormats[] = {"PARQUET", "ORC", "AVRO", "JSON", "TEXTFILE", "ION"};
constexpr std::string_view kCompressions[] = {"BZIP2", "DEFLATE", "GZIP", "LZ4", "LZO",
                                              "NONE",  "SNAPPY",  "ZLIB", "ZSTD"};

template <size_t N>
std::string OneOf(const std::string_view (&names)[N]) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

template <size_t N>
bool Contains(const std::string_view (&names)[N], std::string_view name) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

}  // namespace

Result<AthenaStatement> AthenaParser::ParseCreateTableAs(CreateTableAs out) {
  if (AcceptWord("COMMENT")) {
    ASSIGN_OR_RETURN(out.comment, ParseString());
  }
  const size_t with_pos = tok_.pos;
  if (AcceptWord("WITH")) {
    RETURN_NOT_OK(ExpectSymbol("("));
    do {
      const size_t pos = tok_.pos;
      ASSIGN_OR_RETURN(std::string key, ParseName());
      RETURN_NOT_OK(ExpectSymbol("="));
      ASSIGN_OR_RETURN(json value, ParsePropertyValue());
      RETURN_NOT_OK(CheckTableProperty(key, value, pos));
      if (!out.properties.emplace(key, std::move(value)).second) {
        return lexer_.ErrorAt(pos, "Duplicate property: " + key);
      }
    } while (AcceptSymbol(","));
    if (!AcceptSymbol(")")) return Mismatch({"','", "')'"});
    const bool bucketed = out.properties.count("bucketed_by") > 0;
    if (bucketed != (out.properties.count("bucket_count") > 0)) {
      return lexer_.ErrorAt(with_pos, "bucketed_by and bucket_count go together: give both");
    }
    auto format = out.properties.find("format");
    if (out.properties.count("field_delimiter") > 0 && format != out.properties.end() &&
        format->second != "TEXTFILE") {
      return lexer_.ErrorAt(with_pos, "field_delimiter is for format = 'TEXTFILE' only");
    }
  }
  if (!AcceptWord("AS")) {
    return Mismatch(out.properties.empty() ? std::vector<std::string>{"'AS'", "'WITH'"}
                                           : std::vector<std::string>{"'AS'"});
  }
  if (!AtQueryStart()) return Mismatch({"'('", "'SELECT'", "'TABLE'", "'VALUES'", "'WITH'"});
  ASSIGN_OR_RETURN(out.query, ParseQueryText(&out.with_data));
  RETURN_NOT_OK(ExpectEnd());
  return AthenaStatement(std::move(out));
}

Result<nlohmann::json> AthenaParser::ParsePropertyValue() {
  if (AtString()) {
    json value = tok_.text;
    Advance();
    return value;
  }
  if (AtWord("TRUE") || AtWord("FALSE")) {
    json value = AtWord("TRUE");
    Advance();
    return value;
  }
  if (AcceptWord("ARRAY")) {
    RETURN_NOT_OK(ExpectSymbol("["));
    json values = json::array();
    if (AcceptSymbol("]")) return values;
    do {
      ASSIGN_OR_RETURN(json value, ParsePropertyValue());
      values.push_back(std::move(value));
    } while (AcceptSymbol(","));
    if (!AcceptSymbol("]")) return Mismatch({"','", "']'"});
    return values;
  }
  const bool negative = AtSymbol("-") && PeekToken().kind == SqlTokenKind::kNumber;
  if (negative) Advance();
  if (tok_.kind != SqlTokenKind::kNumber) {
    return Mismatch({"<string>", "<number>", "'TRUE'", "'FALSE'", "'ARRAY'"});
  }
  const std::string text = (negative ? "-" : "") + tok_.text;
  int64_t integer = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
  json value;
  if (ec == std::errc() && end == text.data() + text.size()) {
    value = integer;
  } else {
    value = std::stod(text);  // the lexer only makes well-formed numbers
  }
  Advance();
  return value;
}

Status AthenaParser::CheckTableProperty(const std::string& key, json& value, size_t pos) const {
  auto error = [&](const std::string& what) { return lexer_.ErrorAt(pos, what); };
  if (Contains(kIcebergProperties, key)) {
    return error("table property '" + key +
                 "' is for Iceberg tables, which Sluice does not support");
  }
  const TableProperty* rule = nullptr;
  for (const TableProperty& p : kTableProperties) {
    if (p.key == key) rule = &p;
  }
  if (rule == nullptr) {
    std::string known;
    for (const TableProperty& p : kTableProperties) {
      known += (known.empty() ? "" : ", ") + std::string(p.key);
    }
    return error("Catalog 'awsdatacatalog' table property '" + key +
                 "' does not exist (known properties: " + known + ")");
  }
  bool ok = false;
  switch (rule->kind) {
    case ValueKind::kString:
      ok = value.is_string();
      break;
    case ValueKind::kInteger:
      ok = value.is_number_integer();
      break;
    case ValueKind::kBoolean:
      ok = value.is_boolean();
      break;
    case ValueKind::kNameArray:
      ok = value.is_array() && !value.empty() &&
           std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); });
      break;
  }
  if (!ok) {
    return error("table property '" + key + "' has the wrong kind of value; write it as in " +
                 std::string(rule->example));
  }
  if (rule->kind == ValueKind::kNameArray) {
    for (json& name : value) name = ToLower(name.get<std::string>());
  }
  if (key == "format" || key == "table_type" || key.find("compression") != std::string::npos) {
    if (value.is_string()) value = ToUpper(value.get<std::string>());
  }
  if (key == "format" && !Contains(kFormats, value.get<std::string>())) {
    return error("format '" + value.get<std::string>() + "' is not one of " + OneOf(kFormats));
  }
  if (key == "table_type" && value != "HIVE") {
    return error("table_type '" + value.get<std::string>() +
                 "' is not supported; Sluice creates HIVE tables");
  }
  if (key == "is_external" && value == false) {
    return error("is_external = false is for Iceberg tables, which Sluice does not support");
  }
  if (value.is_string() && key != "compression_level" &&
      key.find("compression") != std::string::npos &&
      !Contains(kCompressions, value.get<std::string>())) {
    return error(key + " '" + value.get<std::string>() + "' is not one of " + OneOf(kCompressions));
  }
  if (key == "compression_level" && (value < 1 || value > 22)) {
    return error("compression_level must be between 1 and 22");
  }
  if (key == "bucket_count" && value < 1) return error("bucket_count must be at least 1");
  if (key == "field_delimiter" && value.get<std::string>().size() > 1) {
    value = UnescapeHive(value.get<std::string>());  // '\t', '\001' as Hive reads them
  }
  if (key == "field_delimiter" && value.get<std::string>().size() != 1) {
    return error("field_delimiter must be a single character, such as ',' or '|'");
  }
  if (key == "external_location" && !IsLocationUri(value.get<std::string>())) {
    return error("external_location '" + value.get<std::string>() +
                 "' is not a folder URI; write s3://bucket/path/ (or file:///path/)");
  }
  return Status::OK();
}

}  // namespace sluice::query::athena_internal
