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

  std::string BlobPath(std::string_view bucket, std::string_view blob_id) const;

  // What publishing a blob stored: the object, and the blob it replaced ("" if none), which is
  // unlinked only after the transaction commits.
  struct Published {
    ObjectInfo info;
    std::string replaced_blob;
  };
  // Publishes a finished blob: runs in the metastore transaction that makes it visible.
  using Publish = std::function<Result<Published>(metastore::Session& s, const std::string& blob_id,
                                                  uint64_t size, const std::string& md5_binary)>;
  // A writer into tmp/ whose Commit renames the blob into objects/<bucket>/ and runs `publish` in
  // one write transaction; on failure the blob is removed again.
  Result<std::unique_ptr<ObjectWriter>> NewWriter(std::string bucket,
                                                  std::optional<std::string> expected_md5_hex,
                                                  Publish publish);
  // Finishes a blob made by other means (a link or a concatenation) at `tmp_path` the same way.
  Result<ObjectInfo> PublishFile(const std::string& bucket, const std::string& tmp_path,
                                 const std::string& blob_id, uint64_t size,
                                 const std::string& md5_binary, const Publish& publish);
  // Records an object-created event inside the current transaction.
  Status RecordEvent(metastore::Session& s, std::string_view bucket, const ObjectInfo& info,
                     std::string_view kind);
  // Upserts the object row; returns the blob it replaced ("" if none).
  Result<std::string> PutObjectRow(metastore::Session& s, std::string_view bucket,
                                   const ObjectInfo& info, const std::string& blob_id);
  Status RequireBucket(metastore::Session& s, std::string_view bucket);
  void RemoveBlob(std::string_view bucket, std::string_view blob_id);
};

std::string MetadataJson(const std::map<std::string, std::string>& metadata);
std::map<std::string, std::string> ParseMetadataJson(std::string_view text);

}  // namespace sluice::storage
