#include "query/query_executions.h"

#include "common/ids.h"
#include "common/logging.h"
#include "common/time.h"
#include "engine/athena_functions.h"
#include "engine/prepared.h"
#include "engine/result_stream.h"
#include "query/athena_statement.h"
#include "query/duckdb_types.h"
#include "query/execution_doc.h"
#include "query/query_results.h"

namespace sluice::query {

using nlohmann::json;

namespace {

bool IsFinal(const std::string& state) {
  return state == "SUCCEEDED" || state == "FAILED" || state == "CANCELLED";
}

std::string StatementType(const AthenaStatement& statement) {
  if (std::holds_alternative<Query>(statement) ||
      std::holds_alternative<CreateTableAs>(statement) ||
      std::holds_alternative<InsertInto>(statement)) {
    return "DML";
  }
  if (std::holds_alternative<Describe>(statement) ||
      std::holds_alternative<ShowTables>(statement) ||
      std::holds_alternative<ShowDatabases>(statement) ||
      std::holds_alternative<ShowPartitions>(statement) ||
      std::holds_alternative<ShowColumns>(statement) ||
      std::holds_alternative<ShowCreateTable>(statement) ||
      std::holds_alternative<ShowTblProperties>(statement)) {
    return "UTILITY";
  }
  return "DDL";
}

// Private members of a stored document (not part of the API shape) start with "_Sluice".
json PublicDoc(json doc) {
  for (auto it = doc.begin(); it != doc.end();) {
    if (it.key().rfind("_Sluice", 0) == 0) {
      it = doc.erase(it);
    } else {
      ++it;
    }
  }
  return doc;
}

}  // namespace

QueryExecutions::QueryExecutions(metastore::Metastore& store, catalog::Catalog& catalog,
                                 const storage::StorageRouter& router, WorkGroups& workgroups,
                                 QueryExecutionsOptions options)
    : store_(store),
      catalog_(catalog),
      router_(router),
      workgroups_(workgroups),
      options_(std::move(options)) {}

Result<std::unique_ptr<QueryExecutions>> QueryExecutions::Create(
    metastore::Metastore& store, catalog::Catalog& catalog, const storage::StorageRouter& router,
    WorkGroups& workgroups, QueryExecutionsOptions options) {
  if (options.workers == 0) options.workers = 1;
  std::unique_ptr<QueryExecutions> self(
      new QueryExecutions(store, catalog, router, workgroups, std::move(options)));
  ASSIGN_OR_RETURN(self->database_, engine::Database::Open("", self->options_.engine));
  ASSIGN_OR_RETURN(self->pool_,
                   engine::ConnectionPool::Create(*self->database_, self->options_.workers));
  std::vector<engine::ConnectionPool::Lease> leases;
  {
    // Athena's functions (engine/athena_functions.h) as macros in the shared database, and UTC
    // for every connection, as Athena's sessions are.
    ASSIGN_OR_RETURN(auto lease, self->pool_->Acquire());
    RETURN_NOT_OK(lease->Query(engine::AthenaCompatibilitySql()).status());
  }
  for (size_t i = 0; i < self->options_.workers; ++i) {
    ASSIGN_OR_RETURN(auto lease, self->pool_->Acquire());
    // Trino's `/` on integers is integer division.
    RETURN_NOT_OK(lease->Query("SET TimeZone = 'UTC'; SET integer_division = true").status());
    leases.push_back(std::move(lease));
  }
  leases.clear();
  if (!self->options_.cache_dir.empty()) {
    self->cache_ =
        std::make_unique<ObjectCache>(self->options_.cache_dir, self->options_.cache_bytes);
  }
  self->binder_ = std::make_unique<QueryBinder>(catalog, router, self->options_.scratch_dir,
                                                self->cache_.get());

  // Executions a previous process left unfinished cannot resume: they failed.
  std::vector<std::string> stale;
  RETURN_NOT_OK(store.Read([&](metastore::Session& s) {
    return s.Query("SELECT doc FROM athena_query_executions WHERE state IN ('QUEUED', 'RUNNING')",
                   {}, [&](const metastore::Row& row) {
                     stale.emplace_back(row.Text(0));
                     return true;
                   });
  }));
  for (const std::string& text : stale) {
    json doc = json::parse(text, nullptr, false);
    if (!doc.is_object()) continue;
    SetFinalState(doc, "FAILED", "the server stopped while this query ran; run it again",
                  ErrorCategory::kSystem);
    RETURN_NOT_OK(self->SaveDoc(doc));
  }
  for (size_t i = 0; i < self->options_.workers; ++i) {
    self->workers_.emplace_back([raw = self.get()] { raw->WorkerLoop(); });
  }
  return self;
}

QueryExecutions::~QueryExecutions() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    for (auto& [id, connection] : running_) connection->Interrupt();
  }
  changed_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

Status QueryExecutions::SaveDoc(const json& doc) {
  std::string id = doc.value("QueryExecutionId", "");
  std::string workgroup = doc.value("WorkGroup", "primary");
  std::string state = doc["Status"].value("State", "QUEUED");
  auto submitted = static_cast<int64_t>(doc["Status"].value("SubmissionDateTime", 0.0) * 1000);
  std::string text = doc.dump(-1, ' ', false, json::error_handler_t::replace);
  return store_.Write([&](metastore::Session& s) -> Status {
    RETURN_NOT_OK(s.Execute("DELETE FROM athena_query_executions WHERE query_execution_id = ?",
                            {std::string_view(id)}));
    return s.Execute(
        "INSERT INTO athena_query_executions (query_execution_id, workgroup, submitted_ms, state, "
        "doc) VALUES (?, ?, ?, ?, ?)",
        {std::string_view(id), std::string_view(workgroup), submitted, std::string_view(state),
         std::string_view(text)});
  });
}

Result<json> QueryExecutions::LoadDoc(const std::string& id) {
  std::optional<std::string> text;
  RETURN_NOT_OK(store_.Read([&](metastore::Session& s) {
    return s.Query("SELECT doc FROM athena_query_executions WHERE query_execution_id = ?",
                   {std::string_view(id)}, [&](const metastore::Row& row) {
                     text = std::string(row.Text(0));
                     return false;
                   });
  }));
  if (!text) return Status::NotFound("QueryExecution " + id + " was not found");
  json doc = json::parse(*text, nullptr, false);
  if (!doc.is_object()) return Status::Internal("the stored execution " + id + " is unreadable");
  return doc;
}

Result<std::string> QueryExecutions::Start(const StartRequest& request) {
  if (request.client_request_token) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tokens_.find(*request.client_request_token);
    if (it != tokens_.end()) {
      if (it->second.second != request.query) {
        return Status::InvalidInput(
            "Idempotent parameters do not match: ClientRequestToken was used for another query");
      }
      return it->second.first;
    }
  }
  ASSIGN_OR_RETURN(WorkGroupSettings settings, workgroups_.Resolve(request.workgroup));
  if (!settings.enabled) {
    return Status::InvalidInput("WorkGroup " + settings.name + " is disabled.");
  }
  std::optional<std::string> location = request.output_location;
  if (settings.output_location && (settings.enforce_configuration || !location)) {
    location = settings.output_location;
  }
  if (!location) location = options_.default_output_location;
  if (location->empty()) {
    return Status::InvalidInput(
        "No output location provided. An output location is required either through the "
        "Workgroup result configuration setting or as an API input.");
  }
  if (location->back() != '/') *location += '/';
  RETURN_NOT_OK(router_.Resolve(*location).status());

  auto statement = ParseAthenaStatement(request.query);
  std::string id = NewUuid();
  json doc = {
      {"QueryExecutionId", id},
      {"Query", request.query},
      {"StatementType", statement.ok() ? StatementType(*statement) : "DML"},
      {"ResultConfiguration", {{"OutputLocation", *location + id + ".csv"}}},
      {"ResultReuseConfiguration", {{"ResultReuseByAgeConfiguration", {{"Enabled", false}}}}},
      {"QueryExecutionContext", {{"Catalog", "awsdatacatalog"}}},
      {"Status", {{"State", "QUEUED"}, {"SubmissionDateTime", NowEpochSeconds()}}},
      {"Statistics", {{"DataScannedInBytes", 0}, {"EngineExecutionTimeInMillis", 0}}},
      {"WorkGroup", settings.name},
      {"EngineVersion",
       {{"SelectedEngineVersion", "AUTO"}, {"EffectiveEngineVersion", "Athena engine version 3"}}},
  };
  if (!request.database.empty()) doc["QueryExecutionContext"]["Database"] = request.database;
  if (!request.parameters.empty()) doc["ExecutionParameters"] = request.parameters;
  if (settings.bytes_scanned_cutoff) doc["_SluiceBytesCutoff"] = *settings.bytes_scanned_cutoff;
  RETURN_NOT_OK(SaveDoc(doc));
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (request.client_request_token) {
      tokens_[*request.client_request_token] = {id, request.query};
    }
    queue_.push_back(id);
  }
  changed_.notify_all();
  return id;
}

Result<json> QueryExecutions::Get(const std::string& id) {
  ASSIGN_OR_RETURN(json doc, LoadDoc(id));
  return PublicDoc(std::move(doc));
}

Status QueryExecutions::Stop(const std::string& id) {
  ASSIGN_OR_RETURN(json doc, LoadDoc(id));
  if (IsFinal(doc["Status"].value("State", ""))) return Status::OK();
  std::lock_guard<std::mutex> lock(mu_);
  cancelled_.insert(id);
  auto running = running_.find(id);
  if (running != running_.end()) running->second->Interrupt();
  changed_.notify_all();
  return Status::OK();
}

bool QueryExecutions::Cancelled(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  return cancelled_.count(id) > 0;
}

Result<catalog::Page> QueryExecutions::List(const std::string& workgroup,
                                            const catalog::PageRequest& page) {
  int64_t offset = 0;
  if (page.next_token) {
    ASSIGN_OR_RETURN(json cursor, catalog::ReadToken("queries", *page.next_token));
    if (!cursor.is_number_integer()) return Status::InvalidInput("Invalid NextToken");
    offset = cursor.get<int64_t>();
  }
  catalog::Page out;
  int64_t index = 0;
  RETURN_NOT_OK(store_.Read([&](metastore::Session& s) {
    return s.Query(
        "SELECT query_execution_id FROM athena_query_executions WHERE workgroup = ? "
        "ORDER BY submitted_ms DESC, query_execution_id LIMIT ? OFFSET ?",
        {std::string_view(workgroup), int64_t{page.max_results} + 1, offset},
        [&](const metastore::Row& row) {
          if (index++ < page.max_results) out.items.emplace_back(row.Text(0));
          return true;
        });
  }));
  if (index > page.max_results) {
    out.next_token = catalog::MakeToken("queries", offset + page.max_results);
  }
  return out;
}

Result<json> QueryExecutions::Results(const std::string& id, const catalog::PageRequest& page) {
  ASSIGN_OR_RETURN(json doc, LoadDoc(id));
  std::string state = doc["Status"].value("State", "");
  if (state == "QUEUED" || state == "RUNNING") {
    return Status::InvalidInput("Query has not yet finished. Current state: " + state);
  }
  if (state != "SUCCEEDED") {
    return Status::InvalidInput("Query did not finish successfully. Final query state: " + state);
  }
  return ReadResultPage(router_, doc, page);
}

void QueryExecutions::WorkerLoop() {
  while (true) {
    std::string id;
    {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = queue_.front();
      queue_.pop_front();
    }
    Execute(id);
    changed_.notify_all();
  }
}

}  // namespace sluice::query
