// TableScan: the DuckDB SQL that reads one catalog table — its format and options from the
// table's (or partition's) StorageDescriptor, its columns typed as the catalog says, and its
// partition keys as constants per partition — over files opened by ScanFiles.
//
// Partitions become UNION ALL branches, so a filter on a partition key also lets DuckDB drop
// whole branches. Schema drift is absorbed per format: CSV maps columns by position and pads
// missing trailing ones with NULL (as Hive's text SerDes do); Parquet and JSON map by name and
// give NULL for a missing column; every value is cast to the table's type. Pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "query/scan_files.h"

namespace sluice::query {

enum class DataFormat { kCsv, kJson, kParquet };

struct TableFormat {
  DataFormat kind = DataFormat::kCsv;
  std::string delimiter = ",";
  std::string quote;   // "" = no quoting (LazySimpleSerDe)
  std::string escape;  // "" = none
  int skip_header_lines = 0;
  std::string compression;  // the table's compressionType: used for files without an extension
};

// The format of a StorageDescriptor (Glue JSON) with the table's Parameters. InvalidInput naming
// the SerDe or classification for formats Sluice cannot read yet (ORC, Avro, XML, logs).
Result<TableFormat> FormatOf(const nlohmann::json& storage_descriptor,
                             const nlohmann::json& table_parameters);

struct ScanColumn {
  std::string name;         // lowercased catalog name
  std::string duckdb_type;  // from DuckDbType
};

// One partition's (or the unpartitioned table's) files and values.
struct ScanBranch {
  TableFormat format;
  std::vector<ScanFile> files;
  std::vector<std::optional<std::string>> partition_values;  // nullopt = NULL
};

// The SQL of a relation with `columns` then `partition_keys`. Errors: InvalidInput for a
// compression DuckDB cannot read (bzip2, lz4, snappy), naming the file.
// `lenient`: values that do not convert to the column's type become NULL (as Hive's SerDes
// read them) instead of failing the query; text is then read as VARCHAR (JSON as JSON) and
// converted with TRY_CAST, which is slower, so the binder uses it only after a conversion error.
Result<std::string> TableScanSql(const std::vector<ScanColumn>& columns,
                                 const std::vector<ScanColumn>& partition_keys,
                                 const std::vector<ScanBranch>& branches, bool lenient = false);

// A SQL string literal: 'it''s'.
std::string SqlString(std::string_view text);
// A SQL identifier: "a""b".
std::string SqlIdentifier(std::string_view name);

}  // namespace sluice::query
