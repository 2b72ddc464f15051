// Tokens of Athena SQL: enough of Trino's and Hive's lexical rules to classify a statement, parse
// the DDL Sluice runs itself and find where an embedded query ends. Internal to athena_*.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::query::athena_internal {

enum class SqlTokenKind : uint8_t {
  kEnd,
  kWord,        // bare identifier or keyword
  kQuotedName,  // "name" or `name`
  kString,      // 'text'
  kNumber,      // 12, 1.5, .5, 1e10
  kSymbol,      // punctuation and operators: ( ) , . ; = [ ] < > <= >= <> != || ...
};

struct SqlToken {
  SqlTokenKind kind = SqlTokenKind::kEnd;
  size_t pos = 0;    // 0-based byte offset in the statement
  size_t len = 0;    // bytes of statement text the token spans
  std::string text;  // strings and quoted names: quotes removed and unescaped
  char quote = 0;    // kQuotedName and kString: the quote character
};

// Splits a statement into tokens on demand, skipping whitespace and comments (-- to the end of
// the line, /* ... */). Copyable, so a parser can peek ahead on a copy. Not thread-safe.
class SqlLexer {
 public:
  explicit SqlLexer(std::string_view sql) : sql_(sql) {}

  // Lexes the next token into *token (kEnd at the end of the statement). InvalidInput, formatted
  // by ErrorAt, for an unterminated string, quoted name or comment.
  Status Next(SqlToken* token);

  // Hive's string rules (DDL): backslash escapes (\t, \n, \001, \u0001, \\, \') in '...', and
  // "..." is a string too. Off (Trino's rules, for queries): a doubled quote is the only escape.
  // Takes effect from the next token.
  void set_hive_strings(bool on) { hive_strings_ = on; }
  bool hive_strings() const { return hive_strings_; }

  // Reads a Hive column type starting at byte `pos` (a parenthesised or angle-bracketed type may
  // span spaces and lines; at the outer level it ends before whitespace, ',' or ')'). Lexing
  // continues after it. Returns the type text, empty when there is none at `pos`.
  std::string_view ScanType(size_t pos);

  // InvalidInput "line L:C: <message>", L and C 1-based, for the byte offset `pos`.
  Status ErrorAt(size_t pos, std::string_view message) const;

  // The statement text.
  std::string_view sql() const { return sql_; }

 private:
  Status SkipBlank();
  Status LexQuoted(SqlTokenKind kind, SqlToken* token);
  void LexNumber(SqlToken* token);

  std::string_view sql_;
  size_t next_ = 0;  // where the next token starts (before skipping blanks)
  bool hive_strings_ = false;
};

// Decodes Hive's backslash escapes in `text` ('\t' → tab, '\001' and '\u0001' → byte 1).
std::string UnescapeHive(std::string_view text);

// True when a and b are equal ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// ASCII lower case, as Glue stores database, table and column names.
std::string ToLower(std::string_view text);

// ASCII upper case.
std::string ToUpper(std::string_view text);

// How Athena's messages quote a token: its text as written, cut to 30 bytes, or <EOF>.
std::string TokenDisplay(std::string_view sql, const SqlToken& token);

}  // namespace sluice::query::athena_internal
