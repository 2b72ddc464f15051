// Tokens of the partition expression language. Internal to the partition_expr_*.cc files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::catalog::expr_internal {

enum class ExprTokenKind : uint8_t {
  kEnd,
  kIdentifier,        // bare name or keyword
  kQuotedIdentifier,  // "name" or `name`
  kString,            // 'text'
  kNumber,
  kLParen,
  kRParen,
  kComma,
  kEq,  // kEq..kGe are the comparison operators, kept contiguous
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
};

struct ExprToken {
  ExprTokenKind kind = ExprTokenKind::kEnd;
  size_t pos = 0;    // 0-based byte offset in the expression
  size_t len = 0;    // bytes of expression text the token spans
  std::string text;  // quotes removed and unescaped for strings and quoted identifiers
  char quote = 0;    // kQuotedIdentifier: the quote character
};

// Splits an expression into tokens on demand. Not thread-safe; one per parse.
class ExprLexer {
 public:
  explicit ExprLexer(std::string_view input) : input_(input) {}

  // Lexes the next token into *token (kEnd at the end of the input). InvalidInput, formatted by
  // ErrorAt, for an unexpected character, an unterminated quote or a malformed number.
  Status Next(ExprToken* token);

  // Returns InvalidInput "Invalid partition expression at position <pos+1> near '<text>': <what>",
  // or "... (end of expression): <what>" when pos is at the end.
  Status ErrorAt(size_t pos, size_t len, std::string_view what) const;

 private:
  Status LexQuoted(ExprTokenKind kind, ExprToken* token);
  Status LexNumber(ExprToken* token);

  std::string_view input_;
  size_t next_ = 0;  // where the next token starts (before skipping spaces)
};

// Returns true when a and b are equal ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Returns true for the keywords that cannot be bare key names: AND OR NOT IN BETWEEN LIKE IS NULL.
bool IsReservedWord(std::string_view word);

// Returns `text`, cut to `max` bytes plus "..." when longer.
std::string Abbreviate(std::string_view text, size_t max);

}  // namespace sluice::catalog::expr_internal
