// FileWatcher: records an object-created event (object_events.h) for every file that appears
// under a watched file:// root — written and closed, or moved in — using inotify, so EVENT
// triggers and event-mode crawls see file drops the way they see S3 uploads.
//
// The whole tree is watched; new subdirectories are added as they appear (files already inside
// a directory moved in are recorded when it is added). Names starting with '.' or '_' (temp
// files, Spark's _temporary and _SUCCESS) are ignored. Events are recorded by a background
// thread; Stop() (or destruction) ends it. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "metastore/metastore.h"

namespace sluice::storage {

class FileWatcher {
 public:
  // Starts watching `root` (an absolute directory path). NotFound when it does not exist,
  // IOError when inotify cannot be set up (e.g. the user's watch limit).
  static Result<std::unique_ptr<FileWatcher>> Start(const std::string& root,
                                                    metastore::Metastore& store);
  ~FileWatcher();

  void Stop();
  // The URI events are recorded under ("file:///abs/root").
  const std::string& root_uri() const;

  struct State;

 private:
  explicit FileWatcher(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sluice::storage
