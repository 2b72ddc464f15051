// ObjectStore: the one storage interface every module reads and writes through.
//
// Objects live in containers (an S3 bucket; for file:// stores, the first path segment under
// the store's root) and are named by keys (any UTF-8 S3 allows, '/' has no special meaning except
// to delimiter listings). Writes are atomic: an object becomes visible only when its writer
// commits, whole, and replaces the previous object of that key in one step; a writer dropped
// without Commit() leaves nothing visible. Implementations are thread-safe; readers and writers
// are used by one thread at a time.
//
// Errors: NotFound for a missing container (missing objects are std::nullopt from Head, and
// NotFound from Open), InvalidInput for keys the store cannot hold (with the reason), IOError for
// the disk or the network, Unavailable for a transient remote failure.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace sluice::storage {

struct ObjectInfo {
  std::string key;
  uint64_t size = 0;
  int64_t last_modified_ms = 0;  // epoch milliseconds, UTC
  std::string etag;              // without quotes: hex MD5, or "<hex>-<parts>" for multipart
  std::string content_type;      // "" = not set
  std::string content_encoding;  // "" = not set
  std::map<std::string, std::string> user_metadata;  // x-amz-meta-* without the prefix, lowercase
  // Other headers stored with the object and returned on reads: cache-control,
  // content-disposition, content-language, expires (names lowercase).
  std::map<std::string, std::string> headers;
};

struct ListOptions {
  std::string prefix;
  std::string delimiter;    // "" lists recursively; "/" rolls sub-"folders" into common prefixes
  std::string start_after;  // exclusive: only keys (and prefixes) after this one
  int max_keys = 1000;      // objects + common prefixes per page, 1..1000
};

struct ListPage {
  std::vector<ObjectInfo> objects;           // in key order (bytewise)
  std::vector<std::string> common_prefixes;  // in order, each ending with the delimiter
  bool truncated = false;
  std::string last;  // the last key or prefix returned: the start_after of the next page
};

struct WriteOptions {
  std::string content_type;
  std::string content_encoding;
  std::map<std::string, std::string> user_metadata;
  std::map<std::string, std::string> headers;   // as ObjectInfo::headers
  std::optional<std::string> expected_md5_hex;  // Commit fails with InvalidInput on mismatch
};

// Streams an object's bytes. Read returns 0 at the end.
class ObjectReader {
 public:
  virtual ~ObjectReader() = default;
  virtual Result<size_t> Read(char* buffer, size_t size) = 0;
  // Bytes this reader will deliver in total (the requested range, clipped to the object).
  virtual uint64_t length() const = 0;
  // A local file and the offset where the requested range starts, for zero-copy responses
  // (sendfile); std::nullopt when the bytes do not come from a local file.
  virtual std::optional<std::pair<int, uint64_t>> LocalFile() const { return std::nullopt; }
};

// Receives an object's bytes; nothing is visible until Commit succeeds.
class ObjectWriter {
 public:
  virtual ~ObjectWriter() = default;  // aborts when not committed
  virtual Status Append(std::string_view data) = 0;
  // Publishes the object atomically and returns what was stored (size, etag, time).
  virtual Result<ObjectInfo> Commit() = 0;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // One page of the container's keys. NotFound when the container does not exist.
  virtual Result<ListPage> List(std::string_view container, const ListOptions& options) = 0;
  // The object's metadata, or std::nullopt when there is no such key.
  virtual Result<std::optional<ObjectInfo>> Head(std::string_view container,
                                                 std::string_view key) = 0;
  // Opens bytes [offset, offset + length) (length nullopt = to the end); offset beyond the end is
  // InvalidInput. The reader sees the object as it was when opened, even if it is replaced.
  virtual Result<std::unique_ptr<ObjectReader>> Open(std::string_view container,
                                                     std::string_view key, uint64_t offset,
                                                     std::optional<uint64_t> length) = 0;
  virtual Result<std::unique_ptr<ObjectWriter>> Create(std::string_view container,
                                                       std::string_view key,
                                                       const WriteOptions& options) = 0;
  // Removes the object; returns whether it existed (removing a missing key is not an error).
  virtual Result<bool> Delete(std::string_view container, std::string_view key) = 0;
  // Copies an object (keeping its metadata unless `replace` is given); atomic like a write.
  virtual Result<ObjectInfo> Copy(std::string_view src_container, std::string_view src_key,
                                  std::string_view dst_container, std::string_view dst_key,
                                  const std::optional<WriteOptions>& replace) = 0;
  // Publishes the local file at `path` as the object by moving it into the store, without
  // copying its bytes (made durable first; atomic like a write). On success the file is gone.
  // std::nullopt when this store cannot take the file over (a remote store, another file
  // system): the caller copies the bytes with Create instead.
  virtual Result<std::optional<ObjectInfo>> AdoptFile(std::string_view container,
                                                      std::string_view key,
                                                      const std::string& path) {
    (void)container, (void)key, (void)path;
    return std::optional<ObjectInfo>();
  }
};

// Checks a key as S3 allows it and as every store here can hold it: 1..1024 bytes of valid
// UTF-8, no NUL, and no segment "." or ".." (which would escape or alias a file-system root).
// Returns InvalidInput naming the problem.
Status ValidateKey(std::string_view key);

}  // namespace sluice::storage
