// Grok: named, reusable regular expressions for log lines, as Glue's GrokClassifier and
// Logstash use them, compiled to one PCRE2 regex; plus grok schema inference and Glue's
// built-in log classifiers (combined_apache, apache, linux_kernel, ruby_logger, squid, redislog).
//
// Pattern language:
//   %{SYNTAX}             the regex named SYNTAX, not captured
//   %{SYNTAX:name}        captured as field `name` (type string)
//   %{SYNTAX:name:type}   captured with a declared type: byte, short, int, long, float, double,
//                         boolean or string (Glue's list plus string), case-insensitive
//   name UNWANTED         `%{SYNTAX:UNWANTED}` matches but is not a field (Glue)
//   (?<name>regex)        an inline PCRE2 named group is a string field too (Logstash)
// Everything else is PCRE2 syntax, matched byte-wise (no UTF mode), unanchored like Logstash: a
// pattern matches when it matches somewhere in the line unless it uses ^ and $.
// SYNTAX names resolve first in the custom patterns, then in the base library (grok_patterns.cc).
// Custom patterns are "NAME regex" lines (NAME is [A-Za-z0-9_]+, then blanks, then the regex);
// blank lines and lines starting with '#' are ignored; a later definition of a name wins.
//
// GrokPattern is immutable after CompileGrok and thread-safe: Match may run concurrently.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "formats/glue_type.h"

namespace sluice::formats {

// One entry of the base pattern library.
struct GrokPatternDefinition {
  std::string_view name;
  std::string_view regex;
};

// The base pattern library (USERNAME ... COMBINEDAPACHELOG), in definition order.
std::span<const GrokPatternDefinition> BaseGrokPatterns();

// The deepest chain of %{...} references CompileGrok follows.
inline constexpr int kMaxGrokDepth = 32;
// The longest expanded regex CompileGrok accepts (guards against exponential expansion).
inline constexpr size_t kMaxGrokRegexBytes = 1 << 18;  // COMBINEDAPACHELOG is ~2 KB
// PCRE2 match limit per line: a line that needs more backtracking counts as not matching.
inline constexpr uint32_t kGrokMatchLimit = 1'000'000;

// A field captured by a grok pattern.
struct GrokField {
  std::string name;      // as written in the pattern (case kept)
  std::string declared;  // the declared type keyword ("int"), empty when none
  GlueType type;         // the Glue type: declared, else string
};

class GrokPattern {
 public:
  GrokPattern(GrokPattern&&) noexcept;
  GrokPattern& operator=(GrokPattern&&) noexcept;
  ~GrokPattern();

  // The grok pattern and custom patterns as given to CompileGrok.
  const std::string& pattern() const { return pattern_; }
  const std::string& custom_patterns() const { return custom_patterns_; }
  // The expanded PCRE2 regex.
  const std::string& regex() const { return regex_; }
  // Distinct fields (first occurrence wins, names compared exactly) in pattern order.
  const std::vector<GrokField>& fields() const { return fields_; }
  // True when PCRE2's JIT compiled the regex.
  bool jit() const { return jit_; }

  // The fields of `line` as (name, value) pairs in fields() order, or nullopt when the line does
  // not match (or needs more than kGrokMatchLimit backtracking steps). A field whose group did
  // not take part in the match (an optional or alternative part) is left out.
  std::optional<std::vector<std::pair<std::string, std::string>>> Match(
      std::string_view line) const;
  // True when `line` matches, without extracting fields (as Match, cheaper).
  bool Matches(std::string_view line) const;

 private:
  friend Result<GrokPattern> CompileGrok(std::string_view, std::string_view);
  struct Compiled;
  GrokPattern();

  std::string pattern_;
  std::string custom_patterns_;
  std::string regex_;
  std::vector<GrokField> fields_;
  // Per PCRE2 capture group number: the index into fields_, or -1 for a group that is not a field.
  std::vector<int> group_field_;
  bool jit_ = false;
  std::unique_ptr<Compiled> compiled_;
};

// Compiles `pattern` with `custom_patterns`. Returns InvalidInput naming the problem: an empty
// pattern, a malformed %{...} or custom-pattern line, an unknown pattern name, a reference cycle,
// nesting deeper than kMaxGrokDepth, an expansion over kMaxGrokRegexBytes, an unknown declared
// type, or PCRE2's compile error with its offset.
Result<GrokPattern> CompileGrok(std::string_view pattern, std::string_view custom_patterns);

// Classification is binary: 1.0 when at least this share of the sampled non-empty lines match.
inline constexpr double kMinGrokMatchShare = 0.8;
// Non-empty lines of the sample that inference tries (Glue reads the first 1,000 records).
inline constexpr size_t kGrokSampleLines = 1000;

// The SerDe Glue writes for grok tables, with serde parameter input.format (the pattern) and
// input.grokCustomPatterns (the custom patterns, when any).
inline constexpr std::string_view kGrokSerdeLibrary = "com.amazonaws.glue.serde.GrokSerDe";

struct GrokInference {
  double certainty = 0.0;
  std::string reason;                 // why this certainty, for the crawl log
  size_t lines = 0;                   // non-empty lines tried
  size_t records = 0;                 // lines that matched
  std::string first_mismatch;         // "line 3: <text>", empty when every line matched
  bool dropped_partial_line = false;  // the sample ended inside a line, which was not tried
  // The pattern's fields: names lower-cased, duplicates (case-insensitive) merged and their
  // types widened; declared types, else string.
  std::vector<Column> columns;
  std::map<std::string, std::string> serde_parameters;  // input.format, input.grokCustomPatterns
};

// Classifies `sample` (the first bytes of a file, already decompressed) with `pattern`. Lines end
// with "\n" or "\r\n"; a UTF-8 BOM is skipped; blank lines are not counted; the last line is
// dropped when it has no line break unless `sample_is_complete`. Pure and thread-safe.
GrokInference InferGrokSchema(std::string_view sample, const GrokPattern& pattern,
                              bool sample_is_complete);

// A built-in log classifier: Glue's classification name and its grok pattern.
struct BuiltinLogClassifier {
  std::string_view classification;  // "combined_apache"
  std::string_view pattern;         // "^%{COMBINEDAPACHELOG}"
};

// The built-in log classifiers in Glue's order: combined_apache, apache, linux_kernel,
// ruby_logger, squid, redislog. Each pattern is anchored at the line start.
std::span<const BuiltinLogClassifier> BuiltinLogClassifiers();

struct LogClassification {
  std::string classification;  // "combined_apache", "apache", "linux_kernel", ...
  GrokInference inference;     // certainty 1.0; serde_parameters filled
};

// Tries the built-in log classifiers in order and returns the first that classifies `sample`
// with certainty 1.0; nullopt when none does. Thread-safe.
std::optional<LogClassification> TryBuiltinLogClassifiers(std::string_view sample,
                                                          bool sample_is_complete);

}  // namespace sluice::formats
