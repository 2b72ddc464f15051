#include "query/ddl_runner.h"

#include <nlohmann/json.hpp>

#include "query/athena_ddl_table_input.h"
#include "query/text_util.h"

namespace sluice::query {

using nlohmann::json;

namespace {

Status IgnoreIf(const Status& status, bool flag, StatusCode code) {
  if (flag && status.code() == code) return Status::OK();
  return status;
}

// Partition values in the table's key order from a PARTITION (k='v', ...) spec.
Result<std::vector<std::string>> ValuesInKeyOrder(const PartitionSpec& spec, const json& keys,
                                                  const std::string& table) {
  std::vector<std::string> values;
  for (const json& key : keys) {
    std::string name = key.value("Name", "");
    bool found = false;
    for (const auto& [k, v] : spec.values) {
      if (k == name) {
        values.push_back(v);
        found = true;
      }
    }
    if (!found) {
      return Status::InvalidInput("the partition spec misses key " + name + " of table " + table);
    }
  }
  if (spec.values.size() != keys.size()) {
    return Status::InvalidInput("the partition spec names " + std::to_string(spec.values.size()) +
                                " keys; table " + table + " has " + std::to_string(keys.size()));
  }
  return values;
}

std::string JoinLocation(std::string base, const json& keys,
                         const std::vector<std::string>& values) {
  if (!base.empty() && base.back() != '/') base += '/';
  for (size_t i = 0; i < values.size(); ++i) {
    base += keys[i].value("Name", "") + "=" + values[i] + "/";
  }
  return base;
}

json PartitionInput(const json& table_doc, const std::vector<std::string>& values,
                    const std::string& location) {
  json sd = table_doc.value("StorageDescriptor", json::object());
  sd["Location"] = location;
  return {{"Values", values}, {"StorageDescriptor", sd}};
}

}  // namespace

Result<std::string> DatabaseOf(const TableName& table, const std::string& default_database) {
  if (table.database) return *table.database;
  if (default_database.empty()) {
    return Status::InvalidInput("Table " + table.name + " names no database: write db." +
                                table.name + " or set QueryExecutionContext.Database");
  }
  return default_database;
}

Result<StatementResult> DdlRunner::Run(const AthenaStatement& statement,
                                       const std::string& default_database) {
  const std::string& db = default_database;
  return std::visit(
      Overloaded{
          [&](const Query&) -> Result<StatementResult> {
            return Status::InvalidInput("a query is not a DDL statement");
          },
          [&](const CreateTableAs&) -> Result<StatementResult> {
            return Status::InvalidInput("CREATE TABLE AS is not a DDL statement");
          },
          [&](const InsertInto&) -> Result<StatementResult> {
            return Status::InvalidInput("INSERT INTO is not a DDL statement");
          },
          [&](const CreateDatabase& s) -> Result<StatementResult> {
            json input = {{"Name", s.name}};
            if (s.comment) input["Description"] = *s.comment;
            if (s.location) input["LocationUri"] = *s.location;
            if (!s.properties.empty()) input["Parameters"] = s.properties;
            RETURN_NOT_OK(IgnoreIf(catalog_.CreateDatabase(input), s.if_not_exists,
                                   StatusCode::kAlreadyExists));
            return StatementResult{};
          },
          [&](const DropDatabase& s) -> Result<StatementResult> {
            if (!s.cascade) {
              auto tables = catalog_.GetTables(s.name, std::nullopt, {1, std::nullopt});
              if (tables.ok() && !tables->items.empty()) {
                return Status::InvalidInput("Database " + s.name +
                                            " is not empty: drop its tables or add CASCADE");
              }
            }
            RETURN_NOT_OK(
                IgnoreIf(catalog_.DeleteDatabase(s.name), s.if_exists, StatusCode::kNotFound));
            return StatementResult{};
          },
          [&](const CreateExternalTable& s) -> Result<StatementResult> {
            ASSIGN_OR_RETURN(std::string database, DatabaseOf(s.table, db));
            RETURN_NOT_OK(router_.Resolve(s.location).status());
            Status created = catalog_.CreateTable(database, ToGlueTableInput(s), json::array());
            RETURN_NOT_OK(IgnoreIf(created, s.if_not_exists, StatusCode::kAlreadyExists));
            return StatementResult{};
          },
          [&](const DropTable& s) -> Result<StatementResult> {
            ASSIGN_OR_RETURN(std::string database, DatabaseOf(s.table, db));
            RETURN_NOT_OK(IgnoreIf(catalog_.DeleteTable(database, s.table.name), s.if_exists,
                                   StatusCode::kNotFound));
            return StatementResult{};
          },
          [&](const AlterTableAddPartitions& s) -> Result<StatementResult> {
            return AddPartitions(s, db);
          },
          [&](const AlterTableDropPartitions& s) -> Result<StatementResult> {
            ASSIGN_OR_RETURN(std::string database, DatabaseOf(s.table, db));
            ASSIGN_OR_RETURN(std::string text, catalog_.GetTable(database, s.table.name));
            json doc = json::parse(text);
            for (const PartitionSpec& spec : s.partitions) {
              ASSIGN_OR_RETURN(
                  std::vector<std::string> values,
                  ValuesInKeyOrder(spec, doc.value("PartitionKeys", json::array()), s.table.name));
              RETURN_NOT_OK(IgnoreIf(catalog_.DeletePartition(database, s.table.name, values),
                                     s.if_exists, StatusCode::kNotFound));
            }
            return StatementResult{};
          },
          [&](const MsckRepair& s) -> Result<StatementResult> { return Repair(s, db); },
          [&](const auto&) -> Result<StatementResult> { return Show(statement, db); },
      },
      statement);
}

Result<StatementResult> DdlRunner::AddPartitions(const AlterTableAddPartitions& add,
                                                 const std::string& default_database) {
  ASSIGN_OR_RETURN(std::string database, DatabaseOf(add.table, default_database));
  ASSIGN_OR_RETURN(std::string text, catalog_.GetTable(database, add.table.name));
  json doc = json::parse(text);
  json keys = doc.value("PartitionKeys", json::array());
  std::string base = doc.value("StorageDescriptor", json::object()).value("Location", "");
  json inputs = json::array();
  for (const PartitionSpec& spec : add.partitions) {
    ASSIGN_OR_RETURN(std::vector<std::string> values, ValuesInKeyOrder(spec, keys, add.table.name));
    std::string location = spec.location ? *spec.location : JoinLocation(base, keys, values);
    inputs.push_back(PartitionInput(doc, values, location));
  }
  ASSIGN_OR_RETURN(std::vector<catalog::ItemError> errors,
                   catalog_.BatchCreatePartition(database, add.table.name, inputs));
  for (const catalog::ItemError& error : errors) {
    if (add.if_not_exists && error.error_code == "AlreadyExistsException") continue;
    return Status::InvalidInput(error.error_code + ": " + error.message);
  }
  return StatementResult{};
}

}  // namespace sluice::query
