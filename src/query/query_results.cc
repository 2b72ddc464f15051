#include "query/query_results.h"

#include "query/duckdb_types.h"

namespace sluice::query {

using nlohmann::json;

namespace {

constexpr size_t kFlushBytes = 1 << 20;

Status WithUri(const Status& status, const std::string& what, const std::string& uri) {
  return Status(status.code(), what + " " + uri + ": " + status.message());
}

int Precision(const std::string& athena_type) {
  if (athena_type == "varchar") return 2147483647;
  if (athena_type == "bigint") return 19;
  if (athena_type == "integer") return 10;
  if (athena_type == "smallint") return 5;
  if (athena_type == "tinyint") return 3;
  if (athena_type == "double") return 17;
  if (athena_type == "float") return 7;
  if (athena_type == "timestamp") return 3;
  return 0;
}

}  // namespace

Result<std::unique_ptr<ResultWriter>> ResultWriter::Open(const storage::StorageRouter& router,
                                                         const std::string& csv_uri) {
  ASSIGN_OR_RETURN(storage::StorageLocation where, router.Resolve(csv_uri));
  storage::WriteOptions options;
  options.content_type = "text/csv";
  auto writer = where.store->Create(where.container, where.key, options);
  if (!writer.ok()) return WithUri(writer.status(), "cannot write the result to", csv_uri);
  return std::unique_ptr<ResultWriter>(new ResultWriter(router, csv_uri, std::move(*writer)));
}

Status ResultWriter::Flush() {
  if (buffer_.empty()) return Status::OK();
  Status status = writer_->Append(buffer_);
  buffer_.clear();
  if (!status.ok()) return WithUri(status, "writing", uri_);
  return Status::OK();
}

Status ResultWriter::Add(const CsvRow& row) {
  AppendCsvRow(row, buffer_);
  ++rows_;
  if (buffer_.size() >= kFlushBytes) return Flush();
  return Status::OK();
}

Result<uint64_t> ResultWriter::Commit(const json& column_info) {
  RETURN_NOT_OK(Flush());
  auto committed = writer_->Commit();
  if (!committed.ok()) return WithUri(committed.status(), "writing", uri_);
  std::string meta_uri = uri_ + ".metadata";
  ASSIGN_OR_RETURN(storage::StorageLocation where, router_.Resolve(meta_uri));
  storage::WriteOptions options;
  options.content_type = "application/json";
  auto meta = where.store->Create(where.container, where.key, options);
  if (!meta.ok()) return WithUri(meta.status(), "writing", meta_uri);
  RETURN_NOT_OK((*meta)->Append(json{{"ColumnInfo", column_info}}.dump()));
  auto done = (*meta)->Commit();
  if (!done.ok()) return WithUri(done.status(), "writing", meta_uri);
  return rows_;
}

json ColumnInfo(const std::vector<std::string>& names, const std::vector<std::string>& types) {
  json out = json::array();
  for (size_t i = 0; i < names.size(); ++i) {
    std::string duck = i < types.size() ? types[i] : "VARCHAR";
    std::string type = AthenaTypeName(duck);
    int precision = Precision(type), scale = 0;
    if (type == "decimal") {
      // DECIMAL(p,s); HUGEINT-like integers are decimal(38,0).
      precision = 38;
      size_t open = duck.find('('), comma = duck.find(',');
      if (open != std::string::npos && comma != std::string::npos) {
        precision = std::atoi(duck.c_str() + open + 1);
        scale = std::atoi(duck.c_str() + comma + 1);
      }
    }
    json column = {{"CatalogName", "hive"},  {"SchemaName", ""},
                   {"TableName", ""},        {"Name", names[i]},
                   {"Label", names[i]},      {"Type", type},
                   {"Precision", precision}, {"Scale", scale},
                   {"Nullable", "UNKNOWN"},  {"CaseSensitive", type == "varchar"}};
    out.push_back(std::move(column));
  }
  return out;
}

Result<json> ReadResultPage(const storage::StorageRouter& router, const json& execution,
                            const catalog::PageRequest& page) {
  std::string uri = execution["ResultConfiguration"].value("OutputLocation", "");
  uint64_t offset = 0;
  if (page.next_token) {
    ASSIGN_OR_RETURN(json cursor, catalog::ReadToken("results", *page.next_token));
    if (!cursor.is_number_unsigned() && !cursor.is_number_integer()) {
      return Status::InvalidInput("Invalid NextToken: pass the token of the previous page");
    }
    offset = cursor.get<uint64_t>();
  }
  json rows = json::array();
  ASSIGN_OR_RETURN(storage::StorageLocation where, router.Resolve(uri));
  auto info = where.store->Head(where.container, where.key);
  if (!info.ok()) return WithUri(info.status(), "reading the result", uri);
  if (!*info) return Status::NotFound("the result object " + uri + " is gone");
  uint64_t size = (*info)->size;
  std::string text;
  size_t pos = 0;
  uint64_t base = offset;
  while (static_cast<int>(rows.size()) < page.max_results && base + pos < size) {
    std::optional<CsvRow> row;
    if (pos < text.size()) row = ReadCsvRow(text, &pos);
    if (!row) {
      uint64_t have = base + text.size();
      if (have >= size) {
        // The last line: a trailing newline always ends it, so this is a truncated object.
        return Status::Internal("the result object " + uri + " ends inside a row");
      }
      uint64_t want = std::min<uint64_t>(size - have, 1 << 20);
      auto reader = where.store->Open(where.container, where.key, have, want);
      if (!reader.ok()) return WithUri(reader.status(), "reading the result", uri);
      size_t old = text.size();
      text.resize(old + want);
      size_t got = 0;
      while (got < want) {
        auto n = (*reader)->Read(text.data() + old + got, want - got);
        if (!n.ok()) return WithUri(n.status(), "reading the result", uri);
        if (*n == 0) break;
        got += *n;
      }
      text.resize(old + got);
      if (got == 0) return Status::Internal("the result object " + uri + " ended early");
      continue;
    }
    json data = json::array();
    for (const auto& value : *row) {
      data.push_back(value ? json{{"VarCharValue", *value}} : json::object());
    }
    rows.push_back({{"Data", std::move(data)}});
  }
  json out = {{"ResultSet",
               {{"Rows", std::move(rows)},
                {"ResultSetMetadata",
                 {{"ColumnInfo", execution.value("_SluiceColumnInfo", json::array())}}}}},
              {"UpdateCount", execution.value("_SluiceUpdateCount", 0)}};
  if (base + pos < size) out["NextToken"] = catalog::MakeToken("results", base + pos);
  return out;
}

}  // namespace sluice::query
