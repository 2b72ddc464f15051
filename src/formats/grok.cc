#include "formats/grok.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <unordered_map>

#include "formats/column_name.h"
#include "formats/type_lattice.h"

namespace sluice::formats {

struct GrokPattern::Compiled {
  pcre2_code* code = nullptr;
  pcre2_match_context* match_context = nullptr;

  Compiled() = default;
  // pcre2_match with the match limit; retried without JIT when the JIT stack is too small.
  int Run(std::string_view line, pcre2_match_data* data) const {
    static constexpr char kEmpty[] = "";
    const auto subject = reinterpret_cast<PCRE2_SPTR>(line.empty() ? kEmpty : line.data());
    int rc = pcre2_match(code, subject, line.size(), 0, 0, data, match_context);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT) {  // the interpreter uses the heap instead
      rc = pcre2_match(code, subject, line.size(), 0, PCRE2_NO_JIT, data, match_context);
    }
    return rc;
  }

  Compiled(const Compiled&) = delete;
  Compiled& operator=(const Compiled&) = delete;
  ~Compiled() {
    pcre2_match_context_free(match_context);
    pcre2_code_free(code);
  }
};

GrokPattern::GrokPattern() = default;
GrokPattern::GrokPattern(GrokPattern&&) noexcept = default;
GrokPattern& GrokPattern::operator=(GrokPattern&&) noexcept = default;
GrokPattern::~GrokPattern() = default;

namespace {

// Capture groups CompileGrok makes for %{SYNTAX:name} are named kGroupPrefix + ordinal, so that
// any field name (with dots, '@', brackets or over PCRE2's 32-byte limit) works.
constexpr std::string_view kGroupPrefix = "_sluice_";
constexpr std::string_view kUnwanted = "UNWANTED";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsPatternNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsValidPatternName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), IsPatternNameChar);
}

std::optional<GlueType> DeclaredType(std::string_view keyword) {
  const std::string k = LowerAscii(keyword);
  if (k == "byte") return GlueType::Of(TypeKind::kTinyInt);
  if (k == "short") return GlueType::Of(TypeKind::kSmallInt);
  if (k == "int") return GlueType::Of(TypeKind::kInt);
  if (k == "long") return GlueType::BigInt();
  if (k == "float") return GlueType::Of(TypeKind::kFloat);
  if (k == "double") return GlueType::Double();
  if (k == "boolean") return GlueType::Boolean();
  if (k == "string") return GlueType::String();
  return std::nullopt;
}

using PatternTable = std::unordered_map<std::string, std::string>;

const PatternTable& BaseTable() {
  static const PatternTable table = [] {
    PatternTable t;
    for (const GrokPatternDefinition& d : BaseGrokPatterns()) {
      t.emplace(std::string(d.name), std::string(d.regex));
    }
    return t;
  }();
  return table;
}

// "NAME regex" lines into a table; a later definition of a name wins.
Result<PatternTable> ParseCustomPatterns(std::string_view text) {
  PatternTable table;
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos || line[start] == '#') continue;
    line.remove_prefix(start);
    size_t name_end = 0;
    while (name_end < line.size() && IsPatternNameChar(line[name_end])) ++name_end;
    const size_t regex_start = line.find_first_not_of(" \t", name_end);
    if (name_end == 0 || name_end == line.size() ||
        (line[name_end] != ' ' && line[name_end] != '\t') ||
        regex_start == std::string_view::npos) {
      return Status::InvalidInput("custom grok pattern line " + std::to_string(line_number) + " '" +
                                  std::string(line) +
                                  "' is not 'NAME regex' (NAME is letters, digits and '_', then "
                                  "a space, then the regex)");
    }
    table[std::string(line.substr(0, name_end))] = std::string(line.substr(regex_start));
  }
  return table;
}

struct GroupInfo {
  std::string name;
  std::string declared;
  GlueType type;
};

// Expands %{...} references recursively into one regex.
class GrokExpander {
 public:
  explicit GrokExpander(const PatternTable& custom) : custom_(custom) {}

  Status Expand(std::string_view text, std::string& out) { return ExpandText(text, out); }
  std::vector<GroupInfo>& groups() { return groups_; }

 private:
  const std::string* Lookup(const std::string& name) const {
    if (auto it = custom_.find(name); it != custom_.end()) return &it->second;
    const PatternTable& base = BaseTable();
    if (auto it = base.find(name); it != base.end()) return &it->second;
    return nullptr;
  }

  std::string Where() const {
    return chain_.empty() ? "the grok pattern" : "pattern " + chain_.back();
  }

  std::string Chain(const std::string& last) const {
    std::string out;
    for (const std::string& name : chain_) out += name + " -> ";
    return out + last;
  }

  Status ExpandText(std::string_view text, std::string& out) {
    size_t pos = 0;
    while (pos < text.size()) {
      const size_t ref = text.find("%{", pos);
      if (ref == std::string_view::npos) break;
      out.append(text.substr(pos, ref - pos));
      const size_t close = text.find('}', ref + 2);
      if (close == std::string_view::npos) {
        return Status::InvalidInput("unterminated '%{' at offset " + std::to_string(ref) + " of " +
                                    Where() + ": close it with '}'");
      }
      RETURN_NOT_OK(ExpandReference(text.substr(ref + 2, close - ref - 2), out));
      pos = close + 1;
    }
    if (pos < text.size()) out.append(text.substr(pos));
    if (out.size() > kMaxGrokRegexBytes) {
      return Status::InvalidInput("grok pattern expands to more than " +
                                  std::to_string(kMaxGrokRegexBytes) +
                                  " bytes of regex: reference fewer nested patterns");
    }
    return Status::OK();
  }

  // `ref` is the text between "%{" and "}": SYNTAX[:name[:type]].
  Status ExpandReference(std::string_view ref, std::string& out) {
    std::array<std::string_view, 3> parts;
    size_t count = 0;
    while (true) {
      const size_t colon = ref.find(':');
      if (count == parts.size()) {
        return Status::InvalidInput("grok reference '%{" + std::string(ref) + "}' in " + Where() +
                                    " has too many ':' (use %{SYNTAX:name:type})");
      }
      parts[count++] = ref.substr(0, colon);
      if (colon == std::string_view::npos) break;
      ref.remove_prefix(colon + 1);
    }
    const std::string syntax(parts[0]);
    if (!IsValidPatternName(syntax)) {
      return Status::InvalidInput("grok reference '%{" + syntax + "...}' in " + Where() +
                                  ": a pattern name is letters, digits and '_'");
    }
    std::string field(parts[1]);
    std::optional<GlueType> type = GlueType::String();
    if (count == 3) {
      type = DeclaredType(parts[2]);
      if (!type) {
        return Status::InvalidInput("grok field '" + field + "' in " + Where() +
                                    " declares unknown type '" + std::string(parts[2]) +
                                    "' (use byte, short, int, long, float, double, boolean or "
                                    "string)");
      }
    }
    if (std::find(chain_.begin(), chain_.end(), syntax) != chain_.end()) {
      return Status::InvalidInput("grok pattern reference cycle: " + Chain(syntax) +
                                  " (a pattern must not refer to itself)");
    }
    if (chain_.size() >= static_cast<size_t>(kMaxGrokDepth)) {
      return Status::InvalidInput("grok patterns nest deeper than " +
                                  std::to_string(kMaxGrokDepth) + " levels: " + Chain(syntax));
    }
    const std::string* regex = Lookup(syntax);
    if (regex == nullptr) {
      return Status::InvalidInput("unknown grok pattern %{" + syntax + "} in " + Where() +
                                  ": define it in CustomPatterns as a line '" + syntax +
                                  " <regex>'");
    }
    if (field.empty() || field == kUnwanted) {
      out += "(?:";
    } else {
      out += "(?<" + std::string(kGroupPrefix) + std::to_string(groups_.size()) + ">";
      groups_.push_back({std::move(field), count == 3 ? std::string(parts[2]) : "", *type});
    }
    chain_.push_back(syntax);
    Status st = ExpandText(*regex, out);
    chain_.pop_back();
    RETURN_NOT_OK(st);
    out += ")";
    return Status::OK();
  }

  const PatternTable& custom_;
  std::vector<std::string> chain_;  // the references being expanded, outermost first
  std::vector<GroupInfo> groups_;   // indexed by the ordinal in the group name
};

std::string Pcre2Message(int code) {
  std::array<PCRE2_UCHAR, 256> buffer{};
  if (pcre2_get_error_message(code, buffer.data(), buffer.size()) < 0) {
    return "PCRE2 error " + std::to_string(code);
  }
  return std::string(reinterpret_cast<const char*>(buffer.data()));
}

// A short excerpt of `text` around `offset`, for error messages.
std::string Excerpt(std::string_view text, size_t offset) {
  const size_t start = offset > 30 ? offset - 30 : 0;
  return std::string(text.substr(start, 60));
}

}  // namespace

Result<GrokPattern> CompileGrok(std::string_view pattern, std::string_view custom_patterns) {
  if (pattern.empty()) return Status::InvalidInput("grok pattern is empty: give %{SYNTAX:name}...");
  ASSIGN_OR_RETURN(PatternTable custom, ParseCustomPatterns(custom_patterns));
  GrokExpander expander(custom);
  std::string regex;
  RETURN_NOT_OK(expander.Expand(pattern, regex));

  GrokPattern out;
  out.pattern_ = std::string(pattern);
  out.custom_patterns_ = std::string(custom_patterns);
  out.compiled_ = std::make_unique<GrokPattern::Compiled>();
  int error = 0;
  PCRE2_SIZE error_offset = 0;
  out.compiled_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(regex.data()), regex.size(), 0,
                                      &error, &error_offset, nullptr);
  if (out.compiled_->code == nullptr) {
    return Status::InvalidInput("grok pattern '" + std::string(pattern) +
                                "' does not compile: " + Pcre2Message(error) + " at offset " +
                                std::to_string(error_offset) + " of the expanded regex, near '" +
                                Excerpt(regex, error_offset) + "'");
  }
  pcre2_code* code = out.compiled_->code;
  out.jit_ = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
  out.compiled_->match_context = pcre2_match_context_create(nullptr);
  if (out.compiled_->match_context == nullptr) {
    return Status::Internal("PCRE2 could not allocate a match context");
  }
  pcre2_set_match_limit(out.compiled_->match_context, kGrokMatchLimit);

  // Map capture group numbers to fields through the name table, in group (pattern) order.
  uint32_t capture_count = 0, name_count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &capture_count);
  pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &name_count);
  pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
  std::vector<const GroupInfo*> by_group(capture_count + 1, nullptr);
  std::vector<GroupInfo> inline_groups;
  inline_groups.reserve(name_count);
  for (uint32_t i = 0; i < name_count; ++i) {
    const PCRE2_SPTR entry = table + static_cast<size_t>(i) * entry_size;
    const uint32_t group = (static_cast<uint32_t>(entry[0]) << 8) | entry[1];
    const std::string_view name(reinterpret_cast<const char*>(entry + 2));
    if (name.starts_with(kGroupPrefix)) {
      size_t ordinal = 0;
      const std::string_view digits = name.substr(kGroupPrefix.size());
      std::from_chars(digits.data(), digits.data() + digits.size(), ordinal);
      if (ordinal < expander.groups().size()) by_group[group] = &expander.groups()[ordinal];
    } else {
      inline_groups.push_back({std::string(name), "", GlueType::String()});
      by_group[group] = &inline_groups.back();
    }
  }
  out.group_field_.assign(capture_count + 1, -1);
  std::unordered_map<std::string, int> field_index;
  for (uint32_t group = 1; group <= capture_count; ++group) {
    const GroupInfo* info = by_group[group];
    if (info == nullptr) continue;
    auto [it, added] = field_index.emplace(info->name, static_cast<int>(out.fields_.size()));
    if (added) out.fields_.push_back({info->name, info->declared, info->type});
    out.group_field_[group] = it->second;
  }
  out.regex_ = std::move(regex);
  return out;
}

namespace {

struct MatchDataDeleter {
  void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};
using MatchData = std::unique_ptr<pcre2_match_data, MatchDataDeleter>;

}  // namespace

bool GrokPattern::Matches(std::string_view line) const {
  MatchData data(pcre2_match_data_create(1, nullptr));              // the whole match only
  return data != nullptr && compiled_->Run(line, data.get()) >= 0;  // 0: matched, ovector full
}

std::optional<std::vector<std::pair<std::string, std::string>>> GrokPattern::Match(
    std::string_view line) const {
  MatchData data(pcre2_match_data_create_from_pattern(compiled_->code, nullptr));
  if (data == nullptr) return std::nullopt;
  const int rc = compiled_->Run(line, data.get());
  if (rc <= 0) return std::nullopt;  // no match, a limit hit, or (0) an ovector too small
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data.get());
  std::vector<std::optional<std::string_view>> values(fields_.size());
  for (int group = 1; group < rc; ++group) {
    const int field = group_field_[group];
    const PCRE2_SIZE start = ovector[2 * group];
    if (field < 0 || start == PCRE2_UNSET || values[field]) continue;
    values[field] = line.substr(start, ovector[2 * group + 1] - start);
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (values[i]) out.emplace_back(fields_[i].name, std::string(*values[i]));
  }
  return out;
}

namespace {

// More mismatches than this rule out the needed share even of kGrokSampleLines lines.
constexpr auto kMaxGrokMismatches =
    static_cast<size_t>(static_cast<double>(kGrokSampleLines) * (1.0 - kMinGrokMatchShare) + 1e-9);

bool IsBlankLine(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string Quoted(std::string_view line) {
  constexpr size_t kMax = 120;
  return "'" + std::string(line.substr(0, kMax)) + (line.size() > kMax ? "...'" : "'");
}

std::vector<Column> GrokColumns(const GrokPattern& pattern) {
  std::vector<Column> columns;
  for (const GrokField& field : pattern.fields()) {
    std::string name = LowerAscii(field.name);
    auto it = std::find_if(columns.begin(), columns.end(),
                           [&](const Column& c) { return c.name == name; });
    if (it == columns.end()) {
      columns.push_back({std::move(name), field.type});
    } else {
      it->type = Widen(it->type, field.type);
    }
  }
  return columns;
}

}  // namespace

GrokInference InferGrokSchema(std::string_view sample, const GrokPattern& pattern,
                              bool sample_is_complete) {
  GrokInference result;
  result.columns = GrokColumns(pattern);
  result.serde_parameters["input.format"] = pattern.pattern();
  if (!pattern.custom_patterns().empty()) {
    result.serde_parameters["input.grokCustomPatterns"] = pattern.custom_patterns();
  }
  if (sample.starts_with(kUtf8Bom)) sample.remove_prefix(kUtf8Bom.size());
  bool stopped_early = false;
  size_t line_number = 0;
  while (!sample.empty() && result.lines < kGrokSampleLines) {
    ++line_number;
    const size_t eol = sample.find('\n');
    std::string_view line = sample.substr(0, eol);
    if (eol == std::string_view::npos) {
      sample = {};
      if (!sample_is_complete) {
        result.dropped_partial_line = !IsBlankLine(line);
        break;
      }
    } else {
      sample.remove_prefix(eol + 1);
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsBlankLine(line)) continue;
    ++result.lines;
    if (pattern.Matches(line)) {
      ++result.records;
      continue;
    }
    if (result.first_mismatch.empty()) {
      result.first_mismatch = "line " + std::to_string(line_number) + ": " + Quoted(line);
    }
    if (result.lines - result.records > kMaxGrokMismatches) {
      stopped_early = true;
      break;
    }
  }
  if (result.lines == 0) {
    result.reason = result.dropped_partial_line
                        ? "the sample holds no complete line (its only line was cut by the end of "
                          "the sample)"
                        : "the sample holds no non-empty line";
    return result;
  }
  const std::string share = std::to_string(result.records) + " of " + std::to_string(result.lines) +
                            " sampled lines (" +
                            std::to_string(result.records * 100 / result.lines) + "%)";
  const double needed = kMinGrokMatchShare * static_cast<double>(result.lines);
  if (result.records > 0 && static_cast<double>(result.records) + 1e-9 >= needed) {
    result.certainty = 1.0;
    result.reason = share + " match the grok pattern, at least the " +
                    std::to_string(static_cast<int>(kMinGrokMatchShare * 100)) + "% needed";
  } else {
    result.reason = "only " + share + " match the grok pattern, below the " +
                    std::to_string(static_cast<int>(kMinGrokMatchShare * 100)) +
                    "% needed; first mismatch " + result.first_mismatch;
    if (stopped_early) {
      result.reason += "; stopped after " + std::to_string(kMaxGrokMismatches + 1) +
                       " mismatches, too many for " + std::to_string(kGrokSampleLines) + " lines";
    }
  }
  return result;
}

std::span<const BuiltinLogClassifier> BuiltinLogClassifiers() {
  static constexpr std::array<BuiltinLogClassifier, 6> kClassifiers = {{
      {"combined_apache", "^%{COMBINEDAPACHELOG}"},
      {"apache", "^%{COMMONAPACHELOG}"},
      {"linux_kernel", "^%{LINUXKERNELLOG}"},
      {"ruby_logger", "^%{RUBY_LOGGER}"},
      {"squid", "^%{SQUID3}"},
      {"redislog", "^%{REDISLOG}"},
  }};
  return kClassifiers;
}

namespace {

struct CompiledLogClassifier {
  std::string_view classification;
  GrokPattern pattern;
};

// Compiled once. A built-in pattern that does not compile is a bug caught by grok_test; it is
// skipped here rather than crashing a crawl.
const std::vector<CompiledLogClassifier>& CompiledLogClassifiers() {
  static const std::vector<CompiledLogClassifier> compiled = [] {
    std::vector<CompiledLogClassifier> out;
    for (const BuiltinLogClassifier& c : BuiltinLogClassifiers()) {
      Result<GrokPattern> pattern = CompileGrok(c.pattern, "");
      if (pattern.ok()) out.push_back({c.classification, std::move(*pattern)});
    }
    return out;
  }();
  return compiled;
}

}  // namespace

std::optional<LogClassification> TryBuiltinLogClassifiers(std::string_view sample,
                                                          bool sample_is_complete) {
  for (const CompiledLogClassifier& c : CompiledLogClassifiers()) {
    GrokInference inference = InferGrokSchema(sample, c.pattern, sample_is_complete);
    if (inference.certainty == 1.0) {
      inference.reason =
          "built-in classifier " + std::string(c.classification) + ": " + inference.reason;
      return LogClassification{std::string(c.classification), std::move(inference)};
    }
  }
  return std::nullopt;
}

}  // namespace sluice::formats
