#include "catalog/partition_expr_lexer.h"

#include <algorithm>
#include <utility>

namespace sluice::catalog::expr_internal {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }

}  // namespace

Status ExprLexer::Next(ExprToken* token) {
  while (next_ < input_.size() && IsSpace(input_[next_])) ++next_;
  *token = ExprToken();
  token->pos = next_;
  if (next_ >= input_.size()) return Status::OK();
  const char c = input_[next_];
  const char c2 = next_ + 1 < input_.size() ? input_[next_ + 1] : '\0';
  auto symbol = [&](ExprTokenKind kind, size_t len) {
    token->kind = kind;
    token->len = len;
    token->text = std::string(input_.substr(next_, len));
    next_ += len;
    return Status::OK();
  };
  switch (c) {
    case '(':
      return symbol(ExprTokenKind::kLParen, 1);
    case ')':
      return symbol(ExprTokenKind::kRParen, 1);
    case ',':
      return symbol(ExprTokenKind::kComma, 1);
    case '=':
      return symbol(ExprTokenKind::kEq, 1);
    case '<':
      if (c2 == '=') return symbol(ExprTokenKind::kLe, 2);
      if (c2 == '>') return symbol(ExprTokenKind::kNe, 2);
      return symbol(ExprTokenKind::kLt, 1);
    case '>':
      return c2 == '=' ? symbol(ExprTokenKind::kGe, 2) : symbol(ExprTokenKind::kGt, 1);
    case '!':
      if (c2 == '=') return symbol(ExprTokenKind::kNe, 2);
      break;
    case '\'':
      return LexQuoted(ExprTokenKind::kString, token);
    case '"':
    case '`':
      return LexQuoted(ExprTokenKind::kQuotedIdentifier, token);
    default:
      break;
  }
  const bool sign = (c == '-' || c == '+') && (IsDigit(c2) || c2 == '.');
  if (IsDigit(c) || c == '.' || sign) return LexNumber(token);
  if (IsIdentStart(c)) {
    size_t end = next_;
    while (end < input_.size() && IsIdentChar(input_[end])) ++end;
    return symbol(ExprTokenKind::kIdentifier, end - next_);
  }
  return ErrorAt(next_, 1, "unexpected character");
}

Status ExprLexer::LexQuoted(ExprTokenKind kind, ExprToken* token) {
  const char quote = input_[next_];
  std::string text;
  size_t i = next_ + 1;
  while (true) {
    if (i >= input_.size()) {
      return ErrorAt(next_, input_.size() - next_,
                     kind == ExprTokenKind::kString
                         ? "unterminated string literal (close it with ')"
                         : std::string("unterminated quoted name (close it with ") + quote + ")");
    }
    if (input_[i] == quote) {
      if (i + 1 < input_.size() && input_[i + 1] == quote) {  // a doubled quote is one quote
        text.push_back(quote);
        i += 2;
        continue;
      }
      ++i;
      break;
    }
    text.push_back(input_[i++]);
  }
  token->kind = kind;
  token->len = i - next_;
  token->text = std::move(text);
  token->quote = quote;
  next_ = i;
  return Status::OK();
}

Status ExprLexer::LexNumber(ExprToken* token) {
  size_t i = next_;
  if (input_[i] == '-' || input_[i] == '+') ++i;
  size_t digits = 0;
  for (; i < input_.size() && IsDigit(input_[i]); ++i) ++digits;
  if (i < input_.size() && input_[i] == '.') {
    for (++i; i < input_.size() && IsDigit(input_[i]); ++i) ++digits;
  }
  auto glued = [&](size_t at) {
    return at < input_.size() && (IsIdentChar(input_[at]) || input_[at] == '.');
  };
  if (digits == 0 || glued(i)) {
    while (glued(i)) ++i;
    return ErrorAt(next_, i - next_, "malformed number (quote text values: 'like this')");
  }
  token->kind = ExprTokenKind::kNumber;
  token->len = i - next_;
  token->text = std::string(input_.substr(next_, i - next_));
  next_ = i;
  return Status::OK();
}

Status ExprLexer::ErrorAt(size_t pos, size_t len, std::string_view what) const {
  std::string msg = "Invalid partition expression at position " + std::to_string(pos + 1);
  if (pos >= input_.size()) {
    msg += " (end of expression)";
  } else {
    msg += " near '" + Abbreviate(input_.substr(pos, std::max<size_t>(len, 1)), 20) + "'";
  }
  msg += ": ";
  msg += what;
  return Status::InvalidInput(std::move(msg));
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

bool IsReservedWord(std::string_view word) {
  for (std::string_view keyword : {"AND", "OR", "NOT", "IN", "BETWEEN", "LIKE", "IS", "NULL"}) {
    if (EqualsIgnoreCase(word, keyword)) return true;
  }
  return false;
}

std::string Abbreviate(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "...";
}

}  // namespace sluice::catalog::expr_internal
