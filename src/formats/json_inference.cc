#include "formats/json_inference.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "formats/column_name.h"
#include "formats/json_type_builder.h"
#include "formats/type_lattice.h"

namespace sluice::formats {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

enum class ChunkOutcome : uint8_t { kOk, kSyntaxError, kTruncated, kTooDeep, kStopped };

// nlohmann's messages start with "[json.exception.parse_error.101] ": keep what follows.
std::string ShortMessage(const std::string& what) {
  const size_t end = what.find("] ");
  return end == std::string::npos ? what : what.substr(end + 2);
}

// Collects records into the result and counts failures.
class RecordCollector {
 public:
  RecordCollector(const JsonOptions& options, JsonInference& out, bool objects_only)
      : options_(options), out_(out), objects_only_(objects_only) {}

  // Returns false once max_records records are collected.
  bool Accept(const GlueType& type, const std::string& where) {
    if (objects_only_ && type.kind() != TypeKind::kStruct) {
      Fail(where, "not a JSON object but " + ResolveForCatalog(type).ToString());
      return true;
    }
    out_.record_type = Widen(out_.record_type, type);
    ++out_.records;
    return out_.records < options_.max_records;
  }

  void Fail(const std::string& where, const std::string& what) {
    ++out_.failures;
    if (out_.first_failure.empty()) out_.first_failure = where + ": " + what;
  }

  // Parses `text` as one JSON value with `builder`; a value cut at the end of an incomplete
  // sample is kTruncated.
  ChunkOutcome Parse(std::string_view text, JsonTypeBuilder& builder, const std::string& where) {
    try {
      if (nlohmann::json::sax_parse(text.begin(), text.end(), &builder)) return ChunkOutcome::kOk;
    } catch (const std::exception& e) {  // nlohmann does not throw in SAX mode; be safe anyway
      Fail(where, std::string("parse failed: ") + e.what());
      return ChunkOutcome::kSyntaxError;
    }
    if (builder.stopped_by_sink()) return ChunkOutcome::kStopped;
    if (builder.too_deep()) {
      Fail(where, "nested deeper than " + std::to_string(options_.max_depth) + " levels");
      return ChunkOutcome::kTooDeep;
    }
    if (builder.error_position() >= text.size() && !options_.sample_is_complete) {
      out_.dropped_partial_record = true;
      return ChunkOutcome::kTruncated;
    }
    Fail(where, ShortMessage(builder.error_message()));
    return ChunkOutcome::kSyntaxError;
  }

 private:
  const JsonOptions& options_;
  JsonInference& out_;
  bool objects_only_;
};

JsonTypeOptions TypeOptions(const JsonOptions& options) {
  return JsonTypeOptions{.infer_temporal = !options.glue_compatible,
                         .small_ints_as_int = options.glue_compatible,
                         .max_depth = options.max_depth};
}

void ReadLines(std::string_view text, const JsonOptions& options, RecordCollector& collector,
               JsonInference& out) {
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    ++line_number;
    const size_t newline = text.find('\n', pos);
    const bool terminated = newline != std::string_view::npos;
    std::string_view line = text.substr(pos, terminated ? newline - pos : std::string_view::npos);
    pos = terminated ? newline + 1 : text.size();
    if (std::all_of(line.begin(), line.end(), IsSpace)) continue;
    if (!terminated && !options.sample_is_complete) {
      out.dropped_partial_record = true;
      break;
    }
    const std::string where = "line " + std::to_string(line_number);
    JsonTypeBuilder builder(TypeOptions(options), 0,
                            [&](const GlueType& t) { return collector.Accept(t, where); });
    if (collector.Parse(line, builder, where) == ChunkOutcome::kStopped) break;
  }
}

// The end of the JSON value starting at `pos`: after its closing bracket for objects and arrays,
// at the next blank otherwise. npos when the value runs past the end of `text`.
size_t FindValueEnd(std::string_view text, size_t pos) {
  if (text[pos] != '{' && text[pos] != '[') {
    while (pos < text.size() && !IsSpace(text[pos])) ++pos;
    return pos;
  }
  size_t depth = 0;
  bool in_string = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (in_string) {
      if (c == '\\') {
        ++pos;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return pos + 1;
    }
  }
  return std::string_view::npos;
}

void ReadDocuments(std::string_view text, const JsonOptions& options, RecordCollector& collector,
                   JsonInference& out) {
  size_t pos = 0;
  while (true) {
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
    if (pos >= text.size()) break;
    const std::string where =
        "line " + std::to_string(std::count(text.begin(), text.begin() + pos, '\n') + 1);
    size_t end = FindValueEnd(text, pos);
    if (end == std::string_view::npos) {
      if (!options.sample_is_complete) {
        out.dropped_partial_record = true;
        break;
      }
      end = text.size();
    }
    JsonTypeBuilder builder(TypeOptions(options), 0,
                            [&](const GlueType& t) { return collector.Accept(t, where); });
    if (collector.Parse(text.substr(pos, end - pos), builder, where) == ChunkOutcome::kStopped) {
      break;
    }
    pos = end;
  }
}

void ReadArray(std::string_view text, const JsonOptions& options, RecordCollector& collector) {
  size_t element = 0;
  std::string where = "array element 0";
  JsonTypeBuilder builder(TypeOptions(options), 1, [&](const GlueType& t) {
    where = "array element " + std::to_string(element);
    const bool more = collector.Accept(t, where);
    where = "array element " + std::to_string(++element);
    return more;
  });
  collector.Parse(text, builder, where);  // failures are counted inside
}

JsonLayout DetectLayout(std::string_view text, const JsonOptions& options) {
  if (text[0] == '[') return JsonLayout::kArray;
  if (text[0] != '{') return JsonLayout::kUnknown;
  const size_t newline = text.find('\n');
  if (newline == std::string_view::npos && !options.sample_is_complete) return JsonLayout::kLines;
  // accept() never throws and, like sax_parse, is iterative.
  return nlohmann::json::accept(text.substr(0, newline)) ? JsonLayout::kLines
                                                         : JsonLayout::kDocuments;
}

std::string Plural(size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

JsonInference Decide(JsonInference out, const JsonOptions& options) {
  const std::string layout(JsonLayoutName(out.layout));
  const size_t tried = out.records + out.failures;
  if (out.records == 0) {
    out.reason = "not json: no record parsed";
    if (!out.first_failure.empty()) {
      out.reason += " (" + out.first_failure + ")";
    } else if (out.dropped_partial_record) {
      out.reason += " (the first record is longer than the sample)";
    }
    return out;
  }
  if (static_cast<double>(out.failures) > kMaxJsonFailureShare * static_cast<double>(tried)) {
    out.reason = "not json: " + std::to_string(out.failures) + " of " + Plural(tried, "record") +
                 " failed, more than 10% (" + out.first_failure + ")";
    return out;
  }
  if (options.glue_compatible && out.layout == JsonLayout::kArray) {
    out.columns.push_back({"array", GlueType::Array(ResolveForCatalog(out.record_type))});
  } else {
    for (const StructField& f : out.record_type.fields()) {
      out.columns.push_back({LowerAscii(f.name), ResolveForCatalog(f.type)});
    }
  }
  if (out.columns.empty()) {
    out.reason = "not json: the records have no fields";
    return out;
  }
  out.certainty = 1.0;
  out.reason = "json (" + layout + "): " + Plural(out.records, "record") + ", " +
               Plural(out.columns.size(), "column");
  if (out.failures > 0) out.reason += ", " + Plural(out.failures, "failure") + " tolerated";
  std::vector<std::string> names;
  for (const Column& c : out.columns) names.push_back(c.name);
  std::sort(names.begin(), names.end());
  std::string paths;
  for (const std::string& name : names) paths += (paths.empty() ? "" : ",") + name;
  out.table_parameters["classification"] = "json";
  out.serde_parameters["paths"] = paths;
  return out;
}

}  // namespace

std::string_view JsonLayoutName(JsonLayout layout) {
  switch (layout) {
    case JsonLayout::kLines:
      return "JSON lines";
    case JsonLayout::kDocuments:
      return "JSON documents";
    case JsonLayout::kArray:
      return "JSON array";
    case JsonLayout::kUnknown:
      break;
  }
  return "unknown";
}

Result<JsonInference> InferJsonSchema(std::string_view sample, const JsonOptions& options) {
  if (options.max_records == 0) return Status::InvalidInput("JSON max_records must be at least 1");
  if (options.max_depth == 0) return Status::InvalidInput("JSON max_depth must be at least 1");
  JsonInference out;
  if (sample.substr(0, kUtf8Bom.size()) == kUtf8Bom) sample.remove_prefix(kUtf8Bom.size());
  while (!sample.empty() && IsSpace(sample.front())) sample.remove_prefix(1);
  if (sample.empty()) {
    out.reason = "not json: the sample is empty";
    return out;
  }
  out.layout = DetectLayout(sample, options);
  const bool objects_only = !(options.glue_compatible && out.layout == JsonLayout::kArray);
  RecordCollector collector(options, out, objects_only);
  switch (out.layout) {
    case JsonLayout::kUnknown:
      out.reason = "not json: the sample does not start with '{' or '['";
      return out;
    case JsonLayout::kLines:
      ReadLines(sample, options, collector, out);
      break;
    case JsonLayout::kDocuments:
      ReadDocuments(sample, options, collector, out);
      break;
    case JsonLayout::kArray:
      ReadArray(sample, options, collector);
      break;
  }
  return Decide(std::move(out), options);
}

}  // namespace sluice::formats
