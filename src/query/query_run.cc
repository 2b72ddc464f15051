// QueryExecutions: running one execution on a worker (see query_executions.h).
#include <charconv>
#include <chrono>
#include <cmath>

#include "common/logging.h"
#include "common/time.h"
#include "engine/prepared.h"
#include "engine/result_stream.h"
#include "query/athena_statement.h"
#include "query/ddl_runner.h"
#include "query/error_text.h"
#include "query/execution_doc.h"
#include "query/query_executions.h"
#include "query/query_results.h"
#include "query/write_statements.h"

namespace sluice::query {

using nlohmann::json;

namespace {

int64_t MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

// An ExecutionParameters entry is a SQL literal: 'text', a number, true/false or NULL.
Result<engine::ParamValue> ParameterValue(const std::string& literal) {
  std::string text = literal;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  text = text.substr(start);
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    std::string value;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
      if (text[i] == '\'' && i + 2 < text.size() && text[i + 1] == '\'') ++i;
      value += text[i];
    }
    return engine::ParamValue(value);
  }
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "false") return engine::ParamValue(lower == "true");
  if (lower == "null") return engine::ParamValue();
  char* end = nullptr;
  errno = 0;
  long long integer = std::strtoll(text.c_str(), &end, 10);
  if (!text.empty() && *end == '\0' && errno == 0) return engine::ParamValue(int64_t{integer});
  double number = std::strtod(text.c_str(), &end);
  if (!text.empty() && *end == '\0') return engine::ParamValue(number);
  return Status::InvalidInput("ExecutionParameters value " + literal +
                              " is not a SQL literal: quote strings as 'text'");
}

// "2024-01-02 03:04:05" → "2024-01-02 03:04:05.000"; "…05.123456" → "…05.123".
std::string TimestampMillis(std::string text) {
  size_t space = text.find(' ');
  if (space == std::string::npos) return text;  // infinity, or not a timestamp
  size_t dot = text.find('.', space);
  if (dot == std::string::npos) return text + ".000";
  size_t digits = text.size() - dot - 1;
  if (digits >= 3) return text.substr(0, dot + 4);
  return text + std::string(3 - digits, '0');
}

// A double as Athena (Java's Double.toString) renders it: decimal notation for magnitudes in
// [1e-3, 1e7) ("12.5", "3.0"), computerized scientific notation outside it ("1.2345678E7",
// "1.0E-4"), and Infinity / NaN. `single` renders FLOAT (REAL) values at float precision.
std::string JavaDoubleText(const std::string& text, bool single) {
  if (text == "inf" || text == "Infinity") return "Infinity";
  if (text == "-inf" || text == "-Infinity") return "-Infinity";
  if (text == "nan" || text == "-nan" || text == "NaN") return "NaN";
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return text;
  double magnitude = std::fabs(value);
  if (value == 0 || (magnitude >= 1e-3 && magnitude < 1e7)) {
    if (text.find_first_of(".eE") == std::string::npos) return text + ".0";
    return text;
  }
  char buffer[64];
  auto result =
      single ? std::to_chars(buffer, buffer + sizeof(buffer), static_cast<float>(value),
                             std::chars_format::scientific)
             : std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  std::string sci(buffer, result.ptr);
  size_t e = sci.find('e');
  std::string mantissa = sci.substr(0, e);
  if (mantissa.find('.') == std::string::npos) mantissa += ".0";
  int exponent = std::atoi(sci.c_str() + e + 1);
  return mantissa + "E" + std::to_string(exponent);
}

bool NeedsTextCast(const std::string& type) {
  return type.find('[') != std::string::npos || type.rfind("STRUCT", 0) == 0 ||
         type.rfind("MAP", 0) == 0 || type.rfind("UNION", 0) == 0 || type == "INTERVAL" ||
         type.find("TIME ZONE") != std::string::npos || type == "TIME";
}

}  // namespace

void QueryExecutions::Execute(const std::string& id) {
  auto loaded = LoadDoc(id);
  if (!loaded.ok()) {
    LogWarn("query " + id + ": " + loaded.status().ToString());
    return;
  }
  json doc = std::move(*loaded);
  double submitted = doc["Status"].value("SubmissionDateTime", NowEpochSeconds());
  double started = NowEpochSeconds();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (cancelled_.erase(id)) {
      SetFinalState(doc, "CANCELLED", "", ErrorCategory::kUser);
      Status saved = SaveDoc(doc);
      if (!saved.ok()) LogWarn("query " + id + ": " + saved.ToString());
      return;
    }
  }
  doc["Status"]["State"] = "RUNNING";
  Status saved = SaveDoc(doc);
  if (!saved.ok()) LogWarn("query " + id + ": " + saved.ToString());

  auto start = std::chrono::steady_clock::now();
  Status outcome = Status::OK();
  auto lease = pool_->Acquire(std::chrono::minutes(10));
  if (!lease.ok()) {
    outcome = lease.status();
  } else {
    {
      std::lock_guard<std::mutex> lock(mu_);
      running_[id] = &**lease;
    }
    outcome = RunStatement(**lease, doc);
    std::lock_guard<std::mutex> lock(mu_);
    running_.erase(id);
  }
  bool cancelled;
  {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled = cancelled_.erase(id) > 0;
  }
  json& stats = doc["Statistics"];
  int64_t engine_ms = MillisSince(start);
  stats["EngineExecutionTimeInMillis"] = engine_ms;
  stats["QueryQueueTimeInMillis"] = static_cast<int64_t>((started - submitted) * 1000);
  stats["TotalExecutionTimeInMillis"] =
      static_cast<int64_t>((NowEpochSeconds() - submitted) * 1000);
  stats["ServiceProcessingTimeInMillis"] = 0;
  stats["ResultReuseInformation"] = {{"ReusedPreviousResult", false}};
  if (cancelled) {
    SetFinalState(doc, "CANCELLED", "Query cancelled by user", ErrorCategory::kUser);
  } else if (outcome.ok()) {
    SetFinalState(doc, "SUCCEEDED", "", ErrorCategory::kUser);
  } else {
    bool user = outcome.code() != StatusCode::kInternal && outcome.code() != StatusCode::kIOError;
    SetFinalState(doc, "FAILED", UserFacingError(outcome.message(), nullptr),
                  user ? ErrorCategory::kUser : ErrorCategory::kSystem);
  }
  saved = SaveDoc(doc);
  if (!saved.ok()) LogWarn("query " + id + ": " + saved.ToString());
}

Status QueryExecutions::RunStatement(engine::Connection& connection, json& doc) {
  std::string sql = doc.value("Query", "");
  ASSIGN_OR_RETURN(AthenaStatement statement, ParseAthenaStatement(sql));
  if (const auto* query = std::get_if<Query>(&statement)) {
    return RunQuery(connection, query->sql, doc);
  }

  std::string database = doc["QueryExecutionContext"].value("Database", "default");
  std::string csv_uri = doc["ResultConfiguration"].value("OutputLocation", "");
  StatementResult result;
  if (std::holds_alternative<CreateTableAs>(statement) ||
      std::holds_alternative<InsertInto>(statement)) {
    std::string id = doc.value("QueryExecutionId", "");
    WriteContext context{database,
                         id,
                         csv_uri.substr(0, csv_uri.rfind('/') + 1),
                         options_.scratch_dir + "/w-" + id,
                         {options_.timeout},
                         [this, id] { return Cancelled(id); }};
    WriteStatements writes(catalog_, router_, *binder_);
    WriteOutcome outcome;
    if (const auto* ctas = std::get_if<CreateTableAs>(&statement)) {
      ASSIGN_OR_RETURN(outcome, writes.CreateTable(connection, *ctas, context));
    } else {
      ASSIGN_OR_RETURN(outcome,
                       writes.Insert(connection, std::get<InsertInto>(statement), context));
    }
    doc["Statistics"]["DataScannedInBytes"] = static_cast<int64_t>(outcome.bytes_scanned);
    doc["_SluiceUpdateCount"] = outcome.rows;
    result.columns = {"rows"};
  } else {
    DdlRunner ddl(catalog_, router_);
    ASSIGN_OR_RETURN(result, ddl.Run(statement, database));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<ResultWriter> writer, ResultWriter::Open(router_, csv_uri));
  for (const CsvRow& row : result.rows) RETURN_NOT_OK(writer->Add(row));
  json info =
      ColumnInfo(result.columns, std::vector<std::string>(result.columns.size(), "VARCHAR"));
  ASSIGN_OR_RETURN(uint64_t rows, writer->Commit(info));
  doc["_SluiceColumnInfo"] = std::move(info);
  doc["_SluiceRows"] = rows;
  return Status::OK();
}

Status QueryExecutions::RunQuery(engine::Connection& connection, const std::string& sql,
                                 json& doc) {
  std::string database = doc["QueryExecutionContext"].value("Database", "default");
  ASSIGN_OR_RETURN(BoundQuery bound, binder_->Bind(connection, sql, database));
  doc["Statistics"]["DataScannedInBytes"] = static_cast<int64_t>(bound.bytes());
  if (doc.contains("_SluiceBytesCutoff") &&
      static_cast<int64_t>(bound.bytes()) > doc["_SluiceBytesCutoff"].get<int64_t>()) {
    return Status::ResourceLimit(
        "Query cancelled! : Bytes scanned limit was exceeded: the query reads " +
        std::to_string(bound.bytes()) + " bytes, the workgroup allows " +
        std::to_string(doc["_SluiceBytesCutoff"].get<int64_t>()));
  }
  Status streamed = StreamResult(connection, bound, doc);
  if (!streamed.ok() && IsConversionError(streamed.message())) {
    // A value that does not fit its column: read again with such values as NULL, as Hive does.
    ASSIGN_OR_RETURN(BoundQuery lenient, binder_->Bind(connection, sql, database, true));
    bound = std::move(lenient);
    streamed = StreamResult(connection, bound, doc);
  }
  if (streamed.ok()) return streamed;
  return Status(streamed.code(), UserFacingError(streamed.message(), bound.files.get()));
}

Status QueryExecutions::StreamResult(engine::Connection& connection, const BoundQuery& bound,
                                     json& doc) {
  std::vector<engine::ParamValue> params;
  for (const json& literal : doc.value("ExecutionParameters", json::array())) {
    ASSIGN_OR_RETURN(engine::ParamValue value, ParameterValue(literal.get<std::string>()));
    params.push_back(std::move(value));
  }
  engine::QueryOptions options;
  options.timeout = options_.timeout;
  std::optional<engine::PreparedStatement> prepared;
  std::optional<engine::ResultStream> stream;
  auto open = [&](const std::string& text) -> Status {
    stream.reset();
    prepared.reset();
    if (params.empty()) {
      ASSIGN_OR_RETURN(engine::ResultStream opened, connection.Stream(text, options));
      stream.emplace(std::move(opened));
      if (Cancelled(doc.value("QueryExecutionId", ""))) connection.Interrupt();
      return Status::OK();
    }
    ASSIGN_OR_RETURN(engine::PreparedStatement statement, connection.Prepare(text));
    if (statement.parameter_count() != params.size()) {
      return Status::InvalidInput("the query has " + std::to_string(statement.parameter_count()) +
                                  " parameters but ExecutionParameters gives " +
                                  std::to_string(params.size()));
    }
    for (size_t i = 0; i < params.size(); ++i) RETURN_NOT_OK(statement.Bind(i + 1, params[i]));
    prepared.emplace(std::move(statement));
    ASSIGN_OR_RETURN(engine::ResultStream opened, prepared->ExecuteStreaming(options));
    stream.emplace(std::move(opened));
    // A StopQueryExecution that came while earlier statements ran (whose end cleared DuckDB's
    // interrupt flag) must still stop this one.
    if (Cancelled(doc.value("QueryExecutionId", ""))) connection.Interrupt();
    return Status::OK();
  };
  RETURN_NOT_OK(open(bound.sql));
  std::vector<std::string> names = stream->column_names();
  if (bound.column_names.size() == names.size()) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (!bound.column_names[i].empty()) names[i] = bound.column_names[i];
    }
  }
  std::vector<std::string> types = stream->column_types();
  bool cast = false;
  for (const std::string& type : types) cast = cast || NeedsTextCast(type);
  if (cast) {
    // Nested and zoned values are rendered by DuckDB's own VARCHAR cast.
    RETURN_NOT_OK(open("SELECT CAST(COLUMNS(*) AS VARCHAR) FROM (" + bound.sql + ")"));
  }

  std::string csv_uri = doc["ResultConfiguration"].value("OutputLocation", "");
  ASSIGN_OR_RETURN(std::unique_ptr<ResultWriter> writer, ResultWriter::Open(router_, csv_uri));
  // Athena's timestamps are timestamp(3): rendered with exactly three fractional digits.
  std::vector<bool> millis(types.size());
  for (size_t c = 0; c < types.size(); ++c)
    millis[c] =
        types[c].rfind("TIMESTAMP", 0) == 0 && types[c].find("TIME ZONE") == std::string::npos;
  std::vector<bool> doubles(types.size());
  for (size_t c = 0; c < types.size(); ++c)
    doubles[c] = types[c] == "DOUBLE" || types[c] == "FLOAT";
  CsvRow header(names.begin(), names.end());
  RETURN_NOT_OK(writer->Add(header));
  while (true) {
    ASSIGN_OR_RETURN(std::optional<engine::Chunk> chunk, stream->Next());
    if (!chunk) break;
    CsvRow row(chunk->column_count());
    for (size_t r = 0; r < chunk->row_count(); ++r) {
      for (size_t c = 0; c < chunk->column_count(); ++c) {
        ASSIGN_OR_RETURN(row[c], chunk->ToText(r, c));
        if (millis[c] && row[c]) row[c] = TimestampMillis(std::move(*row[c]));
        if (doubles[c] && row[c]) row[c] = JavaDoubleText(*row[c], types[c] == "FLOAT");
      }
      RETURN_NOT_OK(writer->Add(row));
    }
  }
  json info = ColumnInfo(names, types);
  ASSIGN_OR_RETURN(uint64_t rows, writer->Commit(info));
  doc["_SluiceColumnInfo"] = std::move(info);
  doc["_SluiceRows"] = rows - 1;
  return Status::OK();
}

}  // namespace sluice::query
