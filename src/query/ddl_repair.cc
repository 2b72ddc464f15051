// DdlRunner: MSCK REPAIR TABLE — adds the Hive-style partitions (key=value folders, keys in the
// table's order) found under the table's location that the catalog does not have yet.
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "query/ddl_runner.h"
#include "query/scan_files.h"
#include "query/text_util.h"

namespace sluice::query {

using nlohmann::json;

namespace {}  // namespace

Result<StatementResult> DdlRunner::Repair(const MsckRepair& repair,
                                          const std::string& default_database) {
  ASSIGN_OR_RETURN(std::string database, DatabaseOf(repair.table, default_database));
  ASSIGN_OR_RETURN(std::string text, catalog_.GetTable(database, repair.table.name));
  json doc = json::parse(text);
  json keys = doc.value("PartitionKeys", json::array());
  if (keys.empty()) {
    return Status::InvalidInput("Table " + repair.table.name +
                                " is not partitioned: MSCK REPAIR TABLE has nothing to add");
  }
  std::string base = doc.value("StorageDescriptor", json::object()).value("Location", "");
  if (!base.empty() && base.back() != '/') base += '/';
  ASSIGN_OR_RETURN(storage::StorageLocation where, router_.Resolve(base));

  // Partition folders found in storage: values → location.
  std::map<std::vector<std::string>, std::string> found;
  storage::ListOptions options;
  options.prefix = where.key;
  while (true) {
    auto page = where.store->List(where.container, options);
    if (!page.ok()) {
      if (page.status().code() == StatusCode::kNotFound) break;
      return page.status();
    }
    for (const storage::ObjectInfo& object : page->objects) {
      std::string_view relative = std::string_view(object.key).substr(where.key.size());
      if (IsHiddenDataPath(relative)) continue;
      std::vector<std::string> values;
      std::string folder;
      size_t start = 0;
      for (const json& key : keys) {
        size_t slash = relative.find('/', start);
        if (slash == std::string_view::npos) break;
        std::string_view segment = relative.substr(start, slash - start);
        size_t eq = segment.find('=');
        if (eq == std::string_view::npos ||
            Lower(std::string(segment.substr(0, eq))) != Lower(key.value("Name", ""))) {
          break;
        }
        values.push_back(UnescapePathValue(segment.substr(eq + 1)));
        folder += std::string(segment) + "/";
        start = slash + 1;
      }
      if (values.size() == keys.size()) found.emplace(values, base + folder);
    }
    if (!page->truncated) break;
    options.start_after = page->last;
  }

  std::vector<std::vector<std::string>> wanted;
  for (const auto& [values, location] : found) wanted.push_back(values);
  std::set<std::vector<std::string>> missing;
  for (size_t i = 0; i < wanted.size(); i += 1000) {
    std::vector<std::vector<std::string>> batch(wanted.begin() + i,
                                                wanted.begin() + std::min(wanted.size(), i + 1000));
    ASSIGN_OR_RETURN(auto got, catalog_.BatchGetPartition(database, repair.table.name, batch));
    for (auto& values : got.second) missing.insert(values);
  }
  StatementResult result{{"result"}, {}};
  json inputs = json::array();
  for (const auto& values : missing) {
    json sd = doc.value("StorageDescriptor", json::object());
    sd["Location"] = found[values];
    inputs.push_back({{"Values", values}, {"StorageDescriptor", sd}});
    std::string name;
    for (size_t k = 0; k < keys.size(); ++k) {
      name += (k ? "/" : "") + keys[k].value("Name", "") + "=" + values[k];
    }
    result.rows.push_back(
        {"Repair: Added partition to metastore " + repair.table.name + ":" + name});
  }
  for (size_t i = 0; i < inputs.size(); i += 100) {
    json batch = json::array();
    for (size_t j = i; j < std::min(inputs.size(), i + 100); ++j) batch.push_back(inputs[j]);
    ASSIGN_OR_RETURN(std::vector<catalog::ItemError> errors,
                     catalog_.BatchCreatePartition(database, repair.table.name, batch));
    for (const catalog::ItemError& error : errors) {
      if (error.error_code != "AlreadyExistsException") {
        return Status::InvalidInput(error.error_code + ": " + error.message);
      }
    }
  }
  if (!missing.empty()) {
    std::string names;
    for (const auto& row : result.rows)
      names += (names.empty() ? "" : "\t") + row[0]->substr(row[0]->rfind(':') + 1);
    result.rows.insert(result.rows.begin(), CsvRow{"Partitions not in metastore:\t" + names});
  }
  return result;
}

}  // namespace sluice::query
