#include "formats/value_types.h"

#include <cstddef>

namespace sluice::formats {
namespace {

constexpr size_t kMaxDecimalDigits = 38;
constexpr std::string_view kInt64MaxDigits = "9223372036854775807";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

size_t CountDigits(std::string_view s, size_t pos) {
  size_t n = 0;
  while (pos + n < s.size() && IsDigit(s[pos + n])) ++n;
  return n;
}

// Reads exactly `width` digits at `pos` as a number; -1 when they are not all digits.
int FixedNumber(std::string_view s, size_t pos, size_t width) {
  if (pos + width > s.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (!IsDigit(s[i])) return -1;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Validates "YYYY-MM-DD" at the start of `s`.
bool DatePrefix(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  const int year = FixedNumber(s, 0, 4);
  const int month = FixedNumber(s, 5, 2);
  const int day = FixedNumber(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int max_day = kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
  return day <= max_day;
}

// A run of [+-]digits with nothing else: returns its type, or null when it is not an integer.
GlueType IntegerType(std::string_view s, const ValueTypeOptions& options) {
  const size_t sign = (s[0] == '+' || s[0] == '-') ? 1 : 0;
  const size_t digits = s.size() - sign;
  if (digits == 0 || CountDigits(s, sign) != digits) return GlueType::Null();
  if (options.leading_zero_is_string && digits > 1 && s[sign] == '0') return GlueType::String();
  std::string_view magnitude = s.substr(sign);
  while (magnitude.size() > 1 && magnitude[0] == '0') magnitude.remove_prefix(1);
  // int64's range is asymmetric: -9223372036854775808 fits although its magnitude does not.
  const bool fits =
      magnitude.size() < kInt64MaxDigits.size() ||
      (magnitude.size() == kInt64MaxDigits.size() &&
       (magnitude <= kInt64MaxDigits || (s[0] == '-' && magnitude == "9223372036854775808")));
  if (fits) return GlueType::BigInt();
  if (magnitude.size() <= kMaxDecimalDigits) return GlueType::Decimal(38, 0);
  return GlueType::String();
}

bool IsDouble(std::string_view s) {
  size_t pos = (s[0] == '+' || s[0] == '-') ? 1 : 0;
  const size_t int_digits = CountDigits(s, pos);
  pos += int_digits;
  size_t frac_digits = 0;
  if (pos < s.size() && s[pos] == '.') {
    frac_digits = CountDigits(s, pos + 1);
    pos += 1 + frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    ++pos;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) ++pos;
    const size_t exp_digits = CountDigits(s, pos);
    if (exp_digits == 0) return false;
    pos += exp_digits;
  }
  return pos == s.size();
}

}  // namespace

std::string_view TrimBlanks(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

bool IsIsoDate(std::string_view value) { return value.size() == 10 && DatePrefix(value); }

bool IsIsoTimestamp(std::string_view s) {
  if (s.size() < 19 || !DatePrefix(s) || (s[10] != ' ' && s[10] != 'T')) return false;
  if (s[13] != ':' || s[16] != ':') return false;
  const int hour = FixedNumber(s, 11, 2);
  const int minute = FixedNumber(s, 14, 2);
  const int second = FixedNumber(s, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return false;
  }
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    const size_t digits = CountDigits(s, pos + 1);
    if (digits < 1 || digits > 9) return false;
    pos += 1 + digits;
  }
  if (pos == s.size()) return true;
  if (s[pos] == 'Z') return pos + 1 == s.size();
  if (s[pos] != '+' && s[pos] != '-') return false;
  if (s.size() != pos + 6 || s[pos + 3] != ':') return false;
  const int offset_hours = FixedNumber(s, pos + 1, 2);
  const int offset_minutes = FixedNumber(s, pos + 4, 2);
  return offset_hours >= 0 && offset_hours <= 23 && offset_minutes >= 0 && offset_minutes <= 59;
}

GlueType InferValueType(std::string_view value, const ValueTypeOptions& options) {
  if (value.empty()) return GlueType::Null();
  if (EqualsIgnoreCase(value, "true") || EqualsIgnoreCase(value, "false")) {
    return GlueType::Boolean();
  }
  if (GlueType integer = IntegerType(value, options); !integer.is_null()) return integer;
  if (IsDouble(value)) return GlueType::Double();
  if (options.infer_temporal) {
    if (IsIsoDate(value)) return GlueType::Of(TypeKind::kDate);
    if (IsIsoTimestamp(value)) return GlueType::Of(TypeKind::kTimestamp);
  }
  return GlueType::String();
}

}  // namespace sluice::formats
