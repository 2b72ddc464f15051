// The one mapping between the catalog's type language (Glue/Hive type strings) and DuckDB's SQL
// types, in both directions, and the names Athena gives types in query results.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "formats/glue_type.h"

namespace sluice::query {

// DuckDB's spelling of a Glue type, for CAST and read_* column lists: bigint → BIGINT,
// string/varchar(n)/char(n) → VARCHAR, array<T> → T[], map<K,V> → MAP(K, V),
// struct<a:T> → STRUCT("a" T), decimal(p,s) → DECIMAL(p,s), binary → BLOB.
std::string DuckDbType(const formats::GlueType& type);
// Parses the Glue type string first: InvalidInput naming the column's type when it does not parse.
Result<std::string> DuckDbTypeOf(std::string_view glue_type);

// The Glue type for a DuckDB result column type (DuckDB's type name as DESCRIBE prints it), for
// tables written by CTAS: INTEGER → int, VARCHAR → string, TIMESTAMP WITH TIME ZONE → timestamp,
// HUGEINT → decimal(38,0), INTEGER[] → array<int>, STRUCT(a INTEGER) → struct<a:int>.
// InvalidInput for types Glue cannot hold (e.g. UNION), naming the type.
Result<std::string> GlueTypeOfDuckDb(std::string_view duckdb_type);

// The type names Athena reports in ColumnInfo.Type: "varchar", "bigint", "integer", "double",
// "boolean", "date", "timestamp", "decimal", "array", "map", "row", "varbinary", ...
std::string AthenaTypeName(std::string_view duckdb_type);

}  // namespace sluice::query
