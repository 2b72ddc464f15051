// Query results in the output location, as Athena keeps them: <id>.csv (result_csv.h) written
// atomically while the result streams, <id>.csv.metadata (here JSON: the ColumnInfo list), and
// GetQueryResults pages read back from the CSV with ranged reads.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/paging.h"
#include "common/result.h"
#include "query/result_csv.h"
#include "storage/object_store.h"
#include "storage/storage_router.h"

namespace sluice::query {

// Streams rows into the result object; nothing is visible until Commit.
class ResultWriter {
 public:
  // Errors: the router's and the store's, naming the location.
  static Result<std::unique_ptr<ResultWriter>> Open(const storage::StorageRouter& router,
                                                    const std::string& csv_uri);
  Status Add(const CsvRow& row);
  // Publishes the CSV, then its metadata object. Returns the rows written.
  Result<uint64_t> Commit(const nlohmann::json& column_info);

 private:
  ResultWriter(const storage::StorageRouter& router, std::string uri,
               std::unique_ptr<storage::ObjectWriter> writer)
      : router_(router), uri_(std::move(uri)), writer_(std::move(writer)) {}
  Status Flush();

  const storage::StorageRouter& router_;
  std::string uri_;
  std::unique_ptr<storage::ObjectWriter> writer_;
  std::string buffer_;
  uint64_t rows_ = 0;
};

// Athena's ColumnInfo for result columns given DuckDB's types.
nlohmann::json ColumnInfo(const std::vector<std::string>& names,
                          const std::vector<std::string>& duckdb_types);

// GetQueryResults' output for a SUCCEEDED execution document. The first page of a SELECT
// starts with the header row, as Athena's does. InvalidInput for a bad token.
Result<nlohmann::json> ReadResultPage(const storage::StorageRouter& router,
                                      const nlohmann::json& execution,
                                      const catalog::PageRequest& page);

}  // namespace sluice::query
