#include "catalog/partition_key_codec.h"

#include <cassert>
#include <charconv>
#include <limits>

namespace sluice::catalog {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// True when `params` is a comma-separated list of at most `max_params` unsigned numbers.
bool ValidTypeParams(std::string_view params, int max_params) {
  int count = 0;
  while (true) {
    size_t comma = params.find(',');
    std::string_view part = TrimSpaces(params.substr(0, comma));
    if (part.empty() || part.size() > 9) return false;
    for (char c : part) {
      if (!IsDigit(c)) return false;
    }
    if (++count > max_params) return false;
    if (comma == std::string_view::npos) return true;
    params.remove_prefix(comma + 1);
  }
}

// Reads between min and max digits at s[*pos]; returns false when there are fewer than min.
bool ReadNumber(std::string_view s, size_t* pos, int min_digits, int max_digits, int* out) {
  int value = 0;
  int n = 0;
  while (*pos < s.size() && n < max_digits && IsDigit(s[*pos])) {
    value = value * 10 + (s[*pos] - '0');
    ++*pos;
    ++n;
  }
  *out = value;
  return n >= min_digits;
}

bool ReadChar(std::string_view s, size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && IsLeapYear(y)) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Parses yyyy-m[m]-d[d] at s[*pos] into days since the epoch.
bool ReadDate(std::string_view s, size_t* pos, int64_t* days) {
  int y = 0, m = 0, d = 0;
  if (!ReadNumber(s, pos, 4, 4, &y) || !ReadChar(s, pos, '-') || !ReadNumber(s, pos, 1, 2, &m) ||
      !ReadChar(s, pos, '-') || !ReadNumber(s, pos, 1, 2, &d)) {
    return false;
  }
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return false;
  *days = DaysFromCivil(y, m, d);
  return true;
}

bool ParseInt(PartitionKeyType type, std::string_view s, int64_t* out) {
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (s.empty() || !IsDigit(s.front())) return false;
  }
  if (s.empty() || (s.front() != '-' && !IsDigit(s.front()))) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  if (ec != std::errc() || end != s.data() + s.size()) return false;
  switch (type) {
    case PartitionKeyType::kTinyInt:
      return *out >= -128 && *out <= 127;
    case PartitionKeyType::kSmallInt:
      return *out >= -32768 && *out <= 32767;
    case PartitionKeyType::kInt:
      return *out >= std::numeric_limits<int32_t>::min() &&
             *out <= std::numeric_limits<int32_t>::max();
    default:
      return true;
  }
}

// Longer decimal text is treated as invalid, which keeps encoded exponents far from overflow.
constexpr size_t kMaxDecimalLength = 1 << 20;

bool ParseDecimal(std::string_view s, PartitionValue* v) {
  if (s.size() > kMaxDecimalLength) return false;
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  const size_t int_start = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  std::string_view int_digits = s.substr(int_start, i - int_start);
  std::string_view frac_digits;
  if (i < s.size() && s[i] == '.') {
    const size_t frac_start = ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    frac_digits = s.substr(frac_start, i - frac_start);
  }
  if (i != s.size() || (int_digits.empty() && frac_digits.empty())) return false;
  while (!int_digits.empty() && int_digits.front() == '0') int_digits.remove_prefix(1);
  while (!frac_digits.empty() && frac_digits.back() == '0') frac_digits.remove_suffix(1);
  v->text = int_digits;
  v->fraction = frac_digits;
  v->negative = negative && !(int_digits.empty() && frac_digits.empty());
  return true;
}

bool ParseTimestamp(std::string_view s, PartitionValue* v) {
  size_t pos = 0;
  int64_t days = 0;
  if (!ReadDate(s, &pos, &days)) return false;
  int h = 0, mi = 0, sec = 0, nanos = 0;
  if (pos < s.size()) {
    if (s[pos] != ' ' && s[pos] != 'T') return false;
    ++pos;
    if (!ReadNumber(s, &pos, 1, 2, &h) || !ReadChar(s, &pos, ':') ||
        !ReadNumber(s, &pos, 1, 2, &mi) || !ReadChar(s, &pos, ':') ||
        !ReadNumber(s, &pos, 1, 2, &sec)) {
      return false;
    }
    if (h > 23 || mi > 59 || sec > 59) return false;
    if (ReadChar(s, &pos, '.')) {
      const size_t start = pos;
      if (!ReadNumber(s, &pos, 1, 9, &nanos)) return false;
      for (size_t n = pos - start; n < 9; ++n) nanos *= 10;
    }
    if (pos != s.size()) return false;
  }
  v->number = days * 86400 + int64_t{h} * 3600 + int64_t{mi} * 60 + sec;
  v->nanos = nanos;
  return true;
}

template <typename T>
int Sign(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CompareBytes(std::string_view a, std::string_view b) {
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int CompareDecimals(const PartitionValue& a, const PartitionValue& b) {
  const int sign_a = (a.text.empty() && a.fraction.empty()) ? 0 : (a.negative ? -1 : 1);
  const int sign_b = (b.text.empty() && b.fraction.empty()) ? 0 : (b.negative ? -1 : 1);
  if (sign_a != sign_b) return Sign(sign_a, sign_b);
  int magnitude = Sign(a.text.size(), b.text.size());
  if (magnitude == 0) magnitude = CompareBytes(a.text, b.text);
  // Trailing zeros are stripped, so plain byte order of fractions is numeric order.
  if (magnitude == 0) magnitude = CompareBytes(a.fraction, b.fraction);
  return sign_a * magnitude;
}

void AppendBigEndian(uint64_t v, int bytes, std::string* out) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void AppendOrderedInt(int64_t v, std::string* out) {
  AppendBigEndian(static_cast<uint64_t>(v) ^ (uint64_t{1} << 63), 8, out);
}

void AppendEscaped(std::string_view bytes, std::string* out) {
  for (char c : bytes) {
    out->push_back(c);
    if (c == '\0') out->push_back('\xFF');
  }
  out->push_back('\0');
  out->push_back('\x01');
}

// Decimal payload: sign byte (0x01 negative, 0x02 zero, 0x03 positive); for non-zero values the
// value is 0.d1d2d3... x 10^E with d1 != 0: a 4-byte biased E, then the digits d1d2... as ASCII,
// then 0x00. For negative values E, digits and terminator are complemented, which reverses their
// order; the terminator (0x00, or 0xFF complemented) never occurs among the digits.
void AppendDecimal(const PartitionValue& v, std::string* out) {
  std::string_view int_digits = v.text;
  std::string_view frac_digits = v.fraction;
  if (int_digits.empty() && frac_digits.empty()) {
    out->push_back('\x02');
    return;
  }
  const uint8_t flip = v.negative ? 0xFF : 0x00;
  out->push_back(v.negative ? '\x01' : '\x03');
  int64_t exponent = 0;
  if (!int_digits.empty()) {
    exponent = static_cast<int64_t>(int_digits.size());
    if (frac_digits.empty()) {
      while (int_digits.back() == '0') int_digits.remove_suffix(1);
    }
  } else {
    size_t zeros = 0;
    while (frac_digits[zeros] == '0') ++zeros;
    exponent = -static_cast<int64_t>(zeros);
    frac_digits.remove_prefix(zeros);
  }
  const uint32_t biased = static_cast<uint32_t>(exponent + (int64_t{1} << 31));
  AppendBigEndian(biased ^ (flip ? 0xFFFFFFFFu : 0u), 4, out);
  for (char c : int_digits) out->push_back(static_cast<char>(static_cast<uint8_t>(c) ^ flip));
  for (char c : frac_digits) out->push_back(static_cast<char>(static_cast<uint8_t>(c) ^ flip));
  out->push_back(static_cast<char>(flip));
}

Status UnsupportedType(std::string_view type) {
  return Status::InvalidInput("Partition key type '" + std::string(type) +
                              "' is not supported in partition expressions (supported: string, "
                              "varchar(n), char(n), tinyint, smallint, int, bigint, decimal(p,s), "
                              "date, timestamp)");
}

}  // namespace

Result<PartitionKeyType> PartitionKeyTypeFromGlue(std::string_view glue_type) {
  const std::string_view trimmed = TrimSpaces(glue_type);
  std::string lower(trimmed);
  for (char& c : lower) c = ToLowerAscii(c);
  std::string_view name = lower;
  std::string_view params;
  bool has_params = false;
  if (size_t open = name.find('('); open != std::string_view::npos) {
    if (name.back() != ')') return UnsupportedType(trimmed);
    params = name.substr(open + 1, name.size() - open - 2);
    name = TrimSpaces(name.substr(0, open));
    has_params = true;
  }
  if (!has_params) {
    if (name == "string" || name == "varchar" || name == "char") return PartitionKeyType::kString;
    if (name == "tinyint") return PartitionKeyType::kTinyInt;
    if (name == "smallint") return PartitionKeyType::kSmallInt;
    if (name == "int" || name == "integer") return PartitionKeyType::kInt;
    if (name == "bigint" || name == "long") return PartitionKeyType::kBigInt;
    if (name == "decimal") return PartitionKeyType::kDecimal;
    if (name == "date") return PartitionKeyType::kDate;
    if (name == "timestamp") return PartitionKeyType::kTimestamp;
  } else if ((name == "varchar" || name == "char") && ValidTypeParams(params, 1)) {
    return PartitionKeyType::kString;
  } else if (name == "decimal" && ValidTypeParams(params, 2)) {
    return PartitionKeyType::kDecimal;
  }
  return UnsupportedType(trimmed);
}

std::string_view PartitionKeyTypeName(PartitionKeyType type) {
  switch (type) {
    case PartitionKeyType::kString:
      return "string";
    case PartitionKeyType::kTinyInt:
      return "tinyint";
    case PartitionKeyType::kSmallInt:
      return "smallint";
    case PartitionKeyType::kInt:
      return "int";
    case PartitionKeyType::kBigInt:
      return "bigint";
    case PartitionKeyType::kDecimal:
      return "decimal";
    case PartitionKeyType::kDate:
      return "date";
    case PartitionKeyType::kTimestamp:
      return "timestamp";
  }
  return "unknown";
}

PartitionValue ParsePartitionValue(PartitionKeyType type, std::string_view text) {
  PartitionValue v;
  if (text == kHiveNullPartitionValue) return v;
  v.state = PartitionValue::State::kValid;
  bool ok = true;
  switch (type) {
    case PartitionKeyType::kString:
      v.text = text;
      return v;
    case PartitionKeyType::kTinyInt:
    case PartitionKeyType::kSmallInt:
    case PartitionKeyType::kInt:
    case PartitionKeyType::kBigInt:
      ok = ParseInt(type, text, &v.number);
      break;
    case PartitionKeyType::kDecimal:
      ok = ParseDecimal(text, &v);
      break;
    case PartitionKeyType::kDate: {
      size_t pos = 0;
      ok = ReadDate(text, &pos, &v.number) && pos == text.size();
      break;
    }
    case PartitionKeyType::kTimestamp:
      ok = ParseTimestamp(text, &v);
      break;
  }
  if (!ok) {
    v = PartitionValue();
    v.state = PartitionValue::State::kInvalid;
    v.text = text;
  }
  return v;
}

int ComparePartitionValues(PartitionKeyType type, const PartitionValue& a,
                           const PartitionValue& b) {
  if (a.state != b.state) return Sign(static_cast<int>(a.state), static_cast<int>(b.state));
  if (a.state == PartitionValue::State::kNull) return 0;
  if (a.state == PartitionValue::State::kInvalid) return CompareBytes(a.text, b.text);
  switch (type) {
    case PartitionKeyType::kString:
      return CompareBytes(a.text, b.text);
    case PartitionKeyType::kDecimal:
      return CompareDecimals(a, b);
    case PartitionKeyType::kTimestamp: {
      const int c = Sign(a.number, b.number);
      return c != 0 ? c : Sign(a.nanos, b.nanos);
    }
    default:
      return Sign(a.number, b.number);
  }
}

void AppendEncodedComponent(PartitionKeyType type, const PartitionValue& value, std::string* out) {
  switch (value.state) {
    case PartitionValue::State::kNull:
      out->push_back(kEncodedNullTag);
      return;
    case PartitionValue::State::kInvalid:
      out->push_back(kEncodedInvalidTag);
      AppendEscaped(value.text, out);
      return;
    case PartitionValue::State::kValid:
      out->push_back(kEncodedValidTag);
      break;
  }
  switch (type) {
    case PartitionKeyType::kString:
      AppendEscaped(value.text, out);
      return;
    case PartitionKeyType::kDecimal:
      AppendDecimal(value, out);
      return;
    case PartitionKeyType::kTimestamp:
      AppendOrderedInt(value.number, out);
      AppendBigEndian(static_cast<uint32_t>(value.nanos), 4, out);
      return;
    default:
      AppendOrderedInt(value.number, out);
      return;
  }
}

std::string EncodeComponent(PartitionKeyType type, std::string_view text) {
  std::string out;
  AppendEncodedComponent(type, ParsePartitionValue(type, text), &out);
  return out;
}

std::string EncodeIndexKey(const std::vector<PartitionKey>& keys,
                           const std::vector<std::string>& values,
                           const std::vector<int>& positions) {
  std::string out;
  for (int pos : positions) {
    assert(pos >= 0 && static_cast<size_t>(pos) < keys.size());
    if (pos < 0 || static_cast<size_t>(pos) >= keys.size()) continue;
    const std::string_view raw = static_cast<size_t>(pos) < values.size()
                                     ? std::string_view(values[pos])
                                     : kHiveNullPartitionValue;
    AppendEncodedComponent(keys[pos].type, ParsePartitionValue(keys[pos].type, raw), &out);
  }
  return out;
}

std::string PrefixSuccessor(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty() && static_cast<uint8_t>(s.back()) == 0xFF) s.pop_back();
  if (!s.empty()) s.back() = static_cast<char>(static_cast<uint8_t>(s.back()) + 1);
  return s;
}

}  // namespace sluice::catalog
