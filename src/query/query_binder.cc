#include "query/query_binder.h"

#include <atomic>
#include <nlohmann/json.hpp>

#include "engine/prepared.h"
#include "engine/result_stream.h"
#include "query/duckdb_types.h"
#include "query/partition_pruning.h"
#include "query/table_refs.h"
#include "query/table_scan.h"
#include "query/text_util.h"

namespace sluice::query {

using nlohmann::json;

namespace {

bool IsDuckDbSchema(const std::string& schema) {
  return schema == "information_schema" || schema == "pg_catalog" || schema == "main" ||
         schema == "temp" || schema == "system";
}

Result<std::string> Serialize(engine::Connection& connection, std::string_view sql) {
  ASSIGN_OR_RETURN(engine::PreparedStatement statement,
                   connection.Prepare("SELECT json_serialize_sql(?::VARCHAR)"));
  RETURN_NOT_OK(statement.Bind(1, engine::ParamValue(sql)));
  ASSIGN_OR_RETURN(engine::TextResult result, statement.Execute());
  if (result.rows.size() != 1 || !result.rows[0][0]) {
    return Status::Internal("json_serialize_sql returned no row");
  }
  return *result.rows[0][0];
}

Result<std::vector<ScanColumn>> Columns(const json& list, const std::string& where) {
  std::vector<ScanColumn> out;
  if (!list.is_array()) return out;
  for (const json& column : list) {
    std::string name = Lower(column.value("Name", ""));
    std::string type = column.value("Type", "string");
    auto duck = DuckDbTypeOf(type);
    if (!duck.ok()) {
      return Status::InvalidInput("column " + name + " of " + where + ": " +
                                  duck.status().message());
    }
    out.push_back({name, *duck});
  }
  return out;
}

std::optional<std::string> PartitionValue(const json& value) {
  if (!value.is_string()) return std::nullopt;
  std::string text = value.get<std::string>();
  if (text == "__HIVE_DEFAULT_PARTITION__") return std::nullopt;
  return text;
}

}  // namespace

QueryBinder::QueryBinder(catalog::Catalog& catalog, const storage::StorageRouter& router,
                         std::string scratch_root, ObjectCache* cache)
    : catalog_(catalog), router_(router), scratch_root_(std::move(scratch_root)), cache_(cache) {}

// Glue allows '-' in database names, where SQL needs them quoted ("my-db".t). Sluice quotes a
// bare name of an existing database followed by '.', so such queries work as users write them.
static std::string QuoteHyphenatedDatabases(catalog::Catalog& catalog, std::string sql) {
  if (sql.find('-') == std::string::npos) return sql;
  std::vector<std::string> names;
  catalog::PageRequest page{1000, std::nullopt};
  while (true) {
    auto got = catalog.GetDatabases(page);
    if (!got.ok()) return sql;
    for (const std::string& item : got->items) {
      std::string name = json::parse(item, nullptr, false).value("Name", "");
      if (name.find('-') != std::string::npos) names.push_back(name);
    }
    if (!got->next_token) break;
    page.next_token = got->next_token;
  }
  for (const std::string& name : names) {
    size_t at = 0;
    while ((at = sql.find(name, at)) != std::string::npos) {
      size_t end = at + name.size();
      auto ident = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '"' || c == '-';
      };
      bool bare = (at == 0 || !ident(sql[at - 1])) && end < sql.size() && sql[end] == '.';
      if (!bare) {
        at = end;
        continue;
      }
      sql.insert(end, "\"");
      sql.insert(at, "\"");
      at = end + 2;
    }
  }
  return sql;
}

Result<BoundQuery> QueryBinder::Bind(engine::Connection& connection, std::string_view original,
                                     std::string_view default_database, bool lenient) {
  std::string quoted = QuoteHyphenatedDatabases(catalog_, std::string(original));
  std::string_view sql = quoted;
  static std::atomic<uint64_t> next_scratch{0};
  ASSIGN_OR_RETURN(std::string serialized, Serialize(connection, sql));
  ASSIGN_OR_RETURN(ParsedQuery parsed, ReadTableRefs(serialized, sql));

  BoundQuery bound;
  bound.column_names = parsed.column_names;
  bound.files = std::make_unique<ScanFiles>(
      router_, scratch_root_ + "/q" + std::to_string(next_scratch.fetch_add(1)), cache_);
  std::vector<std::pair<const TableRef*, std::string>> replacements;
  for (const TableRef& ref : parsed.tables) {
    std::string catalog_name = Lower(ref.catalog);
    std::string schema = Lower(ref.schema);
    std::string table = Lower(ref.table);
    if (schema.empty() && parsed.cte_names.count(table)) continue;
    if (catalog_name.empty() && IsDuckDbSchema(schema)) continue;
    if (!catalog_name.empty() && catalog_name != "awsdatacatalog") {
      return Status::InvalidInput("Catalog '" + ref.catalog +
                                  "' does not exist: Sluice serves the catalog awsdatacatalog");
    }
    if (schema.empty()) schema = Lower(std::string(default_database));
    if (schema.empty()) {
      return Status::InvalidInput("Table '" + ref.table + "' names no database: write db." +
                                  ref.table + " or set QueryExecutionContext.Database");
    }
    std::string full = "'awsdatacatalog." + schema + "." + table + "'";
    auto text = catalog_.GetTable(schema, table);
    if (!text.ok()) {
      if (text.status().code() == StatusCode::kNotFound) {
        return Status::NotFound("Table " + full + " does not exist");
      }
      return text.status();
    }
    json doc = json::parse(*text, nullptr, false);
    json sd = doc.value("StorageDescriptor", json::object());
    json params = doc.value("Parameters", json::object());
    if (doc.value("TableType", "") == "VIRTUAL_VIEW") {
      return Status::InvalidInput("Table " + full + " is a view; Sluice does not expand views yet");
    }
    ASSIGN_OR_RETURN(std::vector<ScanColumn> columns,
                     Columns(sd.value("Columns", json::array()), full));
    ASSIGN_OR_RETURN(std::vector<ScanColumn> keys,
                     Columns(doc.value("PartitionKeys", json::array()), full));
    ASSIGN_OR_RETURN(TableFormat table_format, FormatOf(sd, params));

    BoundTable info{schema, table, "", 0, 0};
    std::vector<ScanBranch> branches;
    size_t files_before = bound.files->count();
    if (keys.empty()) {
      std::string location = sd.value("Location", "");
      if (location.empty()) return Status::InvalidInput("Table " + full + " has no Location");
      ASSIGN_OR_RETURN(std::vector<ScanFile> files, bound.files->Open(location));
      branches.push_back({table_format, std::move(files), {}});
    } else {
      PruneScope scope;
      for (const json& key : doc["PartitionKeys"]) {
        scope.keys[Lower(key.value("Name", ""))] = Lower(key.value("Type", "string"));
      }
      scope.qualifier = ref.alias.empty() ? ref.table : ref.alias;
      scope.allow_unqualified = ref.alone_in_from;
      info.pruning_expression = PruningExpression(ref, scope);
      catalog::PartitionQuery query;
      query.expression = info.pruning_expression;
      query.page.max_results = 1000;
      while (true) {
        ASSIGN_OR_RETURN(catalog::Page page, catalog_.GetPartitions(schema, table, query));
        for (const std::string& item : page.items) {
          json partition = json::parse(item, nullptr, false);
          json psd = partition.value("StorageDescriptor", json::object());
          std::string location = psd.value("Location", "");
          if (location.empty()) continue;
          TableFormat format = table_format;
          if (psd.contains("SerdeInfo") || psd.contains("InputFormat")) {
            auto own = FormatOf(psd, params);
            if (own.ok()) format = *own;
          }
          ScanBranch branch{format, {}, {}};
          for (const json& value : partition.value("Values", json::array())) {
            branch.partition_values.push_back(PartitionValue(value));
          }
          ASSIGN_OR_RETURN(branch.files, bound.files->Open(location));
          ++info.partitions_read;
          if (!branch.files.empty()) branches.push_back(std::move(branch));
        }
        if (!page.next_token) break;
        query.page.next_token = page.next_token;
      }
    }
    info.files = bound.files->count() - files_before;
    ASSIGN_OR_RETURN(std::string scan, TableScanSql(columns, keys, branches, lenient));
    std::string replacement = "(" + scan + ")";
    if (ref.alias.empty()) replacement += " AS " + SqlIdentifier(ref.table);
    replacements.emplace_back(&ref, std::move(replacement));
    bound.tables.push_back(std::move(info));
  }
  std::string out(sql);
  for (auto it = replacements.rbegin(); it != replacements.rend(); ++it) {
    out.replace(it->first->begin, it->first->end - it->first->begin, it->second);
  }
  bound.sql = std::move(out);
  return bound;
}

}  // namespace sluice::query
