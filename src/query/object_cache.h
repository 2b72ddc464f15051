// ObjectCache: local copies of objects from external S3 buckets, so queries read them with
// DuckDB's local readers and repeated queries do not download them again. Entries are keyed by
// the object's URI, ETag and size (a replaced object is a new entry), written atomically (temp
// file + rename), and evicted least recently used first once the cache holds more than its
// capacity. Callers open the file they get right away: an evicted file stays readable through
// an open descriptor. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "common/result.h"
#include "storage/object_store.h"

namespace sluice::query {

class ObjectCache {
 public:
  // Files already in `dir` (from an earlier run) are kept as entries.
  ObjectCache(std::string dir, uint64_t capacity_bytes);

  // The local path of the object's bytes, downloaded through `store` when not cached.
  // Errors: the store's (naming `uri`), IOError for the cache folder.
  Result<std::string> Get(storage::ObjectStore& store, const std::string& container,
                          const storage::ObjectInfo& info, const std::string& uri);

  uint64_t bytes() const;
  uint64_t downloads() const;

 private:
  // Evicts least recently used entries, never `keep`, until the cache fits its capacity.
  void EvictLocked(const std::string& keep);

  const std::string dir_;
  const uint64_t capacity_;
  mutable std::mutex mu_;
  struct Entry {
    uint64_t size = 0;
    uint64_t last_use = 0;
  };
  std::map<std::string, Entry> entries_;  // GUARDED_BY(mu_) file name → entry
  uint64_t bytes_ = 0;                    // GUARDED_BY(mu_)
  uint64_t clock_ = 0;                    // GUARDED_BY(mu_)
  uint64_t downloads_ = 0;                // GUARDED_BY(mu_)
};

}  // namespace sluice::query
