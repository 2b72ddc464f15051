// What a crawl learned about one file (its classification and schema), kept between crawls so a
// re-crawl reads only new or changed files (Glue: "later crawls list every object but only read
// files that are new"), and CRAWL_NEW_FOLDERS_ONLY can tell new folders from known ones.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "crawler/table_planner.h"
#include "metastore/metastore.h"

namespace sluice::crawler {

struct FileState {
  uint64_t size = 0;
  int64_t modified_ms = 0;
  SampledFile sampled;  // file.key/relative are filled by the caller
};

// A sampled file as stored JSON and back (InvalidInput for a document this code did not write).
nlohmann::json FileStateToJson(const SampledFile& file);
Result<SampledFile> FileStateFromJson(const nlohmann::json& doc);

// By URI (target path + relative key).
Result<std::map<std::string, FileState>> LoadFileStates(metastore::Metastore& store,
                                                        const std::string& crawler);
// Replaces the crawler's file states with `files` (URI → sampled file), in one transaction.
Status SaveFileStates(metastore::Metastore& store, const std::string& crawler,
                      const std::vector<std::pair<std::string, const SampledFile*>>& files);
// CRAWL_EVENT_MODE: the last object-created event a crawler's successful crawl accounted for
// (nullopt before its first crawl).
Result<std::optional<int64_t>> LoadEventPosition(metastore::Metastore& store,
                                                 const std::string& crawler);
Status SaveEventPosition(metastore::Metastore& store, const std::string& crawler, int64_t event_id);

// Forgets a crawler's file states and event position (DeleteCrawler).
Status DeleteFileStates(metastore::Session& s, const std::string& crawler);

}  // namespace sluice::crawler
