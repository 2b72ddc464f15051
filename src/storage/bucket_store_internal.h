// Internals shared by bucket_store.cc and bucket_multipart.cc.
#pragma once

#include <functional>
#include <string>

#include "storage/bucket_store.h"

namespace sluice::storage {

struct BucketStore::Impl {
  std::string data_dir;
  std::string objects_dir;  // data_dir/objects
  std::string tmp_dir;      // data_dir/tmp
  metastore::Metastore* meta = nullptr;
  bool sync_data = true;

  std::string BlobPath(std::string_view bucket, std::string_view blob_id) const;

  // What publishing a blob stored: the object, and the blob it replaced ("" if none), which is
  // unlinked only after the transaction commits.
  struct Published {
    ObjectInfo info;
    std::string replaced_blob;
  };
  // The bytes being published: a blob file, or (blob_id "") small data kept in the row itself.
  struct BlobRef {
    std::string blob_id;
    uint64_t size = 0;
    std::string md5_binary;
    std::string_view inline_data;
  };
  // Publishes finished bytes: runs in the metastore transaction that makes them visible.
  using Publish = std::function<Result<Published>(metastore::Session& s, const BlobRef& blob)>;
  // Objects up to this size are stored in their metastore row: no file, no inode.
  static constexpr uint64_t kInlineLimit = 64 * 1024;
  // A writer into tmp/ whose Commit renames the blob into objects/<bucket>/ and runs `publish` in
  // one write transaction; on failure the blob is removed again.
  // `allow_inline`: small results may be kept in the row (objects, not multipart parts).
  Result<std::unique_ptr<ObjectWriter>> NewWriter(std::string bucket,
                                                  std::optional<std::string> expected_md5_hex,
                                                  Publish publish, bool allow_inline);
  // Publishes small bytes kept in the row.
  Result<ObjectInfo> PublishInline(const std::string& bucket, const BlobRef& blob,
                                   const Publish& publish);
  // Finishes a blob made by other means (a link or a concatenation) at `tmp_path` the same way.
  Result<ObjectInfo> PublishFile(const std::string& bucket, const std::string& tmp_path,
                                 const std::string& blob_id, uint64_t size,
                                 const std::string& md5_binary, const Publish& publish);
  // Records an object-created event inside the current transaction.
  Status RecordEvent(metastore::Session& s, std::string_view bucket, const ObjectInfo& info,
                     std::string_view kind);
  // Upserts the object row; returns the blob it replaced ("" if none).
  Result<std::string> PutObjectRow(metastore::Session& s, std::string_view bucket,
                                   const ObjectInfo& info, const BlobRef& blob);
  Status RequireBucket(metastore::Session& s, std::string_view bucket);
  void RemoveBlob(std::string_view bucket, std::string_view blob_id);
};

// Readers over a blob file (owning `fd`) and over bytes kept in a row (bucket_blobs.cc).
std::unique_ptr<ObjectReader> NewFileReader(int fd, uint64_t start, uint64_t length);
std::unique_ptr<ObjectReader> NewInlineReader(std::string bytes);

std::string MetadataJson(const std::map<std::string, std::string>& metadata);
std::map<std::string, std::string> ParseMetadataJson(std::string_view text);

}  // namespace sluice::storage
