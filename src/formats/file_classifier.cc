#include "formats/file_classifier.h"

#include <set>

#include "formats/csv_inference.h"
#include "formats/grok.h"
#include "formats/json_inference.h"
#include "formats/storage_formats.h"
#include "formats/xml_inference.h"

namespace sluice::formats {
namespace {

bool TryBinary(std::string_view sample, FileClassification& out) {
  if (sample.substr(0, 4) == std::string_view("Obj\x01", 4)) {
    out.classification = "avro";
    out.reason = "avro: certainty 1.0 (Avro object container magic)";
    out.serde_library = kAvroSerde;
    out.input_format = kAvroInputFormat;
    out.output_format = kAvroOutputFormat;
  } else if (sample.substr(0, 4) == "PAR1") {
    out.classification = "parquet";
    out.reason = "parquet: certainty 1.0 (PAR1 magic)";
    out.serde_library = kParquetSerde;
    out.serde_parameters = {{"serialization.format", "1"}};
    out.input_format = kParquetInputFormat;
    out.output_format = kParquetOutputFormat;
  } else {
    return false;
  }
  out.certainty = 1.0;
  out.schema_known = false;  // read from the file footer/header by the caller
  return true;
}

using nlohmann::json;

void TakeJson(const JsonInference& j, FileClassification& out) {
  out.classification = "json";
  out.certainty = 1.0;
  out.columns = j.columns;
  out.schema_known = true;
  out.table_parameters = j.table_parameters;
  out.serde_library = kOpenXJsonSerde;
  out.serde_parameters = j.serde_parameters;
  out.input_format = kTextInputFormat;
  out.output_format = kTextOutputFormat;
  out.sample_records = j.records;
}

void TakeCsv(const CsvInference& c, FileClassification& out, const std::string& serde) {
  out.classification = "csv";
  out.certainty = 1.0;
  out.columns = c.columns;
  out.schema_known = true;
  out.table_parameters = c.table_parameters;
  std::string delimiter(1, c.delimiter);
  bool open_csv = serde == "OpenCSVSerDe" || (serde != "LazySimpleSerDe" && c.quoted);
  if (open_csv) {
    out.serde_library = kOpenCsvSerde;
    out.serde_parameters = {{"separatorChar", delimiter}, {"quoteChar", "\""}};
  } else {
    out.serde_library = kLazySimpleSerde;
    out.serde_parameters = {{"field.delim", delimiter}};
  }
  out.input_format = kTextInputFormat;
  out.output_format = kTextOutputFormat;
  out.sample_records = c.data_rows;
}

void TakeXml(const XmlInference& x, FileClassification& out, const std::string& classification) {
  out.classification = classification;
  out.certainty = 1.0;
  out.columns = x.columns;
  out.schema_known = true;
  out.table_parameters = x.table_parameters;
  out.table_parameters["classification"] = classification;
  // XML tables are read by ETL jobs (the row tag), not by Athena.
  out.serde_library = kXmlSerde;
  out.serde_parameters = {{"rowTag", x.row_tag}};
  out.input_format = kXmlInputFormat;
  out.output_format = kTextOutputFormat;
  out.sample_records = x.rows;
}

void TakeGrok(const GrokInference& g, FileClassification& out, const std::string& classification) {
  out.classification = classification;
  out.certainty = 1.0;
  out.columns = g.columns;
  out.schema_known = true;
  out.table_parameters = {{"classification", classification}};
  out.serde_library = std::string(kGrokSerdeLibrary);
  out.serde_parameters = g.serde_parameters;
  out.input_format = kTextInputFormat;
  out.output_format = kTextOutputFormat;
  out.sample_records = g.records;
}

// The records a JsonPath such as "$.records[*]" selects, as JSON lines; nullopt when the sample
// is not one whole JSON document holding that path.
std::optional<std::string> SelectJsonPath(std::string_view sample, const std::string& path) {
  json doc = json::parse(sample, nullptr, false);
  if (doc.is_discarded()) return std::nullopt;
  std::string_view p(path);
  if (p.substr(0, 1) != "$") return std::nullopt;
  p.remove_prefix(1);
  const json* node = &doc;
  while (!p.empty()) {
    if (p == "[*]") break;
    if (p[0] != '.') return std::nullopt;
    p.remove_prefix(1);
    size_t end = p.find_first_of(".[");
    std::string key(p.substr(0, end));
    if (!node->is_object() || !node->contains(key)) return std::nullopt;
    node = &(*node)[key];
    p.remove_prefix(end == std::string_view::npos ? p.size() : end);
  }
  std::string lines;
  if (node->is_array()) {
    for (const json& e : *node) lines += e.dump() + "\n";
  } else {
    lines = node->dump() + "\n";
  }
  return lines;
}

// CsvClassifier CustomDatatypes: an inferred type the list does not name becomes string.
void RestrictToCustomDatatypes(const json& allowed_list, std::vector<Column>& columns) {
  std::set<std::string> allowed;
  for (const json& t : allowed_list) {
    if (t.is_string()) allowed.insert(t.get<std::string>());
  }
  auto name_of = [](TypeKind kind) -> std::string {
    switch (kind) {
      case TypeKind::kBoolean:
        return "BOOLEAN";
      case TypeKind::kTinyInt:
      case TypeKind::kSmallInt:
        return "SHORT";
      case TypeKind::kInt:
        return "INT";
      case TypeKind::kBigInt:
        return "LONG";
      case TypeKind::kFloat:
        return "FLOAT";
      case TypeKind::kDouble:
        return "DOUBLE";
      case TypeKind::kDecimal:
        return "DECIMAL";
      case TypeKind::kDate:
        return "DATE";
      case TypeKind::kTimestamp:
        return "TIMESTAMP";
      case TypeKind::kBinary:
        return "BINARY";
      default:
        return "STRING";
    }
  };
  for (Column& c : columns) {
    if (!allowed.count(name_of(c.type.kind()))) c.type = GlueType::String();
  }
}

// One custom classifier: its classification with certainty 1.0, or a reason it did not match.
bool TryCustom(const json& doc, std::string_view sample, bool complete,
               const ClassifyOptions& options, FileClassification& out) {
  if (doc.contains("CsvClassifier")) {
    const json& c = doc["CsvClassifier"];
    CsvOptions o;
    o.glue_compatible = options.glue_compatible;
    o.sample_is_complete = complete;
    if (c.contains("Delimiter")) o.delimiter = c["Delimiter"].get<std::string>()[0];
    if (c.contains("QuoteSymbol")) o.quote = c["QuoteSymbol"].get<std::string>()[0];
    std::string header = c.value("ContainsHeader", "UNKNOWN");
    if (header == "PRESENT") o.header = CsvHeaderMode::kPresent;
    if (header == "ABSENT") o.header = CsvHeaderMode::kAbsent;
    o.allow_single_column = c.value("AllowSingleColumn", false);
    o.trim_values = !c.value("DisableValueTrimming", false);
    auto inferred = InferCsvSchema(sample, o);
    std::string name = c.value("Name", "");
    if (!inferred.ok() || inferred->certainty < 1.0) {
      out.reason += "custom " + name + ": 0.0 (" +
                    (inferred.ok() ? inferred->reason : inferred.status().message()) + "); ";
      return false;
    }
    TakeCsv(*inferred, out, c.value("Serde", "None"));
    if (c.value("CustomDatatypeConfigured", false) && c.contains("CustomDatatypes")) {
      RestrictToCustomDatatypes(c["CustomDatatypes"], out.columns);
    }
    if (c.contains("Header")) {  // the classifier names the columns
      const json& names = c["Header"];
      for (size_t i = 0; i < out.columns.size() && i < names.size(); ++i) {
        out.columns[i].name = names[i].get<std::string>();
      }
    }
    out.reason += "custom " + name + ": 1.0 (" + inferred->reason + ")";
    return true;
  }
  if (doc.contains("JsonClassifier")) {
    const json& c = doc["JsonClassifier"];
    std::string name = c.value("Name", "");
    std::string path = c.value("JsonPath", "$");
    std::optional<std::string> records;
    if (path == "$" || path == "$[*]") {
      records = std::string(sample);
    } else {
      records = SelectJsonPath(sample, path);
    }
    JsonOptions o;
    o.glue_compatible = false;  // a JsonPath makes array elements records, as Glue does
    o.sample_is_complete = complete || (records && records->data() != sample.data());
    auto inferred = records ? InferJsonSchema(*records, o) : Result<JsonInference>(JsonInference{});
    if (!records || !inferred.ok() || inferred->certainty < 1.0) {
      out.reason += "custom " + name + ": 0.0 (JsonPath " + path + " selects no records); ";
      return false;
    }
    TakeJson(*inferred, out);
    out.table_parameters["jsonPath"] = path;
    out.reason += "custom " + name + ": 1.0 (JsonPath " + path + ", " + inferred->reason + ")";
    return true;
  }
  if (doc.contains("XMLClassifier")) {
    const json& c = doc["XMLClassifier"];
    std::string name = c.value("Name", "");
    auto inferred = InferXmlSchema(sample, c.value("RowTag", ""), complete);
    if (!inferred.ok() || inferred->certainty < 1.0) {
      out.reason += "custom " + name + ": 0.0 (" +
                    (inferred.ok() ? inferred->reason : inferred.status().message()) + "); ";
      return false;
    }
    TakeXml(*inferred, out, c.value("Classification", "xml"));
    out.reason += "custom " + name + ": 1.0 (" + inferred->reason + ")";
    return true;
  }
  if (doc.contains("GrokClassifier")) {
    const json& c = doc["GrokClassifier"];
    std::string name = c.value("Name", "");
    auto pattern = CompileGrok(c.value("GrokPattern", ""), c.value("CustomPatterns", ""));
    if (!pattern.ok()) {
      out.reason += "custom " + name + ": 0.0 (" + pattern.status().message() + "); ";
      return false;
    }
    GrokInference g = InferGrokSchema(sample, *pattern, complete);
    if (g.certainty < 1.0) {
      out.reason += "custom " + name + ": 0.0 (" + g.reason + "); ";
      return false;
    }
    TakeGrok(g, out, c.value("Classification", "grok"));
    out.reason += "custom " + name + ": 1.0 (" + g.reason + ")";
    return true;
  }
  return false;
}

// The first lines of a sample, to rule the log classifiers out cheaply.
std::string_view FirstLines(std::string_view sample, int lines) {
  size_t pos = 0;
  for (int i = 0; i < lines && pos != std::string_view::npos; ++i) {
    pos = sample.find('\n', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  return pos == std::string_view::npos ? sample : sample.substr(0, pos);
}

bool LooksLikeXml(std::string_view sample) {
  if (sample.substr(0, 3) == "\xEF\xBB\xBF") sample.remove_prefix(3);
  size_t i = sample.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && sample[i] == '<';
}

}  // namespace

FileClassification ClassifySample(std::string_view sample, bool complete,
                                  const ClassifyOptions& options) {
  FileClassification out;
  for (const json& custom : options.custom) {
    if (TryCustom(custom, sample, complete, options, out)) return out;
  }
  std::string tried = out.reason;
  if (TryBinary(sample, out)) return out;
  out.reason = tried + "avro: 0.0 (no magic); parquet: 0.0 (no magic)";

  JsonOptions json_options;
  json_options.glue_compatible = options.glue_compatible;
  json_options.sample_is_complete = complete;
  auto json = InferJsonSchema(sample, json_options);
  if (json.ok() && json->certainty >= 1.0) {
    TakeJson(*json, out);
    out.reason += "; json: 1.0 (" + json->reason + ")";
    return out;
  }
  out.reason += "; json: 0.0 (" + (json.ok() ? json->reason : json.status().message()) + ")";

  if (LooksLikeXml(sample)) {
    auto xml = InferXmlSchema(sample, "", complete);
    if (xml.ok() && xml->certainty >= 1.0) {
      TakeXml(*xml, out, "xml");
      out.reason += "; xml: 1.0 (" + xml->reason + ")";
      return out;
    }
    out.reason += "; xml: 0.0 (" + (xml.ok() ? xml->reason : xml.status().message()) + ")";
  }

  // Log formats: only when one of the first lines is a log line (cheap for CSV files).
  if (TryBuiltinLogClassifiers(FirstLines(sample, 6), true)) {
    if (auto log = TryBuiltinLogClassifiers(sample, complete)) {
      TakeGrok(log->inference, out, log->classification);
      out.reason += "; " + log->inference.reason;
      return out;
    }
  }
  out.reason += "; logs: 0.0 (no built-in log format matches)";

  CsvOptions csv_options;
  csv_options.glue_compatible = options.glue_compatible;
  csv_options.sample_is_complete = complete;
  auto csv = InferCsvSchema(sample, csv_options);
  if (csv.ok() && csv->certainty >= 1.0) {
    TakeCsv(*csv, out, "None");
    out.reason += "; csv: 1.0 (" + csv->reason + "; " + csv->delimiter_reason + "; " +
                  csv->header_reason + ")";
    return out;
  }
  out.reason += "; csv: 0.0 (" + (csv.ok() ? csv->reason : csv.status().message()) + ")";
  return out;
}

}  // namespace sluice::formats
