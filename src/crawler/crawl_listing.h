// Listing one S3Target of a crawler: every object under its path, minus Spark/Hadoop artifacts
// (_SUCCESS, _temporary/, *.crc, _spark_metadata/, hidden files and folders, folder markers)
// and the target's Exclusions (exclusion_glob.h, relative to the path).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/storage_router.h"

namespace sluice::crawler {

struct CrawlFile {
  std::string key;       // the full object key
  std::string relative;  // the key below the target path ("year=2024/part-0.json")
  uint64_t size = 0;
  int64_t last_modified_ms = 0;
};

struct TargetListing {
  std::string path;  // the target path as configured, normalized to end with '/' for folders
  storage::StorageLocation location;  // store, container and key prefix of `path`
  std::vector<CrawlFile> files;       // in key order
  int artifacts_skipped = 0;
  int excluded = 0;
};

// True for keys a crawler never reads (relative to the target path).
bool IsArtifact(std::string_view relative);

// Lists a target. A path naming one object lists just that object. InvalidInput for a bad
// path or exclusion; NotFound for a missing bucket; stops early (with what it has) when `stop`.
Result<TargetListing> ListTarget(const nlohmann::json& s3_target, storage::StorageRouter& router,
                                 const std::atomic<bool>& stop);

// CRAWL_EVENT_MODE for a target in the built-in store: the files the last crawl saw (`known`:
// URI → size and time), except in the folders that object-created events name, which are
// listed again (non-recursively). No full listing. `event_keys` are the keys of the target's
// bucket that events named since the last crawl.
Result<TargetListing> ListTargetFromEvents(
    const nlohmann::json& s3_target, storage::StorageRouter& router,
    const std::map<std::string, std::pair<uint64_t, int64_t>>& known,
    const std::vector<std::string>& event_keys, const std::atomic<bool>& stop,
    size_t* folders_listed);

}  // namespace sluice::crawler
