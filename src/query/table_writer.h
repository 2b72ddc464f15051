// TableWriter: how CREATE TABLE AS and INSERT INTO put files into a table without anything
// half-written becoming visible. DuckDB writes the result (COPY ... TO, partitioned Hive-style)
// into a local staging folder; the files are then uploaded through the storage layer — straight
// to their final keys for a new table (no table sees that location before the catalog commit),
// or under a hidden staging prefix and moved into place for an existing table. Every object
// written is remembered so Abort() removes them all. Thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "engine/connection.h"
#include "query/table_scan.h"
#include "storage/storage_router.h"

namespace sluice::query {

struct OutputFormat {
  DataFormat kind = DataFormat::kParquet;
  std::string compression;         // parquet: snappy (default), gzip, zstd, none; text: gzip, none
  std::string delimiter = "\x01";  // text only
};

// A file DuckDB wrote: its path relative to the staging folder ("year=2024/q_0.parquet").
struct StagedFile {
  std::string relative;
  std::string local_path;
};

class TableWriter {
 public:
  TableWriter(const storage::StorageRouter& router, std::string staging_dir);
  ~TableWriter();  // removes the local staging folder (not the uploaded objects: see Abort)
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;

  // Runs COPY (sql) TO the staging folder; returns the rows written. `file_prefix` names the
  // files (<prefix>_<n>.<ext>). Errors: DuckDB's; InvalidInput for partitioned JSON.
  Result<uint64_t> Copy(engine::Connection& connection, const std::string& sql,
                        const OutputFormat& format, const std::vector<std::string>& partition_by,
                        const std::string& file_prefix, const engine::QueryOptions& options);
  // The files of the last Copy, in path order.
  Result<std::vector<StagedFile>> Files() const;

  // Uploads a staged file to `uri` (remembered for Abort).
  Status Upload(const StagedFile& file, const std::string& uri);
  // Copies the object `from` to `to` and deletes `from` (both remembered / forgotten).
  Status Move(const std::string& from, const std::string& to);
  // Deletes an object that belonged to the table before (INSERT OVERWRITE); not undone by Abort.
  Status Delete(const std::string& uri);
  // Removes every object this writer created. Best effort; returns the first error.
  Status Abort();
  // Forgets the created objects: they now belong to the table.
  void Commit() { created_.clear(); }

 private:
  const storage::StorageRouter& router_;
  std::string staging_dir_;
  std::vector<std::string> created_;
};

// The file extension DuckDB gives a format and compression (".parquet", ".csv.gz", ".json").
std::string OutputExtension(const OutputFormat& format);

}  // namespace sluice::query
