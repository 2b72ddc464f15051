// QueryExecutions: Athena's query lifecycle on DuckDB. A started query is recorded QUEUED in the
// metastore, runs on a worker (RUNNING), and ends SUCCEEDED, FAILED or CANCELLED; its result is
// written to the output location as <QueryExecutionId>.csv (Athena's CSV) and
// <QueryExecutionId>.csv.metadata (JSON: the column info), and GetQueryResults pages through
// that object. Executions are the botocore QueryExecution documents.
//
// Thread-safe. Destroying it cancels running queries and waits for the workers. Executions left
// QUEUED or RUNNING by a previous process are marked FAILED when it is created.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/paging.h"
#include "common/result.h"
#include "engine/connection.h"
#include "engine/database.h"
#include "engine/pool.h"
#include "metastore/metastore.h"
#include "query/query_binder.h"
#include "query/workgroups.h"
#include "storage/storage_router.h"

namespace sluice::query {

struct QueryExecutionsOptions {
  std::string scratch_dir;              // copies of objects without a local file, per query
  std::string default_output_location;  // used when neither the request nor the workgroup has one
  std::string cache_dir;                // local copies of external buckets' objects ("" = none)
  uint64_t cache_bytes = 2ull << 30;    // the cache's bound
  size_t workers = 4;                   // queries running at once; the rest wait QUEUED
  engine::DatabaseOptions engine;       // DuckDB memory limit, threads, spill directory
  std::chrono::milliseconds timeout = std::chrono::minutes(30);  // per query, as Athena's default
};

struct StartRequest {
  std::string query;
  std::string database;                        // QueryExecutionContext.Database ("" = none)
  std::optional<std::string> output_location;  // ResultConfiguration.OutputLocation
  std::string workgroup = "primary";
  std::vector<std::string> parameters;  // ExecutionParameters: SQL literals for the '?'s
  std::optional<std::string> client_request_token;
};

class QueryExecutions {
 public:
  static Result<std::unique_ptr<QueryExecutions>> Create(metastore::Metastore& store,
                                                         catalog::Catalog& catalog,
                                                         const storage::StorageRouter& router,
                                                         WorkGroups& workgroups,
                                                         QueryExecutionsOptions options);
  ~QueryExecutions();
  QueryExecutions(const QueryExecutions&) = delete;
  QueryExecutions& operator=(const QueryExecutions&) = delete;

  // Records the query and queues it; returns its id. A repeated ClientRequestToken returns the
  // first id. Errors: NotFound/InvalidInput for the workgroup (missing, disabled), InvalidInput
  // when no output location is known.
  Result<std::string> Start(const StartRequest& request);
  // The QueryExecution document. NotFound ("QueryExecution <id> was not found").
  Result<nlohmann::json> Get(const std::string& id);
  // GetQueryResults' output: ResultSet {Rows, ResultSetMetadata}, UpdateCount, NextToken.
  // InvalidInput while the query has not SUCCEEDED ("Query has not yet finished. Current state:
  // RUNNING"), or for a bad token.
  Result<nlohmann::json> Results(const std::string& id, const catalog::PageRequest& page);
  // Cancels a queued or running query (no effect on a finished one). NotFound when unknown.
  Status Stop(const std::string& id);
  // Ids of the workgroup's executions, newest first.
  Result<catalog::Page> List(const std::string& workgroup, const catalog::PageRequest& page);

 private:
  QueryExecutions(metastore::Metastore& store, catalog::Catalog& catalog,
                  const storage::StorageRouter& router, WorkGroups& workgroups,
                  QueryExecutionsOptions options);
  void WorkerLoop();
  void Execute(const std::string& id);
  // Runs the statement of `doc` on `connection`, writing its result; fills doc's statistics.
  Status RunStatement(engine::Connection& connection, nlohmann::json& doc);
  Status RunQuery(engine::Connection& connection, const std::string& sql, nlohmann::json& doc);
  Status StreamResult(engine::Connection& connection, const BoundQuery& bound, nlohmann::json& doc);
  Status SaveDoc(const nlohmann::json& doc);
  // Whether StopQueryExecution asked for this execution to stop.
  bool Cancelled(const std::string& id);
  Result<nlohmann::json> LoadDoc(const std::string& id);

  metastore::Metastore& store_;
  catalog::Catalog& catalog_;
  const storage::StorageRouter& router_;
  WorkGroups& workgroups_;
  QueryExecutionsOptions options_;
  std::unique_ptr<engine::Database> database_;
  std::unique_ptr<engine::ConnectionPool> pool_;
  std::unique_ptr<ObjectCache> cache_;
  std::unique_ptr<QueryBinder> binder_;

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::string> queue_;                       // GUARDED_BY(mu_)
  std::map<std::string, engine::Connection*> running_;  // GUARDED_BY(mu_)
  std::set<std::string> cancelled_;                     // GUARDED_BY(mu_)
  std::map<std::string, std::pair<std::string, std::string>>
      tokens_;             // GUARDED_BY(mu_): token → (id, query)
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::vector<std::thread> workers_;
};

}  // namespace sluice::query
