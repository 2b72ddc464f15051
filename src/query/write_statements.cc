#include "query/write_statements.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/failpoint.h"
#include "formats/storage_formats.h"
#include "query/ddl_runner.h"
#include "query/duckdb_types.h"
#include "query/table_writer.h"
#include "query/text_util.h"

namespace sluice::query {

using nlohmann::json;

namespace {

// "year=2024/month=01/q_0.parquet" → folder "year=2024/month=01/", values {"2024", "01"}.
std::pair<std::string, std::vector<std::string>> PartitionOf(const std::string& relative) {
  std::vector<std::string> values;
  size_t slash = relative.rfind('/');
  std::string folder = slash == std::string::npos ? "" : relative.substr(0, slash + 1);
  size_t start = 0;
  while (start < folder.size()) {
    size_t end = folder.find('/', start);
    std::string segment = folder.substr(start, end - start);
    size_t eq = segment.find('=');
    values.push_back(UnescapePathValue(eq == std::string::npos ? segment : segment.substr(eq + 1)));
    start = end + 1;
  }
  return {folder, values};
}

struct ResultColumn {
  std::string name;  // as DuckDB names it
  std::string duckdb_type;
};

Result<std::vector<ResultColumn>> DescribeResult(engine::Connection& connection,
                                                 const std::string& sql) {
  ASSIGN_OR_RETURN(engine::TextResult described, connection.Query("DESCRIBE " + sql));
  std::vector<ResultColumn> out;
  for (const auto& row : described.rows) {
    out.push_back({row[0].value_or(""), row[1].value_or("VARCHAR")});
  }
  return out;
}

struct TableStorage {
  OutputFormat output;
  json sd_base;  // InputFormat, OutputFormat, SerdeInfo
  std::string classification;
};

Result<TableStorage> StorageFor(const std::map<std::string, json>& properties) {
  auto text = [&](const char* key, std::string fallback) {
    auto it = properties.find(key);
    return it != properties.end() && it->second.is_string() ? it->second.get<std::string>()
                                                            : fallback;
  };
  std::string format = text("format", "PARQUET");
  std::string compression = Lower(text("write_compression", ""));
  if (compression == "none" || compression == "uncompressed") compression.clear();
  TableStorage out;
  std::string stored_as = format == "JSON" ? "JSONFILE" : format;
  auto classes = formats::StoredAsFormat(stored_as);
  if (format == "PARQUET") {
    out.output.kind = DataFormat::kParquet;
    out.output.compression = compression.empty() ? "snappy" : compression;
  } else if (format == "TEXTFILE") {
    out.output.kind = DataFormat::kCsv;
    out.output.delimiter = text("field_delimiter", "\x01");
    out.output.compression = compression;
  } else if (format == "JSON") {
    out.output.kind = DataFormat::kJson;
    out.output.compression = compression;
  } else {
    return Status::InvalidInput("Sluice writes PARQUET, TEXTFILE and JSON tables; format '" +
                                format + "' is not supported yet");
  }
  if (!compression.empty() && compression != "snappy" && compression != "gzip" &&
      compression != "zstd") {
    return Status::InvalidInput("write_compression '" + compression +
                                "' is not supported: use SNAPPY, GZIP, ZSTD or NONE");
  }
  if (out.output.kind != DataFormat::kParquet && compression == "snappy") {
    return Status::InvalidInput("write_compression SNAPPY is for PARQUET; use GZIP for text");
  }
  if (!classes) return Status::InvalidInput("unknown format " + format);
  json serde_params = {{"serialization.format", "1"}};
  if (out.output.kind == DataFormat::kCsv) {
    serde_params = {{"field.delim", out.output.delimiter},
                    {"serialization.format", out.output.delimiter}};
  }
  std::string serde(classes->serde_library);
  if (out.output.kind == DataFormat::kJson) serde = formats::kOpenXJsonSerde;
  out.sd_base = {{"InputFormat", classes->input_format},
                 {"OutputFormat", classes->output_format},
                 {"SerdeInfo", {{"SerializationLibrary", serde}, {"Parameters", serde_params}}},
                 {"Compressed", !compression.empty() && out.output.kind != DataFormat::kParquet}};
  out.classification = out.output.kind == DataFormat::kParquet ? "parquet"
                       : out.output.kind == DataFormat::kJson  ? "json"
                                                               : "csv";
  return out;
}

Status RequireEmpty(const storage::StorageRouter& router, const std::string& location,
                    const std::string& table) {
  ASSIGN_OR_RETURN(storage::StorageLocation where, router.Resolve(location));
  storage::ListOptions options;
  options.prefix = where.key;
  options.max_keys = 1;
  auto page = where.store->List(where.container, options);
  if (!page.ok()) {
    if (page.status().code() == StatusCode::kNotFound) {
      return Status::InvalidInput("the bucket of " + location + " does not exist: create it first");
    }
    return page.status();
  }
  if (!page->objects.empty()) {
    return Status::InvalidInput("HIVE_PATH_ALREADY_EXISTS: Target directory for table '" + table +
                                "' already exists: " + location +
                                ". Empty it or choose another external_location.");
  }
  return Status::OK();
}

}  // namespace

Result<WriteOutcome> WriteStatements::CreateTable(engine::Connection& connection,
                                                  const CreateTableAs& ctas,
                                                  const WriteContext& context) {
  ASSIGN_OR_RETURN(std::string database, DatabaseOf(ctas.table, context.database));
  const std::string& name = ctas.table.name;
  std::string full = database + "." + name;
  RETURN_NOT_OK(catalog_.GetDatabase(database).status());
  if (catalog_.GetTable(database, name).ok()) {
    if (ctas.if_not_exists) return WriteOutcome{};
    return Status::AlreadyExists("Table " + full + " already exists");
  }
  ASSIGN_OR_RETURN(TableStorage storage, StorageFor(ctas.properties));
  std::string location = context.results_folder + "tables/" + context.query_id + "/";
  if (auto it = ctas.properties.find("external_location"); it != ctas.properties.end()) {
    location = it->second.get<std::string>();
    if (location.back() != '/') location += '/';
  }
  RETURN_NOT_OK(RequireEmpty(router_, location, full));
  std::vector<std::string> partition_by;
  if (auto it = ctas.properties.find("partitioned_by"); it != ctas.properties.end()) {
    for (const json& key : it->second) partition_by.push_back(Lower(key.get<std::string>()));
  }

  ASSIGN_OR_RETURN(BoundQuery bound, binder_.Bind(connection, ctas.query, context.database));
  ASSIGN_OR_RETURN(std::vector<ResultColumn> result, DescribeResult(connection, bound.sql));
  std::map<std::string, ResultColumn> by_name;
  for (const ResultColumn& column : result) {
    if (!by_name.emplace(Lower(column.name), column).second) {
      return Status::InvalidInput("the query gives two columns named " + Lower(column.name) +
                                  ": alias one of them");
    }
  }
  json columns = json::array(), keys = json::array();
  std::string select;
  auto add = [&](const ResultColumn& column, json& list) -> Status {
    ASSIGN_OR_RETURN(std::string type, GlueTypeOfDuckDb(column.duckdb_type));
    list.push_back({{"Name", Lower(column.name)}, {"Type", type}});
    std::string value = SqlIdentifier(column.name);
    if (column.duckdb_type == "HUGEINT") value = "CAST(" + value + " AS BIGINT)";
    select += (select.empty() ? "" : ", ") + value + " AS " + SqlIdentifier(Lower(column.name));
    return Status::OK();
  };
  std::set<std::string> key_set(partition_by.begin(), partition_by.end());
  for (const ResultColumn& column : result) {
    if (!key_set.count(Lower(column.name))) RETURN_NOT_OK(add(column, columns));
  }
  for (const std::string& key : partition_by) {
    auto it = by_name.find(key);
    if (it == by_name.end()) {
      return Status::InvalidInput("partitioned_by names " + key +
                                  ", which is not a column of the query");
    }
    RETURN_NOT_OK(add(it->second, keys));
  }
  if (columns.empty()) {
    return Status::InvalidInput("the table needs at least one column besides its partition keys");
  }

  TableWriter writer(router_, context.scratch_dir);
  WriteOutcome outcome{0, bound.bytes()};
  std::map<std::string, std::vector<std::string>> partitions;  // folder → values
  Status status = [&]() -> Status {
    if (ctas.with_data) {
      ASSIGN_OR_RETURN(
          outcome.rows,
          writer.Copy(connection, "SELECT " + select + " FROM (" + bound.sql + ")", storage.output,
                      partition_by, context.query_id, context.options));
    }
    ASSIGN_OR_RETURN(std::vector<StagedFile> files, writer.Files());
    for (const StagedFile& file : files) {
      auto [folder, values] = PartitionOf(file.relative);
      if (!partition_by.empty()) partitions.emplace(folder, values);
      RETURN_NOT_OK(writer.Upload(file, location + file.relative));
    }
    RETURN_NOT_OK(CheckFailpoint("ctas.before_catalog"));
    if (context.cancelled && context.cancelled()) return Status::Unavailable("cancelled");
    json sd = storage.sd_base;
    sd["Columns"] = columns;
    sd["Location"] = location;
    json table = {{"Name", name},
                  {"TableType", "EXTERNAL_TABLE"},
                  {"PartitionKeys", keys},
                  {"StorageDescriptor", sd},
                  {"Parameters",
                   {{"classification", storage.classification},
                    {"has_encrypted_data", "false"},
                    {"EXTERNAL", "TRUE"}}}};
    if (!storage.output.compression.empty() && storage.output.kind != DataFormat::kParquet) {
      table["Parameters"]["compressionType"] = storage.output.compression;
    }
    json inputs = json::array();
    for (const auto& [folder, values] : partitions) {
      json psd = sd;
      psd["Location"] = location + folder;
      inputs.push_back({{"Values", values}, {"StorageDescriptor", psd}});
    }
    return catalog_.CreateTableWithPartitions(database, table, inputs);
  }();
  if (!status.ok()) {
    IgnoreStatus(writer.Abort());
    return status;
  }
  writer.Commit();
  return outcome;
}

Result<WriteOutcome> WriteStatements::Insert(engine::Connection& connection,
                                             const InsertInto& insert,
                                             const WriteContext& context) {
  ASSIGN_OR_RETURN(std::string database, DatabaseOf(insert.table, context.database));
  const std::string& name = insert.table.name;
  auto text = catalog_.GetTable(database, name);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("Table awsdatacatalog." + database + "." + name + " does not exist");
    }
    return text.status();
  }
  json doc = json::parse(*text);
  json sd = doc.value("StorageDescriptor", json::object());
  json params = doc.value("Parameters", json::object());
  ASSIGN_OR_RETURN(TableFormat format, FormatOf(sd, params));
  OutputFormat output;
  output.kind = format.kind;
  if (format.kind == DataFormat::kCsv) {
    if (!format.quote.empty()) {
      return Status::InvalidInput(
          "INSERT INTO a quoted-CSV (OpenCSVSerde) table is not supported yet");
    }
    output.delimiter = format.delimiter;
    output.compression = format.compression == "gzip" ? "gzip" : "";
  } else if (format.kind == DataFormat::kParquet) {
    output.compression = "snappy";
  }
  std::string location = sd.value("Location", "");
  if (location.empty()) return Status::InvalidInput("Table " + name + " has no Location");
  if (location.back() != '/') location += '/';

  json targets = json::array();  // the table's columns, then its partition keys
  for (const json& c : sd.value("Columns", json::array())) targets.push_back(c);
  std::vector<std::string> keys;
  for (const json& k : doc.value("PartitionKeys", json::array())) {
    targets.push_back(k);
    keys.push_back(Lower(k.value("Name", "")));
  }

  ASSIGN_OR_RETURN(BoundQuery bound, binder_.Bind(connection, insert.query, context.database));
  ASSIGN_OR_RETURN(std::vector<ResultColumn> result, DescribeResult(connection, bound.sql));
  std::vector<std::string> sources;  // per target: the source column or "" for NULL
  if (insert.columns.empty()) {
    if (result.size() != targets.size()) {
      return Status::InvalidInput("Insert query has " + std::to_string(result.size()) +
                                  " columns but table " + name + " has " +
                                  std::to_string(targets.size()));
    }
    for (size_t i = 0; i < result.size(); ++i) sources.push_back("c" + std::to_string(i));
  } else {
    if (result.size() != insert.columns.size()) {
      return Status::InvalidInput("Insert query has " + std::to_string(result.size()) +
                                  " columns but the column list names " +
                                  std::to_string(insert.columns.size()));
    }
    for (const json& target : targets) {
      std::string source;
      for (size_t i = 0; i < insert.columns.size(); ++i) {
        if (insert.columns[i] == Lower(target.value("Name", ""))) source = "c" + std::to_string(i);
      }
      sources.push_back(source);
    }
  }
  std::string aliases, select;
  for (size_t i = 0; i < result.size(); ++i)
    aliases += (i ? ", " : "") + std::string("\"c") + std::to_string(i) + "\"";
  for (size_t i = 0; i < targets.size(); ++i) {
    ASSIGN_OR_RETURN(std::string type, DuckDbTypeOf(targets[i].value("Type", "string")));
    std::string value = sources[i].empty() ? "NULL" : "s." + SqlIdentifier(sources[i]);
    select += (i ? ", " : "") + std::string("CAST(") + value + " AS " + type + ") AS " +
              SqlIdentifier(Lower(targets[i].value("Name", "")));
  }
  std::string sql = "SELECT " + select + " FROM (" + bound.sql + ") AS s(" + aliases + ")";

  TableWriter writer(router_, context.scratch_dir);
  WriteOutcome outcome{0, bound.bytes()};
  std::vector<std::string> old_files;
  Status status = [&]() -> Status {
    ASSIGN_OR_RETURN(outcome.rows,
                     writer.Copy(connection, sql, output, keys, context.query_id, context.options));
    ASSIGN_OR_RETURN(std::vector<StagedFile> files, writer.Files());
    std::string staging = location + "_sluice_staging/" + context.query_id + "/";
    // Where each partition lives: its catalog location, or <table>/<k=v>/ when it is new.
    std::map<std::string, std::string> folders;  // relative folder → location
    json new_partitions = json::array();
    for (const StagedFile& file : files) {
      auto [folder, values] = PartitionOf(file.relative);
      if (!folders.count(folder)) {
        std::string target = location + folder;
        if (!keys.empty()) {
          auto existing = catalog_.GetPartition(database, name, values);
          if (existing.ok()) {
            target = json::parse(*existing)["StorageDescriptor"].value("Location", target);
            if (target.back() != '/') target += '/';
          } else if (existing.status().code() == StatusCode::kNotFound) {
            json psd = sd;
            psd["Location"] = target;
            new_partitions.push_back({{"Values", values}, {"StorageDescriptor", psd}});
          } else {
            return existing.status();
          }
        }
        folders[folder] = target;
        if (insert.overwrite) {
          ScanFiles listing(router_, context.scratch_dir + "-list");
          auto before = listing.Open(target);
          if (!before.ok()) return before.status();
          for (const ScanFile& f : *before) old_files.push_back(f.uri);
        }
      }
      RETURN_NOT_OK(writer.Upload(file, staging + file.relative));
    }
    RETURN_NOT_OK(CheckFailpoint("insert.before_move"));
    if (context.cancelled && context.cancelled()) return Status::Unavailable("cancelled");
    for (const StagedFile& file : files) {
      std::string folder = PartitionOf(file.relative).first;
      std::string base = file.relative.substr(folder.size());
      RETURN_NOT_OK(writer.Move(staging + file.relative, folders[folder] + base));
    }
    RETURN_NOT_OK(CheckFailpoint("insert.before_catalog"));
    if (!new_partitions.empty()) {
      ASSIGN_OR_RETURN(std::vector<catalog::ItemError> errors,
                       catalog_.BatchCreatePartition(database, name, new_partitions));
      for (const catalog::ItemError& error : errors) {
        if (error.error_code != "AlreadyExistsException") {
          return Status::InvalidInput(error.error_code + ": " + error.message);
        }
      }
    }
    return Status::OK();
  }();
  if (!status.ok()) {
    IgnoreStatus(writer.Abort());
    return status;
  }
  writer.Commit();
  // INSERT OVERWRITE: the replaced files go only once the new ones are in place and registered.
  for (const std::string& uri : old_files) IgnoreStatus(writer.Delete(uri));
  return outcome;
}

}  // namespace sluice::query
