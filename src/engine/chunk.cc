#include "engine/chunk.h"

#include <cstring>
#include <limits>
#include <string>

#include "engine/internal.h"

namespace sluice::engine {
namespace {

using Column = Chunk::Impl::Column;

template <typename T>
T At(const Column& column, size_t row) {
  T value;
  std::memcpy(&value, static_cast<const char*>(column.data) + row * sizeof(T), sizeof(T));
  return value;
}

bool IsSignedInteger(duckdb_type id) {
  return id == DUCKDB_TYPE_TINYINT || id == DUCKDB_TYPE_SMALLINT || id == DUCKDB_TYPE_INTEGER ||
         id == DUCKDB_TYPE_BIGINT;
}

bool IsUnsignedInteger(duckdb_type id) {
  return id == DUCKDB_TYPE_UTINYINT || id == DUCKDB_TYPE_USMALLINT || id == DUCKDB_TYPE_UINTEGER ||
         id == DUCKDB_TYPE_UBIGINT;
}

int64_t SignedAt(duckdb_type id, const Column& column, size_t row) {
  switch (id) {
    case DUCKDB_TYPE_TINYINT:
      return At<int8_t>(column, row);
    case DUCKDB_TYPE_SMALLINT:
      return At<int16_t>(column, row);
    case DUCKDB_TYPE_INTEGER:
      return At<int32_t>(column, row);
    default:
      return At<int64_t>(column, row);
  }
}

uint64_t UnsignedAt(duckdb_type id, const Column& column, size_t row) {
  switch (id) {
    case DUCKDB_TYPE_UTINYINT:
      return At<uint8_t>(column, row);
    case DUCKDB_TYPE_USMALLINT:
      return At<uint16_t>(column, row);
    case DUCKDB_TYPE_UINTEGER:
      return At<uint32_t>(column, row);
    default:
      return At<uint64_t>(column, row);
  }
}

// The type of the column of cell (row, col). Errors: InvalidInput when the cell is out of range.
Result<duckdb_type> CellType(const Chunk::Impl& impl, size_t row, size_t col,
                             std::string_view getter) {
  if (row >= impl.rows || col >= impl.columns.size()) {
    return Status::InvalidInput(std::string(getter) + ": cell (" + std::to_string(row) + ", " +
                                std::to_string(col) + ") is out of range (" +
                                std::to_string(impl.rows) + " rows, " +
                                std::to_string(impl.columns.size()) + " columns)");
  }
  return impl.schema->types[col].id;
}

Status WrongType(const Chunk::Impl& impl, size_t col, std::string_view getter,
                 std::string_view wanted) {
  return Status::InvalidInput(std::string(getter) + ": column " + std::to_string(col) + " ('" +
                              impl.schema->names[col] + "') is " + impl.schema->type_names[col] +
                              ", not " + std::string(wanted));
}

}  // namespace

Chunk::Chunk(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Chunk::~Chunk() = default;
Chunk::Chunk(Chunk&&) noexcept = default;
Chunk& Chunk::operator=(Chunk&&) noexcept = default;

size_t Chunk::row_count() const { return impl_->rows; }
size_t Chunk::column_count() const { return impl_->columns.size(); }

bool Chunk::IsNull(size_t row, size_t col) const {
  if (row >= impl_->rows || col >= impl_->columns.size()) return false;
  const uint64_t* validity = impl_->columns[col].validity;
  return validity != nullptr && ((validity[row / 64] >> (row % 64)) & 1) == 0;
}

Result<std::optional<bool>> Chunk::GetBool(size_t row, size_t col) const {
  ASSIGN_OR_RETURN(duckdb_type id, CellType(*impl_, row, col, "GetBool"));
  if (!(id == DUCKDB_TYPE_BOOLEAN)) return WrongType(*impl_, col, "GetBool", "BOOLEAN");
  if (IsNull(row, col)) return std::optional<bool>();
  return std::optional<bool>(At<uint8_t>(impl_->columns[col], row) != 0);
}

Result<std::optional<int64_t>> Chunk::GetInt64(size_t row, size_t col) const {
  ASSIGN_OR_RETURN(duckdb_type id, CellType(*impl_, row, col, "GetInt64"));
  if (!(IsSignedInteger(id) || IsUnsignedInteger(id)))
    return WrongType(*impl_, col, "GetInt64", "an integer");
  if (IsNull(row, col)) return std::optional<int64_t>();
  const Column& column = impl_->columns[col];
  if (IsSignedInteger(id)) return std::optional<int64_t>(SignedAt(id, column, row));
  uint64_t value = UnsignedAt(id, column, row);
  if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return Status::InvalidInput("GetInt64: " + std::to_string(value) + " in column '" +
                                impl_->schema->names[col] + "' does not fit; use GetUInt64");
  }
  return std::optional<int64_t>(static_cast<int64_t>(value));
}

Result<std::optional<uint64_t>> Chunk::GetUInt64(size_t row, size_t col) const {
  ASSIGN_OR_RETURN(duckdb_type id, CellType(*impl_, row, col, "GetUInt64"));
  if (!(IsSignedInteger(id) || IsUnsignedInteger(id)))
    return WrongType(*impl_, col, "GetUInt64", "an integer");
  if (IsNull(row, col)) return std::optional<uint64_t>();
  const Column& column = impl_->columns[col];
  if (IsUnsignedInteger(id)) return std::optional<uint64_t>(UnsignedAt(id, column, row));
  int64_t value = SignedAt(id, column, row);
  if (value < 0) {
    return Status::InvalidInput("GetUInt64: " + std::to_string(value) + " in column '" +
                                impl_->schema->names[col] + "' is negative; use GetInt64");
  }
  return std::optional<uint64_t>(static_cast<uint64_t>(value));
}

Result<std::optional<double>> Chunk::GetDouble(size_t row, size_t col) const {
  ASSIGN_OR_RETURN(duckdb_type id, CellType(*impl_, row, col, "GetDouble"));
  if (!(id == DUCKDB_TYPE_FLOAT || id == DUCKDB_TYPE_DOUBLE))
    return WrongType(*impl_, col, "GetDouble", "FLOAT or DOUBLE");
  if (IsNull(row, col)) return std::optional<double>();
  const Column& column = impl_->columns[col];
  if (id == DUCKDB_TYPE_FLOAT) return std::optional<double>(At<float>(column, row));
  return std::optional<double>(At<double>(column, row));
}

Result<std::optional<std::string_view>> Chunk::GetString(size_t row, size_t col) const {
  ASSIGN_OR_RETURN(duckdb_type id, CellType(*impl_, row, col, "GetString"));
  if (!(id == DUCKDB_TYPE_VARCHAR || id == DUCKDB_TYPE_BLOB))
    return WrongType(*impl_, col, "GetString", "VARCHAR or BLOB");
  if (IsNull(row, col)) return std::optional<std::string_view>();
  // The address inside the vector, not a copy: short strings are stored inline.
  auto* strings = static_cast<duckdb_string_t*>(const_cast<void*>(impl_->columns[col].data));
  duckdb_string_t* value = strings + row;
  return std::optional<std::string_view>(
      std::string_view(duckdb_string_t_data(value), duckdb_string_t_length(*value)));
}

Result<std::optional<Date>> Chunk::GetDate(size_t row, size_t col) const {
  ASSIGN_OR_RETURN(duckdb_type id, CellType(*impl_, row, col, "GetDate"));
  if (!(id == DUCKDB_TYPE_DATE)) return WrongType(*impl_, col, "GetDate", "DATE");
  if (IsNull(row, col)) return std::optional<Date>();
  return std::optional<Date>(Date{At<int32_t>(impl_->columns[col], row)});
}

Result<std::optional<Timestamp>> Chunk::GetTimestamp(size_t row, size_t col) const {
  ASSIGN_OR_RETURN(duckdb_type id, CellType(*impl_, row, col, "GetTimestamp"));
  if (!(id == DUCKDB_TYPE_TIMESTAMP || id == DUCKDB_TYPE_TIMESTAMP_S ||
        id == DUCKDB_TYPE_TIMESTAMP_MS || id == DUCKDB_TYPE_TIMESTAMP_NS ||
        id == DUCKDB_TYPE_TIMESTAMP_TZ))
    return WrongType(*impl_, col, "GetTimestamp", "a TIMESTAMP");
  if (IsNull(row, col)) return std::optional<Timestamp>();
  int64_t raw = At<int64_t>(impl_->columns[col], row);
  int64_t micros = raw;
  if (id == DUCKDB_TYPE_TIMESTAMP_S) micros = raw * 1000000;
  if (id == DUCKDB_TYPE_TIMESTAMP_MS) micros = raw * 1000;
  if (id == DUCKDB_TYPE_TIMESTAMP_NS) micros = raw / 1000;
  return std::optional<Timestamp>(Timestamp{micros});
}

Result<std::optional<Decimal>> Chunk::GetDecimal(size_t row, size_t col) const {
  ASSIGN_OR_RETURN(duckdb_type id, CellType(*impl_, row, col, "GetDecimal"));
  if (!(id == DUCKDB_TYPE_DECIMAL)) return WrongType(*impl_, col, "GetDecimal", "DECIMAL");
  if (IsNull(row, col)) return std::optional<Decimal>();
  const internal::ColumnType& type = impl_->schema->types[col];
  const Column& column = impl_->columns[col];
  Decimal out;
  out.width = type.width;
  out.scale = type.scale;
  if (type.storage == DUCKDB_TYPE_HUGEINT) {
    auto value = At<duckdb_hugeint>(column, row);
    out.upper = value.upper;
    out.lower = value.lower;
  } else {
    int64_t value = SignedAt(type.storage, column, row);
    out.upper = value < 0 ? -1 : 0;
    out.lower = static_cast<uint64_t>(value);
  }
  return std::optional<Decimal>(out);
}

}  // namespace sluice::engine
