// Chunk::ToText and Decimal::ToString: values rendered as DuckDB's CAST(... AS VARCHAR) does.
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

#include "engine/chunk.h"
#include "engine/internal.h"

namespace sluice::engine {
namespace {

using Column = Chunk::Impl::Column;
using Int128 = __int128;
using UInt128 = unsigned __int128;

template <typename T>
T At(const Column& column, size_t row) {
  T value;
  std::memcpy(&value, static_cast<const char*>(column.data) + row * sizeof(T), sizeof(T));
  return value;
}

std::string UInt128ToString(UInt128 value) {
  if (value == 0) return "0";
  std::string digits;
  while (value > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  return digits;
}

std::string Int128ToString(Int128 value) {
  if (value >= 0) return UInt128ToString(static_cast<UInt128>(value));
  return "-" + UInt128ToString(-static_cast<UInt128>(value));
}

Int128 ToInt128(int64_t upper, uint64_t lower) {
  return static_cast<Int128>((static_cast<UInt128>(static_cast<uint64_t>(upper)) << 64) | lower);
}

// Shortest round-trip digits, laid out as Python's repr (and DuckDB) does: positional for
// decimal exponents in [-4, 16) with at least one fractional digit, scientific otherwise.
template <typename Float>
std::string FormatFloating(Float value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  if (ec != std::errc()) return "nan";
  std::string_view text(buffer, static_cast<size_t>(end - buffer));
  std::string sign;
  if (text.front() == '-') {
    sign = "-";
    text.remove_prefix(1);
  }
  size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  std::string_view exponent_text = text.substr(e + 1);
  if (exponent_text.front() == '+') exponent_text.remove_prefix(1);
  std::from_chars(exponent_text.data(), exponent_text.data() + exponent_text.size(), exponent);
  std::string out;
  if (exponent < -4 || exponent >= 16) {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    int magnitude = std::abs(exponent);
    out += exponent < 0 ? "e-" : "e+";
    if (magnitude < 10) out += '0';
    out += std::to_string(magnitude);
  } else if (exponent >= 0) {
    size_t whole = static_cast<size_t>(exponent) + 1;
    if (digits.size() <= whole) {
      out = digits + std::string(whole - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, whole) + "." + digits.substr(whole);
    }
  } else {
    out = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
  }
  return sign + out;
}

std::string Pad(int64_t value, size_t width) {
  std::string text = std::to_string(value);
  if (text.size() < width) text.insert(0, width - text.size(), '0');
  return text;
}

// "YYYY-MM-DD"; the caller adds " (BC)" after it for years before 1.
std::string FormatDate(int32_t days, bool* bc) {
  duckdb_date_struct date = duckdb_from_date(duckdb_date{days});
  int64_t year = date.year;
  *bc = year <= 0;
  if (*bc) year = -year + 1;
  return Pad(year, 4) + "-" + Pad(date.month, 2) + "-" + Pad(date.day, 2);
}

// "HH:MM:SS" plus the fraction without trailing zeros; `fraction_digits` is 6 or 9.
std::string FormatTimeOfDay(int64_t units, int64_t units_per_second, size_t fraction_digits) {
  int64_t seconds = units / units_per_second;
  int64_t fraction = units % units_per_second;
  std::string out =
      Pad(seconds / 3600, 2) + ":" + Pad((seconds / 60) % 60, 2) + ":" + Pad(seconds % 60, 2);
  if (fraction != 0) {
    std::string digits = Pad(fraction, fraction_digits);
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

std::string FormatTimestamp(int64_t units, int64_t units_per_second, size_t fraction_digits) {
  if (units == std::numeric_limits<int64_t>::max()) return "infinity";
  if (units == -std::numeric_limits<int64_t>::max()) return "-infinity";
  int64_t units_per_day = units_per_second * 86400;
  int64_t days = units / units_per_day;
  int64_t rest = units % units_per_day;
  if (rest < 0) {
    rest += units_per_day;
    --days;
  }
  bool bc = false;
  std::string date = FormatDate(static_cast<int32_t>(days), &bc);
  return date + (bc ? " (BC) " : " ") + FormatTimeOfDay(rest, units_per_second, fraction_digits);
}

std::string FormatBlob(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 32 && byte <= 126 && c != '\\' && c != '\'' && c != '"') {
      out += c;
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

std::string FormatUuid(duckdb_hugeint value) {
  static constexpr char kHex[] = "0123456789abcdef";
  // DuckDB stores a UUID with its top bit flipped, so that signed order is byte order.
  uint64_t upper = static_cast<uint64_t>(value.upper) ^ (uint64_t{1} << 63);
  std::string hex;
  for (uint64_t half : {upper, value.lower}) {
    for (int shift = 60; shift >= 0; shift -= 4) hex += kHex[(half >> shift) & 15];
  }
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

uint64_t EnumIndex(duckdb_type storage, const Column& column, size_t row) {
  if (storage == DUCKDB_TYPE_UTINYINT) return At<uint8_t>(column, row);
  if (storage == DUCKDB_TYPE_USMALLINT) return At<uint16_t>(column, row);
  return At<uint32_t>(column, row);
}

}  // namespace

std::string Decimal::ToString() const {
  Int128 value = ToInt128(upper, lower);
  bool negative = value < 0;
  std::string digits =
      UInt128ToString(negative ? -static_cast<UInt128>(value) : static_cast<UInt128>(value));
  if (scale > 0) {
    if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
    digits.insert(digits.size() - scale, ".");
  }
  return negative ? "-" + digits : digits;
}

double Decimal::ToDouble() const {
  return static_cast<double>(ToInt128(upper, lower)) / std::pow(10.0, scale);
}

Result<std::optional<std::string>> Chunk::ToText(size_t row, size_t col) const {
  if (row >= impl_->rows || col >= impl_->columns.size()) {
    return Status::InvalidInput("ToText: cell (" + std::to_string(row) + ", " +
                                std::to_string(col) + ") is out of range");
  }
  if (IsNull(row, col)) return std::optional<std::string>();
  const internal::ColumnType& type = impl_->schema->types[col];
  const Column& column = impl_->columns[col];
  switch (type.id) {
    case DUCKDB_TYPE_BOOLEAN:
      return std::optional<std::string>(At<uint8_t>(column, row) != 0 ? "true" : "false");
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT: {
      ASSIGN_OR_RETURN(std::optional<int64_t> value, GetInt64(row, col));
      return std::optional<std::string>(std::to_string(*value));
    }
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT: {
      ASSIGN_OR_RETURN(std::optional<uint64_t> value, GetUInt64(row, col));
      return std::optional<std::string>(std::to_string(*value));
    }
    case DUCKDB_TYPE_HUGEINT: {
      auto value = At<duckdb_hugeint>(column, row);
      return std::optional<std::string>(Int128ToString(ToInt128(value.upper, value.lower)));
    }
    case DUCKDB_TYPE_UHUGEINT: {
      auto value = At<duckdb_uhugeint>(column, row);
      return std::optional<std::string>(
          UInt128ToString((static_cast<UInt128>(value.upper) << 64) | value.lower));
    }
    case DUCKDB_TYPE_FLOAT:
      return std::optional<std::string>(FormatFloating(At<float>(column, row)));
    case DUCKDB_TYPE_DOUBLE:
      return std::optional<std::string>(FormatFloating(At<double>(column, row)));
    case DUCKDB_TYPE_DECIMAL: {
      ASSIGN_OR_RETURN(std::optional<Decimal> value, GetDecimal(row, col));
      return std::optional<std::string>(value->ToString());
    }
    case DUCKDB_TYPE_VARCHAR: {
      ASSIGN_OR_RETURN(std::optional<std::string_view> value, GetString(row, col));
      return std::optional<std::string>(std::string(*value));
    }
    case DUCKDB_TYPE_BLOB: {
      ASSIGN_OR_RETURN(std::optional<std::string_view> value, GetString(row, col));
      return std::optional<std::string>(FormatBlob(*value));
    }
    case DUCKDB_TYPE_DATE: {
      int32_t days = At<int32_t>(column, row);
      if (days == std::numeric_limits<int32_t>::max())
        return std::optional<std::string>("infinity");
      if (days == -std::numeric_limits<int32_t>::max()) {
        return std::optional<std::string>("-infinity");
      }
      bool bc = false;
      std::string text = FormatDate(days, &bc);
      return std::optional<std::string>(bc ? text + " (BC)" : text);
    }
    case DUCKDB_TYPE_TIME:
      return std::optional<std::string>(FormatTimeOfDay(At<int64_t>(column, row), 1000000, 6));
    case DUCKDB_TYPE_TIMESTAMP:
      return std::optional<std::string>(FormatTimestamp(At<int64_t>(column, row), 1000000, 6));
    case DUCKDB_TYPE_TIMESTAMP_S:
      return std::optional<std::string>(FormatTimestamp(At<int64_t>(column, row), 1, 6));
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return std::optional<std::string>(FormatTimestamp(At<int64_t>(column, row), 1000, 3));
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return std::optional<std::string>(FormatTimestamp(At<int64_t>(column, row), 1000000000, 9));
    case DUCKDB_TYPE_UUID:
      return std::optional<std::string>(FormatUuid(At<duckdb_hugeint>(column, row)));
    case DUCKDB_TYPE_ENUM: {
      uint64_t index = EnumIndex(type.storage, column, row);
      if (index >= type.enum_values.size()) {
        return Status::Internal("ToText: enum index " + std::to_string(index) +
                                " out of range in column '" + impl_->schema->names[col] + "'");
      }
      return std::optional<std::string>(type.enum_values[index]);
    }
    default:
      return Status::InvalidInput("ToText: column " + std::to_string(col) + " ('" +
                                  impl_->schema->names[col] + "') has type " +
                                  impl_->schema->type_names[col] +
                                  ", which is not rendered here; CAST it to VARCHAR in SQL");
  }
}

}  // namespace sluice::engine
