// MemoryObjectStore: the in-memory fake of ObjectStore, for tests of every module above storage.
//
// Behaves as the interface promises (atomic commits, snapshot readers, bytewise listings, MD5
// etags) with containers created by CreateContainer. Thread-safe: one mutex guards the map;
// readers never block writers because they hold their own snapshot of the bytes. Readers may
// outlive the store; writers must not.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "storage/object_store.h"

namespace sluice::storage {

class MemoryObjectStore final : public ObjectStore {
 public:
  MemoryObjectStore() = default;
  ~MemoryObjectStore() override = default;
  MemoryObjectStore(const MemoryObjectStore&) = delete;
  MemoryObjectStore& operator=(const MemoryObjectStore&) = delete;

  // AlreadyExists when it exists; InvalidInput for a name no store can hold.
  Status CreateContainer(std::string_view name);
  // NotFound when missing; InvalidInput when it still holds objects (delete them first).
  Status DeleteContainer(std::string_view name);

  // ObjectStore
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

 private:
  class Writer;

  // The bytes are shared, not owned by one side: the map holds them while the object is current,
  // and every open reader (and every copy of the object) keeps them alive after a replace or a
  // delete. They are never mutated once published, so sharing needs no lock.
  struct StoredObject {
    ObjectInfo info;
    std::shared_ptr<const std::string> bytes;
  };
  using Container = std::map<std::string, StoredObject, std::less<>>;

  // Makes `object` the current version of its key; NotFound if the container went away.
  Result<ObjectInfo> Publish(const std::string& container, StoredObject object);
  // The object, std::nullopt when the key is missing; NotFound when the container is.
  Result<std::optional<StoredObject>> Find(std::string_view container, std::string_view key);

  std::mutex mu_;
  std::map<std::string, Container, std::less<>> containers_;  // GUARDED_BY(mu_)
};

}  // namespace sluice::storage
