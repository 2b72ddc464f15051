// Object-created events: one ordered log (metastore table storage_events) of every object
// published in the built-in store and every file that appears under a watched file:// root.
// Later consumers (EVENT triggers, event-mode crawls) read it from a position they keep.
// All functions are thread-safe (they run metastore transactions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "metastore/metastore.h"

namespace sluice::storage {

// One object-created event, in commit order (id increases).
struct ObjectEvent {
  int64_t id = 0;
  std::string bucket;  // the bucket, or the watched root as a URI ("file:///data/landing")
  std::string key;     // the key, or the path relative to the watched root
  uint64_t size = 0;
  std::string etag;  // "" for files (not computed)
  int64_t event_ms = 0;
  // "ObjectCreated:Put" | "ObjectCreated:Copy" | "ObjectCreated:CompleteMultipartUpload" |
  // "ObjectCreated:File", or kWatchStarted: a FileWatcher began watching `bucket` (its root
  // URI; key ""): events of that root before it may be missing (e.g. the server was down).
  std::string kind;
};

inline constexpr const char* kWatchStarted = "Sluice:WatchStarted";

// Appends an event inside the caller's transaction (so it commits with the change it records).
Status RecordObjectEvent(metastore::Session& s, const ObjectEvent& event);

// Events after `after_id`, oldest first, at most `limit`.
Result<std::vector<ObjectEvent>> ReadObjectEvents(metastore::Metastore& store, int64_t after_id,
                                                  int limit);

// The id of the newest event (0 when there is none): the position a reader starts after to see
// only what comes next.
Result<int64_t> LatestObjectEventId(metastore::Metastore& store);

// Whether an event of `bucket` and `kind` with an id up to `up_to_id` is in the log.
Result<bool> HasObjectEvent(metastore::Metastore& store, std::string_view bucket,
                            std::string_view kind, int64_t up_to_id);

// Deletes events older than `before_ms`; returns how many were deleted.
Result<int64_t> PruneObjectEvents(metastore::Metastore& store, int64_t before_ms);

}  // namespace sluice::storage
