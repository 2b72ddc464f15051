// ScanFiles: the data files of a table location, opened for one query so DuckDB can read them by
// a local path while the query runs.
//
// Built-in and file:// objects are read in place: the object is opened through its store and
// DuckDB reads /proc/self/fd/<n>, so a query sees each object as it was when bound even if it is
// replaced meanwhile. Objects with no local file (small objects kept in their metastore row,
// external S3 buckets) are copied into the query's scratch folder first. Everything is released
// when the ScanFiles is destroyed. Thread-compatible.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "query/object_cache.h"
#include "storage/storage_router.h"

namespace sluice::query {

struct ScanFile {
  std::string uri;   // s3://bucket/key or file:///path
  std::string path;  // what DuckDB opens
  uint64_t size = 0;
  std::string compression;  // from the name: "gzip", "zstd", ... ; "" = none or unknown
};

class ScanFiles {
 public:
  // `scratch_dir` receives copies (created on first use, removed with this object); objects of
  // external buckets go through `cache` when there is one (else they are copied, too).
  ScanFiles(const storage::StorageRouter& router, std::string scratch_dir,
            ObjectCache* cache = nullptr);
  ~ScanFiles();
  ScanFiles(const ScanFiles&) = delete;
  ScanFiles& operator=(const ScanFiles&) = delete;

  // Every data file under the folder `location` (recursively, in key order), skipping what
  // Athena skips: names starting with '_' or '.', folder markers, empty objects. A missing
  // folder has no files. Errors: InvalidInput for a location that is not a storage URI;
  // the store's errors naming the location.
  Result<std::vector<ScanFile>> Open(std::string_view location);

  // `message` with every local path of an opened file replaced by its storage URI, so errors
  // name the object a user knows ("/proc/self/fd/12" → "s3://lake/raw/a.csv").
  std::string NameFiles(std::string message) const;

  uint64_t bytes() const { return bytes_; }
  size_t count() const { return count_; }

 private:
  Result<ScanFile> OpenOne(storage::ObjectStore& store, const std::string& container,
                           const std::string& key, std::string uri);
  Result<ScanFile> OpenCached(storage::ObjectStore& store, const std::string& container,
                              const storage::ObjectInfo& info, std::string uri);

  const storage::StorageRouter& router_;
  std::string scratch_dir_;
  bool scratch_made_ = false;
  std::vector<std::unique_ptr<storage::ObjectReader>> readers_;
  ObjectCache* cache_;
  std::vector<int> cached_fds_;  // open cache files, closed with this object
  std::vector<std::string> copies_;
  std::vector<std::pair<std::string, std::string>> names_;  // local path → uri
  uint64_t bytes_ = 0;
  size_t count_ = 0;
};

// "gzip" for .gz, "zstd" for .zst/.zstd, "bzip2" for .bz2, "lz4", "snappy"; "" otherwise.
std::string CompressionOfName(std::string_view key);

// True for keys Athena does not read below a table location (relative path given).
bool IsHiddenDataPath(std::string_view relative);

}  // namespace sluice::query
