// Parquet schemas, read with DuckDB from a file's footer only.
//
// A crawler fetches the last bytes of a Parquet file (ParquetFooterLength tells how many), and
// ParquetStub turns them into a tiny stand-alone file — "PAR1" + the footer — whose metadata
// DuckDB reads as it would the whole file's, so a remote file costs two ranged reads, whatever
// its size. Column types are mapped from DuckDB's to Glue's (FromDuckDbType).
// Thread-safe: each call opens its own in-memory DuckDB connection on `db`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "engine/duckdb_engine.h"
#include "formats/glue_type.h"

namespace sluice::formats {

// From the last 8 bytes of a file (footer length + "PAR1"): how many bytes to fetch from the
// end (footer + 8). InvalidInput when they do not end a Parquet file.
Result<uint64_t> ParquetTailLength(std::string_view last8, uint64_t file_size);

// "PAR1" + tail: a file DuckDB can read the metadata of.
std::string ParquetStub(std::string_view tail);

struct ParquetSchema {
  std::vector<Column> columns;
  uint64_t rows = 0;
};

// Reads the schema and row count of the Parquet file at `path` (a stub or a whole file).
Result<ParquetSchema> ReadParquetSchema(engine::Database& db, const std::string& path);

// DuckDB's type name ("BIGINT", "DECIMAL(10,2)", "STRUCT(a INTEGER, b VARCHAR[])", ...) as a
// Glue type. Types Glue has no word for (UUID, INTERVAL, ...) become string.
GlueType FromDuckDbType(std::string_view type);

}  // namespace sluice::formats
