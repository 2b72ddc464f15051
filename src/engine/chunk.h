// Chunk: one batch of rows (up to DuckDB's vector size, 2048) from a ResultStream.
//
// Owns its data: valid after the stream moves on or is destroyed. Immutable, so const access
// is thread-safe. Typed getters return std::nullopt for NULL, and InvalidInput for a row or
// column out of range or a column whose type the getter does not read.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace sluice::engine {

struct Date {
  int32_t days_since_epoch = 0;  // 1970-01-01 is 0
  bool operator==(const Date&) const = default;
};

struct Timestamp {
  int64_t micros_since_epoch = 0;  // UTC for TIMESTAMP WITH TIME ZONE
  bool operator==(const Timestamp&) const = default;
};

// A DECIMAL(width, scale) value: unscaled 128-bit integer (upper:lower, two's complement).
struct Decimal {
  int64_t upper = 0;
  uint64_t lower = 0;
  uint8_t width = 0;
  uint8_t scale = 0;
  std::string ToString() const;  // as DuckDB renders it: "-12.50"
  double ToDouble() const;
};

class Chunk {
 public:
  ~Chunk();
  Chunk(Chunk&&) noexcept;
  Chunk& operator=(Chunk&&) noexcept;

  size_t row_count() const;
  size_t column_count() const;
  bool IsNull(size_t row, size_t col) const;  // false when out of range

  Result<std::optional<bool>> GetBool(size_t row, size_t col) const;
  // Any integer column whose value fits (TINYINT..BIGINT, UTINYINT..UBIGINT).
  Result<std::optional<int64_t>> GetInt64(size_t row, size_t col) const;
  Result<std::optional<uint64_t>> GetUInt64(size_t row, size_t col) const;
  // FLOAT or DOUBLE.
  Result<std::optional<double>> GetDouble(size_t row, size_t col) const;
  // VARCHAR (or BLOB bytes); the view is valid while this Chunk lives.
  Result<std::optional<std::string_view>> GetString(size_t row, size_t col) const;
  Result<std::optional<Date>> GetDate(size_t row, size_t col) const;
  // TIMESTAMP, TIMESTAMP_S/_MS/_NS (nanoseconds truncated) and TIMESTAMP WITH TIME ZONE.
  Result<std::optional<Timestamp>> GetTimestamp(size_t row, size_t col) const;
  Result<std::optional<Decimal>> GetDecimal(size_t row, size_t col) const;

  // The value as DuckDB's CAST(... AS VARCHAR) renders it. Covers booleans, all integers,
  // FLOAT/DOUBLE, DECIMAL, VARCHAR, BLOB, DATE, TIME, TIMESTAMP (s/ms/us/ns), UUID and ENUM;
  // other types (nested, INTERVAL, time zones) → InvalidInput: cast them in SQL.
  Result<std::optional<std::string>> ToText(size_t row, size_t col) const;

  struct Impl;  // defined in engine/internal.h
  explicit Chunk(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::engine
