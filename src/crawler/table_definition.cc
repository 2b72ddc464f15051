#include "crawler/table_definition.h"

#include <algorithm>
#include <cmath>

#include "common/time.h"

namespace sluice::crawler {

using nlohmann::json;

namespace {

json Columns(const std::vector<formats::Column>& columns) {
  json out = json::array();
  for (const auto& c : columns) out.push_back({{"Name", c.name}, {"Type", c.type.ToString()}});
  return out;
}

// The crawler's parameters for a set of files (a table or one partition).
json Parameters(const PlannedTable& t, const std::string& crawler, const std::string& crawl_id,
                uint64_t objects, uint64_t bytes) {
  json p = json::object();
  for (const auto& [k, v] : t.format.table_parameters) p[k] = v;
  p["classification"] = t.classification;
  p["compressionType"] = t.compression;
  p["typeOfData"] = "file";
  p["objectCount"] = std::to_string(objects);
  p["sizeKey"] = std::to_string(bytes);
  if (t.sampled_records > 0) {
    uint64_t average = std::max<uint64_t>(1, t.sampled_bytes / t.sampled_records);
    p["averageRecordSize"] = std::to_string(average);
    p["recordCount"] = std::to_string(bytes / average);
  }
  p["UPDATED_BY_CRAWLER"] = crawler;
  p["CrawlerSchemaSerializerVersion"] = "1.0";
  p["CrawlerSchemaDeserializerVersion"] = "1.0";
  p["CRAWL_RUN_ID"] = crawl_id;
  return p;
}

json StorageDescriptor(const PlannedTable& t, const std::string& location, const json& params) {
  json serde_params = json::object();
  for (const auto& [k, v] : t.format.serde_parameters) serde_params[k] = v;
  if (serde_params.contains("paths")) {  // the JSON SerDe's keys: every column of the table
    std::vector<std::string> names;
    for (const auto& c : t.columns) names.push_back(c.name);
    std::sort(names.begin(), names.end());
    std::string paths;
    for (const auto& n : names) paths += (paths.empty() ? "" : ",") + n;
    serde_params["paths"] = paths;
  }
  return {{"Columns", Columns(t.columns)},
          {"Location", location},
          {"InputFormat", t.format.input_format},
          {"OutputFormat", t.format.output_format},
          {"Compressed", t.compression != "none"},
          {"NumberOfBuckets", -1},
          {"SerdeInfo",
           {{"SerializationLibrary", t.format.serde_library}, {"Parameters", serde_params}}},
          {"BucketColumns", json::array()},
          {"SortColumns", json::array()},
          {"Parameters", params},
          {"StoredAsSubDirectories", false}};
}

}  // namespace

catalog::CrawledTable ToCrawledTable(const PlannedTable& t, const std::string& crawler,
                                     const std::string& crawl_id) {
  catalog::CrawledTable out;
  json params = Parameters(t, crawler, crawl_id, t.objects, t.bytes);
  json keys = json::array();
  for (size_t i = 0; i < t.partition_keys.size(); ++i) {
    std::string type = i < t.partition_key_types.size() ? t.partition_key_types[i] : "string";
    keys.push_back({{"Name", t.partition_keys[i]}, {"Type", type}});
  }
  out.table_input = {{"Name", t.name},
                     {"Owner", "owner"},
                     {"Retention", 0},
                     {"TableType", "EXTERNAL_TABLE"},
                     {"PartitionKeys", keys},
                     {"Parameters", params},
                     {"StorageDescriptor", StorageDescriptor(t, t.location, params)}};
  for (const PlannedPartition& p : t.partitions) {
    json pp = Parameters(t, crawler, crawl_id, p.objects, p.bytes);
    out.partitions.push_back({{"Values", p.values},
                              {"Parameters", pp},
                              {"StorageDescriptor", StorageDescriptor(t, p.location, pp)}});
  }
  return out;
}

Result<std::vector<json>> CrawlerTables(catalog::Catalog& catalog, const std::string& database,
                                        const std::string& crawler) {
  catalog::PageRequest page;
  page.max_results = 100;
  std::vector<json> out;
  while (true) {
    ASSIGN_OR_RETURN(catalog::Page tables, catalog.GetTables(database, std::nullopt, page));
    for (const std::string& item : tables.items) {
      json t = json::parse(item);
      if (t.value("Parameters", json::object()).value("UPDATED_BY_CRAWLER", "") == crawler) {
        out.push_back(std::move(t));
      }
    }
    if (!tables.next_token) break;
    page.next_token = tables.next_token;
  }
  return out;
}

Status HandleVanishedTables(catalog::Catalog& catalog, const std::string& database,
                            const std::string& crawler, const std::vector<std::string>& roots,
                            const std::vector<std::string>& planned, const std::string& behavior,
                            CrawlOutcome& outcome, std::vector<std::string>& log) {
  ASSIGN_OR_RETURN(std::vector<json> mine, CrawlerTables(catalog, database, crawler));
  std::vector<json> vanished;
  for (json& t : mine) {
    if (std::find(planned.begin(), planned.end(), t.value("Name", "")) != planned.end()) continue;
    std::string location = t.value("StorageDescriptor", json::object()).value("Location", "");
    bool under = std::any_of(roots.begin(), roots.end(),
                             [&](const std::string& r) { return location.rfind(r, 0) == 0; });
    if (under) vanished.push_back(std::move(t));
  }
  for (json& t : vanished) {
    std::string name = t.value("Name", "");
    if (behavior == "LOG") {
      log.push_back("table " + name + ": its data is gone; left as is (DeleteBehavior LOG)");
    } else if (behavior == "DELETE_FROM_DATABASE") {
      RETURN_NOT_OK(catalog.DeleteTable(database, name));
      ++outcome.tables_deleted;
      log.push_back("table " + name + ": its data is gone; deleted (DELETE_FROM_DATABASE)");
    } else {
      if (t["Parameters"].contains("DEPRECATED_BY_CRAWLER")) continue;
      json input = t;
      for (const char* f : {"DatabaseName", "CreateTime", "UpdateTime", "CatalogId", "VersionId",
                            "IsRegisteredWithLakeFormation", "CreatedBy"}) {
        input.erase(f);
      }
      input["Parameters"]["DEPRECATED_BY_CRAWLER"] = std::to_string(NowEpochMillis());
      RETURN_NOT_OK(catalog.UpdateTable(database, input, false, std::nullopt));
      ++outcome.tables_deleted;
      log.push_back("Table " + name +
                    " is marked deprecated because a matching schema was not "
                    "found at the table's location.");
    }
  }
  return Status::OK();
}

}  // namespace sluice::crawler
