// Catalog::ApplyCrawledTable: one crawled table and its partitions in one transaction.
#include "catalog/catalog.h"
#include "catalog/catalog_internal.h"
#include "common/time.h"

namespace sluice::catalog {

using metastore::Session;
using namespace internal;

namespace {

// Parameters that change on every crawl and so do not make a table "changed".
bool Volatile(const std::string& key) { return key == "CRAWL_RUN_ID"; }

json Stable(json params) {
  if (!params.is_object()) return json::object();
  for (auto it = params.begin(); it != params.end();) {
    it = Volatile(it.key()) ? params.erase(it) : std::next(it);
  }
  return params;
}

// A storage descriptor without its volatile parameters.
json StableDescriptor(json sd) {
  if (sd.is_object() && sd.contains("Parameters")) sd["Parameters"] = Stable(sd["Parameters"]);
  return sd;
}

// Whether the crawled definition differs from the stored one in what a crawler writes.
bool Differs(const json& stored, const json& input) {
  if (StableDescriptor(stored.value("StorageDescriptor", json())) !=
      StableDescriptor(input.value("StorageDescriptor", json()))) {
    return true;
  }
  for (const char* f : {"PartitionKeys", "TableType"}) {
    if (stored.value(f, json()) != input.value(f, json())) return true;
  }
  return Stable(stored.value("Parameters", json::object())) !=
         Stable(input.value("Parameters", json::object()));
}

// MergeNewColumns ("add new columns only"): the stored columns stay as they are, in their order
// and with their types; crawled columns the table lacks are appended.
void KeepStoredColumns(const json& stored, json& input) {
  json columns = stored["StorageDescriptor"].value("Columns", json::array());
  for (const json& c : input["StorageDescriptor"].value("Columns", json::array())) {
    std::string name = NormalizeName(c.value("Name", ""));
    bool known = false;
    for (const json& old : columns) known = known || NormalizeName(old.value("Name", "")) == name;
    if (!known) columns.push_back(c);
  }
  input["StorageDescriptor"]["Columns"] = columns;
}

bool PartitionDiffers(const json& stored, const json& input) {
  return StableDescriptor(stored.value("StorageDescriptor", json())) !=
             StableDescriptor(input.value("StorageDescriptor", json())) ||
         Stable(stored.value("Parameters", json::object())) !=
             Stable(input.value("Parameters", json::object()));
}

}  // namespace

Result<CrawlApplyResult> Catalog::ApplyCrawledTable(std::string_view raw_db,
                                                    const CrawledTable& table,
                                                    const CrawlApplyPolicy& policy) {
  std::string db = NormalizeName(raw_db);
  std::string name = NormalizeName(table.table_input.value("Name", ""));
  CrawlApplyResult result;
  RETURN_NOT_OK(store_.Write([&](Session& s) -> Status {
    result = {};
    RETURN_NOT_OK(RequireDatabase(s, db));
    auto existing = LoadTable(s, db, name);
    if (!existing.ok() && !existing.status().IsNotFound()) return existing.status();
    TableRow row;
    bool may_update_partitions = true;
    if (!existing.ok()) {
      ASSIGN_OR_RETURN(row, InsertTable(s, db, name, table.table_input, options_.catalog_id));
      result.created = true;
    } else {
      row = std::move(*existing);
      json input = table.table_input;
      if (policy.merge_new_columns) KeepStoredColumns(row.body, input);
      if (!Differs(row.body, input)) {
        result.unchanged = true;
      } else if (policy.update_in_database) {
        RETURN_NOT_OK(ReplaceTable(s, row, input, /*skip_archive=*/false, options_.catalog_id));
        result.updated = true;
      } else {
        result.unchanged = true;
        may_update_partitions = false;
        result.note = "schema change logged, not applied (SchemaChangePolicy UpdateBehavior LOG)";
      }
    }
    ASSIGN_OR_RETURN(std::vector<IndexDef> indexes, LoadIndexes(s, row.id));
    double now = NowEpochSeconds();
    for (const json& partition : table.partitions) {
      std::vector<std::string> values = ValuesOf(partition.value("Values", json::array()));
      auto found = FindPartition(s, row, values);
      if (!found.ok()) {
        if (!found.status().IsNotFound()) return found.status();
        RETURN_NOT_OK(
            InsertPartition(s, row, indexes, partition, options_.catalog_id, now).status());
        ++result.partitions_added;
      } else if (may_update_partitions && PartitionDiffers(found->second, partition)) {
        RETURN_NOT_OK(
            UpdatePartitionInTxn(s, row, indexes, values, partition, options_.catalog_id));
        ++result.partitions_updated;
      }
    }
    return Status::OK();
  }));
  return result;
}

}  // namespace sluice::catalog
