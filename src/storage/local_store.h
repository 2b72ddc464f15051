// LocalFileStore: an ObjectStore over plain files, for file:// locations and data that users
// drop into a directory by hand.
//
// Layout: container = directory <root>/<container>; object = file <root>/<container>/<key>; a
// folder marker (a key ending in '/', always 0 bytes) = a directory carrying metadata. A
// directory without metadata only exists because keys below it do: it is not an object, and
// deleting the last key below it removes it. Object metadata (content type and encoding, user
// metadata, stored headers, etag) lives in the extended attribute "user.sluice"; files without it
// get the MD5 of their bytes as etag (computed when first seen, then cached in the attribute) and
// no metadata.
//
// Writes stream into <root>/<container>/.sluice-tmp/ (never listed), are fsynced, get their
// metadata attribute, and are renamed into place, so data and metadata publish together and
// readers never see a partial file. Readers keep the file open, so a replaced object stays
// readable. A crash can leave files in .sluice-tmp/; they are harmless and never listed.
//
// File-system limits surface as InvalidInput naming the key: a key cannot be both an object and
// a "directory" of other keys ("a" and "a/b"), segments are at most 255 bytes, "//" and a first
// segment ".sluice-tmp" are not allowed. Symlinks and special files in the tree are not objects.
//
// Thread-safe. One process per root: directory creation and removal are serialized by a mutex
// in this object. Writers must not outlive the store; readers may.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

#include "storage/object_store.h"

namespace sluice::storage {

// Not final: tests derive from it to remove a temporary root afterwards.
class LocalFileStore : public ObjectStore {
 public:
  // Serves containers under `root`, which should exist (operations on a missing root report
  // NotFound for the container).
  explicit LocalFileStore(std::string root);
  ~LocalFileStore() override = default;
  LocalFileStore(const LocalFileStore&) = delete;
  LocalFileStore& operator=(const LocalFileStore&) = delete;

  // Creates the container's directory. AlreadyExists when it exists; InvalidInput for a name
  // that is not one path segment; IOError when the root is missing or not writable.
  Status CreateContainer(std::string_view name);
  // Removes the container's directory. NotFound when missing; InvalidInput when it still holds
  // objects (or files that are not objects, such as symlinks).
  Status DeleteContainer(std::string_view name);

  const std::string& root() const { return root_; }

  // ObjectStore. Head/Open/Delete treat a key this store cannot hold as missing.
  Result<ListPage> List(std::string_view container, const ListOptions& options) override;
  Result<std::optional<ObjectInfo>> Head(std::string_view container, std::string_view key) override;
  Result<std::unique_ptr<ObjectReader>> Open(std::string_view container, std::string_view key,
                                             uint64_t offset,
                                             std::optional<uint64_t> length) override;
  Result<std::unique_ptr<ObjectWriter>> Create(std::string_view container, std::string_view key,
                                               const WriteOptions& options) override;
  Result<bool> Delete(std::string_view container, std::string_view key) override;
  Result<ObjectInfo> Copy(std::string_view src_container, std::string_view src_key,
                          std::string_view dst_container, std::string_view dst_key,
                          const std::optional<WriteOptions>& replace) override;
  // Renames the file to the key's path (nullopt across file systems). The object has no
  // stored metadata, like a file another program put there (its ETag is computed when read).
  Result<std::optional<ObjectInfo>> AdoptFile(std::string_view container, std::string_view key,
                                              const std::string& path) override;

 private:
  class Writer;

  // The container's directory; InvalidInput for a bad name, NotFound when it does not exist.
  Result<std::string> ContainerPath(std::string_view container) const;
  // Renames a finished temp file to the key's path, creating parent directories.
  Status PublishFile(const std::string& container_path, const std::string& tmp_path,
                     const std::string& key);
  // Creates (or updates) the directory of a folder marker and sets its metadata.
  Status PublishMarker(const std::string& container_path, const ObjectInfo& info);
  // Creates the directories a key needs (REQUIRES tree_mu_).
  Status MakeParents(const std::string& container_path, std::string_view key);
  // Removes directories left empty above `key`, up to the container (REQUIRES tree_mu_).
  void PruneEmptyParents(const std::string& container_path, std::string_view key);

  const std::string root_;
  // Serializes creating directories and renaming into them against removing empty ones, so a
  // commit never loses its parent directory to a concurrent delete.
  std::mutex tree_mu_;
};

// Checks a key as the local store can hold it: ValidateKey, plus the file-system limits above.
Status ValidateLocalKey(std::string_view key);

}  // namespace sluice::storage
