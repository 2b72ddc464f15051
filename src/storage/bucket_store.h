// BucketStore: Sluice's built-in S3-compatible object store on local disk.
//
// Layout under the data dir:
//   objects/<bucket>/<xx>/<blob-id>  object and part bytes, one immutable file per write
//   tmp/<blob-id>                    writes in progress (emptied at start-up)
// and, in the metastore, the tables storage_buckets, storage_objects (key → blob, size, etag,
// metadata), storage_multipart_uploads/_parts and storage_events.
//
// A write streams into tmp/, is fsynced and renamed into objects/, and then one metastore
// transaction points the key at the new blob and records the object-created event; the
// replaced blob is unlinked after the commit. A crash at any instant leaves the old object or
// the new one; blobs that no row references (from a crash between those steps) are removed by
// Open() at the next start. Readers hold the blob's fd, so a replaced object stays readable.
// Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "metastore/metastore.h"
#include "storage/object_events.h"
#include "storage/object_store.h"

namespace sluice::storage {

struct BucketInfo {
  std::string name;
  int64_t created_ms = 0;
  std::string region;
};

struct MultipartUpload {
  std::string upload_id;
  std::string bucket;
  std::string key;
  int64_t initiated_ms = 0;
};

struct PartInfo {
  int part_number = 0;
  uint64_t size = 0;
  std::string etag;  // hex MD5, unquoted
  int64_t last_modified_ms = 0;
};

// One version of an object, opened: its metadata and its bytes, consistent with each other even
// if the key is replaced meanwhile. Movable; closes its file when destroyed.
class OpenedObject {
 public:
  OpenedObject(ObjectInfo info, int fd, std::string inline_data);
  OpenedObject(OpenedObject&& other) noexcept;
  OpenedObject& operator=(OpenedObject&&) = delete;
  OpenedObject(const OpenedObject&) = delete;
  ~OpenedObject();

  const ObjectInfo& info() const { return info_; }
  // A reader of bytes [offset, offset + length) of this version (length clipped to the end);
  // InvalidInput ("InvalidRange: ...") when offset is past the end.
  Result<std::unique_ptr<ObjectReader>> Range(uint64_t offset,
                                              std::optional<uint64_t> length) const;

 private:
  ObjectInfo info_;
  int fd_;                   // -1 for objects kept in their row
  std::string inline_data_;  // their bytes
};

class BucketStore final : public ObjectStore {
 public:
  struct Options {
    // fsync each blob before publishing it, so that a committed object survives a power loss
    // or kernel crash too. Without it, a killed process still loses nothing (the page cache
    // survives it) and visibility stays atomic; small writes are several times faster.
    bool sync_data = true;
    // Empty tmp/ and remove unreferenced blobs at open (crash recovery). false for a second
    // process — a crawl worker — opening the store that a running server owns.
    bool recover = true;
  };
  // Opens the store under `data_dir` (creating objects/ and tmp/), empties tmp/ and removes
  // unreferenced blobs (unless !options.recover). `metastore` must outlive the store.
  static Result<std::unique_ptr<BucketStore>> Open(const std::string& data_dir,
                                                   metastore::Metastore& metastore,
                                                   Options options);
  static Result<std::unique_ptr<BucketStore>> Open(const std::string& data_dir,
                                                   metastore::Metastore& metastore) {
    return Open(data_dir, metastore, Options{});
  }
  ~BucketStore() override;

  // Buckets. CreateBucket: AlreadyExists when it exists; InvalidInput for names S3 rejects.
  Status CreateBucket(std::string_view name, std::string_view region);
  // NotFound when missing; InvalidInput ("BucketNotEmpty") when it holds objects or uploads.
  Status DeleteBucket(std::string_view name);
  Result<std::optional<BucketInfo>> GetBucket(std::string_view name);
  Result<std::vector<BucketInfo>> ListBuckets();

  // ObjectStore
  Result<ListPage> List(std::string_view bucket, const ListOptions& options) override;
  Result<std::optional<ObjectInfo>> Head(std::string_view bucket, std::string_view key) override;
  Result<std::unique_ptr<ObjectReader>> Open(std::string_view bucket, std::string_view key,
                                             uint64_t offset,
                                             std::optional<uint64_t> length) override;
  Result<std::unique_ptr<ObjectWriter>> Create(std::string_view bucket, std::string_view key,
                                               const WriteOptions& options) override;
  Result<bool> Delete(std::string_view bucket, std::string_view key) override;
  // Opens the current version of an object; std::nullopt when there is no such key, NotFound
  // when there is no such bucket.
  Result<std::optional<OpenedObject>> OpenVersion(std::string_view bucket, std::string_view key);
  // Hashes the file (the ETag), then renames it into the blob folder (nullopt across file
  // systems).
  Result<std::optional<ObjectInfo>> AdoptFile(std::string_view bucket, std::string_view key,
                                              const std::string& path) override;
  Result<ObjectInfo> Copy(std::string_view src_bucket, std::string_view src_key,
                          std::string_view dst_bucket, std::string_view dst_key,
                          const std::optional<WriteOptions>& replace) override;

  // Multipart uploads (bucket_multipart.cc). NotFound ("NoSuchUpload") for unknown ids.
  Result<MultipartUpload> CreateMultipartUpload(std::string_view bucket, std::string_view key,
                                                const WriteOptions& options);
  // A writer for one part (1..10000); committing it replaces an earlier part of that number.
  Result<std::unique_ptr<ObjectWriter>> UploadPart(std::string_view bucket, std::string_view key,
                                                   std::string_view upload_id, int part_number,
                                                   std::optional<std::string> expected_md5_hex);
  // Assembles the listed parts (ascending part numbers, etags must match: InvalidInput
  // "InvalidPart"/"InvalidPartOrder" otherwise) into the object, atomically.
  Result<ObjectInfo> CompleteMultipartUpload(std::string_view bucket, std::string_view key,
                                             std::string_view upload_id,
                                             const std::vector<std::pair<int, std::string>>& parts);
  Status AbortMultipartUpload(std::string_view bucket, std::string_view key,
                              std::string_view upload_id);
  Result<std::vector<PartInfo>> ListParts(std::string_view bucket, std::string_view key,
                                          std::string_view upload_id);
  Result<std::vector<MultipartUpload>> ListMultipartUploads(std::string_view bucket);

  // Object-created events after `after_id`, oldest first, at most `limit`.
  Result<std::vector<ObjectEvent>> ReadEvents(int64_t after_id, int limit);
  // Deletes events older than `before_ms`; returns how many.
  Result<int64_t> PruneEvents(int64_t before_ms);

  struct Impl;

 private:
  explicit BucketStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Checks a bucket name as S3 does (3–63 of a-z 0-9 . -, starts and ends with a letter or
// digit, no "..", not an IP address). Returns InvalidInput naming the rule broken.
Status ValidateBucketName(std::string_view name);

}  // namespace sluice::storage
