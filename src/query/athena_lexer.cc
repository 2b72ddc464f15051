#include "query/athena_lexer.h"

#include <utility>

namespace sluice::query::athena_internal {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsWordStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsWordChar(char c) { return IsWordStart(c) || IsDigit(c); }

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Hive's unescapeSQLString for the escape starting at text[i] == '\\'; returns the bytes consumed.
size_t UnescapeHiveAt(std::string_view text, size_t i, std::string& out) {
  auto at = [&](size_t k) { return i + k < text.size() ? text[i + k] : '\0'; };
  if (at(1) == 'u' && IsHexDigit(at(2)) && IsHexDigit(at(3)) && IsHexDigit(at(4)) &&
      IsHexDigit(at(5))) {
    AppendUtf8(static_cast<uint32_t>(std::stoul(std::string(text.substr(i + 2, 4)), nullptr, 16)),
               out);
    return 6;
  }
  auto octal = [](char c) { return c >= '0' && c <= '7'; };
  if ((at(1) == '0' || at(1) == '1') && octal(at(2)) && octal(at(3))) {
    out.push_back(static_cast<char>((at(1) - '0') * 64 + (at(2) - '0') * 8 + (at(3) - '0')));
    return 4;
  }
  switch (at(1)) {
    case '0':
      out.push_back('\0');
      break;
    case 'b':
      out.push_back('\b');
      break;
    case 'n':
      out.push_back('\n');
      break;
    case 'r':
      out.push_back('\r');
      break;
    case 't':
      out.push_back('\t');
      break;
    case 'Z':
      out.push_back('\032');
      break;
    case '%':
    case '_':  // kept escaped: they are LIKE wildcards
      out.push_back('\\');
      out.push_back(at(1));
      break;
    default:
      out.push_back(at(1));
      break;
  }
  return 2;
}

}  // namespace

Status SqlLexer::SkipBlank() {
  while (next_ < sql_.size()) {
    const char c = sql_[next_];
    if (IsSpace(c)) {
      ++next_;
    } else if (c == '-' && sql_.substr(next_, 2) == "--") {
      while (next_ < sql_.size() && sql_[next_] != '\n') ++next_;
    } else if (c == '/' && sql_.substr(next_, 2) == "/*") {
      size_t end = sql_.find("*/", next_ + 2);
      if (end == std::string_view::npos) {
        return ErrorAt(next_, "unterminated comment (close it with */)");
      }
      next_ = end + 2;
    } else {
      break;
    }
  }
  return Status::OK();
}

Status SqlLexer::Next(SqlToken* token) {
  RETURN_NOT_OK(SkipBlank());
  *token = SqlToken();
  token->pos = next_;
  if (next_ >= sql_.size()) return Status::OK();
  const char c = sql_[next_];
  const char c2 = next_ + 1 < sql_.size() ? sql_[next_ + 1] : '\0';
  if (c == '\'') return LexQuoted(SqlTokenKind::kString, token);
  if (c == '"') {
    return LexQuoted(hive_strings_ ? SqlTokenKind::kString : SqlTokenKind::kQuotedName, token);
  }
  if (c == '`') return LexQuoted(SqlTokenKind::kQuotedName, token);
  if (IsDigit(c) || (c == '.' && IsDigit(c2))) {
    LexNumber(token);
    return Status::OK();
  }
  size_t len = 1;
  if (IsWordStart(c)) {
    while (next_ + len < sql_.size() && IsWordChar(sql_[next_ + len])) ++len;
    token->kind = SqlTokenKind::kWord;
  } else {
    for (std::string_view two : {"<=", ">=", "<>", "!=", "||", "->", "=>", "::"}) {
      if (sql_.substr(next_, 2) == two) len = 2;
    }
    token->kind = SqlTokenKind::kSymbol;
  }
  token->len = len;
  token->text = std::string(sql_.substr(next_, len));
  next_ += len;
  return Status::OK();
}

Status SqlLexer::LexQuoted(SqlTokenKind kind, SqlToken* token) {
  const char quote = sql_[next_];
  const bool backslashes = hive_strings_ && quote != '`';
  std::string text;
  size_t i = next_ + 1;
  while (true) {
    if (i >= sql_.size()) {
      if (kind == SqlTokenKind::kString) {
        return ErrorAt(next_,
                       std::string("unterminated string literal (close it with ") + quote + ")");
      }
      return ErrorAt(next_, std::string("unterminated quoted name (close it with ") + quote + ")");
    }
    if (backslashes && sql_[i] == '\\') {
      i += UnescapeHiveAt(sql_, i, text);
      continue;
    }
    if (sql_[i] == quote) {
      if (i + 1 < sql_.size() && sql_[i + 1] == quote) {  // a doubled quote is one quote
        text.push_back(quote);
        i += 2;
        continue;
      }
      ++i;
      break;
    }
    text.push_back(sql_[i++]);
  }
  token->kind = kind;
  token->len = i - next_;
  token->text = std::move(text);
  token->quote = quote;
  next_ = i;
  return Status::OK();
}

void SqlLexer::LexNumber(SqlToken* token) {
  size_t i = next_;
  while (i < sql_.size() && IsDigit(sql_[i])) ++i;
  if (i < sql_.size() && sql_[i] == '.') {
    for (++i; i < sql_.size() && IsDigit(sql_[i]);) ++i;
  }
  if (i < sql_.size() && (sql_[i] == 'e' || sql_[i] == 'E')) {
    size_t j = i + 1;
    if (j < sql_.size() && (sql_[j] == '+' || sql_[j] == '-')) ++j;
    if (j < sql_.size() && IsDigit(sql_[j])) {
      while (j < sql_.size() && IsDigit(sql_[j])) ++j;
      i = j;
    }
  }
  token->kind = SqlTokenKind::kNumber;
  token->len = i - next_;
  token->text = std::string(sql_.substr(next_, i - next_));
  next_ = i;
}

std::string_view SqlLexer::ScanType(size_t pos) {
  size_t i = pos;
  int depth = 0;
  while (i < sql_.size()) {
    const char c = sql_[i];
    if (c == '`') {  // a quoted struct field name; a doubled ` is one `
      for (++i; i < sql_.size(); ++i) {
        if (sql_[i] != '`') continue;
        if (i + 1 < sql_.size() && sql_[i + 1] == '`') {
          ++i;
          continue;
        }
        break;
      }
      if (i < sql_.size()) ++i;
      continue;
    }
    if (c == '<' || c == '(') {
      ++depth;
    } else if (c == '>' || c == ')') {
      if (depth == 0) break;
      --depth;
    } else if (depth == 0 && (c == ',' || c == ';')) {
      break;
    } else if (depth == 0 && IsSpace(c)) {
      size_t j = i;
      while (j < sql_.size() && IsSpace(sql_[j])) ++j;
      if (j >= sql_.size() || (sql_[j] != '<' && sql_[j] != '(')) break;
      i = j;
      continue;
    }
    ++i;
  }
  next_ = i;
  return sql_.substr(pos, i - pos);
}

Status SqlLexer::ErrorAt(size_t pos, std::string_view message) const {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < pos && i < sql_.size(); ++i) {
    if (sql_[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(sql_[i]) & 0xC0) != 0x80) {  // count code points
      ++column;
    }
  }
  std::string msg = "line " + std::to_string(line) + ":" + std::to_string(column) + ": ";
  msg += message;
  return Status::InvalidInput(std::move(msg));
}

std::string UnescapeHive(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      i += UnescapeHiveAt(text, i, out);
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string ToUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string TokenDisplay(std::string_view sql, const SqlToken& token) {
  if (token.kind == SqlTokenKind::kEnd) return "<EOF>";
  std::string_view text = sql.substr(token.pos, token.len);
  if (text.size() <= 30) return std::string(text);
  return std::string(text.substr(0, 30)) + "...";
}

}  // namespace sluice::query::athena_internal
