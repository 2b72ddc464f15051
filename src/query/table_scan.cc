#include "query/table_scan.h"

#include <map>

#include "query/text_util.h"

namespace sluice::query {

using nlohmann::json;

namespace {

std::string Param(const json& params, const char* key) {
  if (!params.is_object()) return "";
  auto it = params.find(key);
  return it != params.end() && it->is_string() ? it->get<std::string>() : "";
}

bool Contains(const std::string& haystack, const char* needle) {
  return haystack.find(needle) != std::string::npos;
}

// Hive writes control characters as octal escapes or decimal codes ("\001", "1").
std::string Delimiter(std::string value, const std::string& fallback) {
  if (value.empty()) return fallback;
  if (value == "\\t") return "\t";
  if (value.size() == 4 && value[0] == '\\')
    return std::string(1, static_cast<char>(std::stoi(value.substr(1), nullptr, 8)));
  return value.substr(0, 1);
}

std::string StringList(const std::vector<ScanFile>& files) {
  std::string out = "[";
  for (size_t i = 0; i < files.size(); ++i) out += (i ? ", " : "") + SqlString(files[i].path);
  return out + "]";
}

// The reader's column list; `as_type` overrides every type (lenient reads).
std::string ColumnsStruct(const std::vector<ScanColumn>& columns, const char* as_type = nullptr) {
  std::string out = "{";
  for (size_t i = 0; i < columns.size(); ++i) {
    out += (i ? ", " : "") + SqlString(columns[i].name) + ": " +
           SqlString(as_type ? as_type : columns[i].duckdb_type);
  }
  return out + "}";
}

// The DuckDB reader call for files sharing one compression.
std::string ReaderCall(const TableFormat& format, const std::vector<ScanColumn>& columns,
                       const std::vector<ScanFile>& files, const std::string& compression,
                       bool lenient) {
  std::string codec = compression.empty() ? "'none'" : SqlString(compression);
  if (format.kind == DataFormat::kJson && compression.empty()) codec = "'uncompressed'";
  switch (format.kind) {
    case DataFormat::kParquet:
      return "read_parquet(" + StringList(files) +
             ", union_by_name = true, binary_as_string = true)";
    case DataFormat::kJson:
      return "read_json(" + StringList(files) +
             ", columns = " + ColumnsStruct(columns, lenient ? "JSON" : nullptr) +
             ", format = 'auto', compression = " + codec + ")";
    case DataFormat::kCsv:
      break;
  }
  std::string call =
      "read_csv(" + StringList(files) +
      ", columns = " + ColumnsStruct(columns, lenient ? "VARCHAR" : nullptr) +
      ", auto_detect = false, null_padding = true, delim = " + SqlString(format.delimiter) +
      ", quote = " + SqlString(format.quote) + ", escape = " + SqlString(format.escape) +
      ", compression = " + codec;
  // Hive's text SerDe writes NULL as \N (and an empty field reads as NULL here, too).
  if (format.quote.empty()) call += ", nullstr = ['\\N', '']";
  if (format.skip_header_lines > 0) {
    call += ", header = false, skip = " + std::to_string(format.skip_header_lines);
  } else {
    call += ", header = false";
  }
  return call + ")";
}

std::string Projection(const std::vector<ScanColumn>& columns, const std::vector<ScanColumn>& keys,
                       const std::vector<std::optional<std::string>>& values, bool lenient) {
  std::string out;
  for (const ScanColumn& c : columns) {
    out += (out.empty() ? "" : ", ") + std::string(lenient ? "TRY_CAST(" : "CAST(") +
           SqlIdentifier(c.name) + " AS " + c.duckdb_type + ") AS " + SqlIdentifier(c.name);
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    std::string value = i < values.size() && values[i] ? SqlString(*values[i]) : "NULL";
    out += (out.empty() ? "" : ", ") + std::string("CAST(") + value + " AS " + keys[i].duckdb_type +
           ") AS " + SqlIdentifier(keys[i].name);
  }
  return out;
}

// An empty relation with the table's columns: the base of Parquet's by-name union, and the
// whole scan when no file matches.
std::string EmptyRelation(const std::vector<ScanColumn>& columns,
                          const std::vector<ScanColumn>& keys) {
  std::string out;
  for (const auto* list : {&columns, &keys}) {
    for (const ScanColumn& c : *list) {
      out += (out.empty() ? "" : ", ") + std::string("CAST(NULL AS ") + c.duckdb_type + ") AS " +
             SqlIdentifier(c.name);
    }
  }
  return "SELECT " + out + " WHERE false";
}

}  // namespace

std::string SqlString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string SqlIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Result<TableFormat> FormatOf(const json& sd, const json& table_parameters) {
  std::string serde =
      sd.contains("SerdeInfo") ? Param(sd["SerdeInfo"], "SerializationLibrary") : "";
  json serde_params = sd.contains("SerdeInfo") && sd["SerdeInfo"].contains("Parameters")
                          ? sd["SerdeInfo"]["Parameters"]
                          : json::object();
  std::string input = Param(sd, "InputFormat");
  std::string classification = Lower(Param(table_parameters, "classification"));
  if (classification.empty() && sd.contains("Parameters")) {
    classification = Lower(Param(sd["Parameters"], "classification"));
  }
  TableFormat format;
  format.compression = Lower(Param(table_parameters, "compressionType"));
  if (format.compression == "none") format.compression.clear();
  std::string skip = Param(table_parameters, "skip.header.line.count");
  if (skip.empty()) skip = Param(serde_params, "skip.header.line.count");
  if (!skip.empty()) format.skip_header_lines = std::atoi(skip.c_str());

  if (Contains(serde, "Parquet") || Contains(input, "Parquet") || classification == "parquet") {
    format.kind = DataFormat::kParquet;
    return format;
  }
  if (Contains(serde, "JsonSerDe") || Contains(serde, "JsonSerde") || classification == "json") {
    format.kind = DataFormat::kJson;
    return format;
  }
  if (Contains(serde, "OpenCSVSerde")) {
    format.delimiter = Delimiter(Param(serde_params, "separatorChar"), ",");
    format.quote = Delimiter(Param(serde_params, "quoteChar"), "\"");
    // opencsv also reads a doubled quote inside quotes as one: without an explicit escapeChar,
    // DuckDB's escape is the quote itself, which reads "" that way.
    format.escape = Delimiter(Param(serde_params, "escapeChar"), format.quote);
    return format;
  }
  if (Contains(serde, "LazySimpleSerDe") || classification == "csv" ||
      (serde.empty() && Contains(input, "TextInputFormat"))) {
    std::string delim = Param(serde_params, "field.delim");
    if (delim.empty()) delim = Param(serde_params, "serialization.format");
    if (delim.empty()) delim = Param(table_parameters, "delimiter");
    format.delimiter = Delimiter(delim, "\x01");
    if (std::string escape = Param(serde_params, "escape.delim"); !escape.empty()) {
      format.escape = Delimiter(escape, "\\");
    }
    return format;
  }
  std::string what = !classification.empty() ? "classification '" + classification + "'"
                     : !serde.empty()        ? "SerDe " + serde
                                             : "InputFormat '" + input + "'";
  return Status::InvalidInput("Sluice cannot read tables of " + what +
                              " yet: it reads CSV/text, JSON and Parquet tables");
}

Result<std::string> TableScanSql(const std::vector<ScanColumn>& columns,
                                 const std::vector<ScanColumn>& partition_keys,
                                 const std::vector<ScanBranch>& branches, bool lenient) {
  std::string sql;
  for (const ScanBranch& branch : branches) {
    std::map<std::string, std::vector<ScanFile>> by_codec;
    for (const ScanFile& file : branch.files) {
      std::string codec = file.compression.empty() ? branch.format.compression : file.compression;
      if (branch.format.kind == DataFormat::kParquet) codec.clear();  // compressed inside
      if (!codec.empty() && codec != "gzip" && codec != "zstd") {
        return Status::InvalidInput("cannot read " + file.uri + ": " + codec +
                                    " compressed text is not supported (gzip and zstd are)");
      }
      by_codec[codec].push_back(file);
    }
    for (const auto& [codec, files] : by_codec) {
      std::string from = ReaderCall(branch.format, columns, files, codec, lenient);
      if (branch.format.kind == DataFormat::kParquet) {
        from = "(" + EmptyRelation(columns, {}) + " UNION ALL BY NAME SELECT * FROM " + from + ")";
      }
      sql += (sql.empty() ? "" : " UNION ALL ") + std::string("SELECT ") +
             Projection(columns, partition_keys, branch.partition_values, lenient) + " FROM " +
             from;
    }
  }
  if (sql.empty()) return EmptyRelation(columns, partition_keys);
  return sql;
}

}  // namespace sluice::query
