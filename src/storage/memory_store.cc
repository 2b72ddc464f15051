#include "storage/memory_store.h"

#include <algorithm>
#include <cstring>

#include "common/time.h"
#include "storage/md5.h"
#include "storage/store_internal.h"

namespace sluice::storage {

namespace {

Status NoSuchKey(std::string_view container, std::string_view key) {
  return Status::NotFound("NoSuchKey: object '" + std::string(key) +
                          "' does not exist in container '" + std::string(container) + "'");
}

// Reads a range of a published object's bytes, which stay alive and unchanged while held.
class SnapshotReader final : public ObjectReader {
 public:
  SnapshotReader(std::shared_ptr<const std::string> bytes, uint64_t offset, uint64_t length)
      : bytes_(std::move(bytes)), pos_(offset), end_(offset + length), length_(length) {}

  Result<size_t> Read(char* buffer, size_t size) override {
    size_t n = static_cast<size_t>(std::min<uint64_t>(size, end_ - pos_));
    if (n > 0) std::memcpy(buffer, bytes_->data() + pos_, n);
    pos_ += n;
    return n;
  }
  uint64_t length() const override { return length_; }

 private:
  std::shared_ptr<const std::string> bytes_;
  uint64_t pos_;
  uint64_t end_;
  uint64_t length_;
};

}  // namespace

// Buffers the bytes; Commit hands them to the store in one step.
class MemoryObjectStore::Writer final : public ObjectWriter {
 public:
  Writer(MemoryObjectStore& store, std::string container, std::string key, WriteOptions options)
      : store_(store),
        container_(std::move(container)),
        key_(std::move(key)),
        options_(std::move(options)) {}

  Status Append(std::string_view data) override {
    if (done_) return Status::InvalidInput("the writer of '" + key_ + "' was already committed");
    bytes_.append(data);
    md5_.Update(data);
    return Status::OK();
  }

  Result<ObjectInfo> Commit() override {
    if (done_) return Status::InvalidInput("the writer of '" + key_ + "' was already committed");
    done_ = true;
    std::string etag = HexEncode(md5_.FinishBinary());
    RETURN_NOT_OK(internal::CheckExpectedMd5(key_, options_.expected_md5_hex, etag));
    StoredObject object;
    object.info.key = key_;
    object.info.size = bytes_.size();
    object.info.etag = std::move(etag);
    object.info.content_type = std::move(options_.content_type);
    object.info.content_encoding = std::move(options_.content_encoding);
    object.info.user_metadata = std::move(options_.user_metadata);
    object.info.headers = std::move(options_.headers);
    object.bytes = std::make_shared<const std::string>(std::move(bytes_));
    return store_.Publish(container_, std::move(object));
  }

 private:
  MemoryObjectStore& store_;
  const std::string container_;
  const std::string key_;
  WriteOptions options_;
  std::string bytes_;
  Md5 md5_;
  bool done_ = false;
};

Status MemoryObjectStore::CreateContainer(std::string_view name) {
  RETURN_NOT_OK(internal::ValidateContainerName(name));
  std::lock_guard<std::mutex> lock(mu_);
  if (!containers_.try_emplace(std::string(name)).second) {
    return Status::AlreadyExists("container '" + std::string(name) + "' already exists");
  }
  return Status::OK();
}

Status MemoryObjectStore::DeleteContainer(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = containers_.find(name);
  if (it == containers_.end()) return internal::NoSuchContainer(name);
  if (!it->second.empty()) {
    return Status::InvalidInput("BucketNotEmpty: container '" + std::string(name) + "' holds " +
                                std::to_string(it->second.size()) + " objects (delete them first)");
  }
  containers_.erase(it);
  return Status::OK();
}

Result<ObjectInfo> MemoryObjectStore::Publish(const std::string& container, StoredObject object) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = containers_.find(container);
  if (it == containers_.end()) return internal::NoSuchContainer(container);
  object.info.last_modified_ms = NowEpochMillis();
  ObjectInfo info = object.info;
  it->second.insert_or_assign(info.key, std::move(object));
  return info;
}

Result<std::optional<MemoryObjectStore::StoredObject>> MemoryObjectStore::Find(
    std::string_view container, std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = containers_.find(container);
  if (it == containers_.end()) return internal::NoSuchContainer(container);
  auto object = it->second.find(key);
  if (object == it->second.end()) return std::optional<StoredObject>();
  return std::optional<StoredObject>(object->second);
}

Result<ListPage> MemoryObjectStore::List(std::string_view container, const ListOptions& options) {
  internal::ListPageBuilder page(options);
  std::lock_guard<std::mutex> lock(mu_);
  auto found = containers_.find(container);
  if (found == containers_.end()) return internal::NoSuchContainer(container);
  const Container& objects = found->second;
  auto it = options.start_after >= options.prefix ? objects.upper_bound(options.start_after)
                                                  : objects.lower_bound(options.prefix);
  for (; it != objects.end() && it->first.starts_with(options.prefix); ++it) {
    auto verdict = page.Offer(it->first);
    if (verdict == internal::ListPageBuilder::Verdict::kDone) break;
    if (verdict == internal::ListPageBuilder::Verdict::kObject) page.AddObject(it->second.info);
  }
  return page.Finish();
}

Result<std::optional<ObjectInfo>> MemoryObjectStore::Head(std::string_view container,
                                                          std::string_view key) {
  ASSIGN_OR_RETURN(std::optional<StoredObject> object, Find(container, key));
  if (!object) return std::optional<ObjectInfo>();
  return std::optional<ObjectInfo>(std::move(object->info));
}

Result<std::unique_ptr<ObjectReader>> MemoryObjectStore::Open(std::string_view container,
                                                              std::string_view key, uint64_t offset,
                                                              std::optional<uint64_t> length) {
  ASSIGN_OR_RETURN(std::optional<StoredObject> object, Find(container, key));
  if (!object) return NoSuchKey(container, key);
  uint64_t size = object->bytes->size();
  RETURN_NOT_OK(internal::CheckRangeStart(key, offset, size));
  uint64_t n = std::min(length.value_or(size - offset), size - offset);
  return std::unique_ptr<ObjectReader>(
      std::make_unique<SnapshotReader>(std::move(object->bytes), offset, n));
}

Result<std::unique_ptr<ObjectWriter>> MemoryObjectStore::Create(std::string_view container,
                                                                std::string_view key,
                                                                const WriteOptions& options) {
  RETURN_NOT_OK(ValidateKey(key));
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!containers_.contains(container)) return internal::NoSuchContainer(container);
  }
  return std::unique_ptr<ObjectWriter>(
      std::make_unique<Writer>(*this, std::string(container), std::string(key), options));
}

Result<bool> MemoryObjectStore::Delete(std::string_view container, std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = containers_.find(container);
  if (it == containers_.end()) return internal::NoSuchContainer(container);
  auto object = it->second.find(key);
  if (object == it->second.end()) return false;
  it->second.erase(object);
  return true;
}

Result<ObjectInfo> MemoryObjectStore::Copy(std::string_view src_container, std::string_view src_key,
                                           std::string_view dst_container, std::string_view dst_key,
                                           const std::optional<WriteOptions>& replace) {
  RETURN_NOT_OK(ValidateKey(dst_key));
  ASSIGN_OR_RETURN(std::optional<StoredObject> found, Find(src_container, src_key));
  if (!found) return NoSuchKey(src_container, src_key);
  StoredObject object = std::move(*found);
  object.info.key = std::string(dst_key);
  if (replace) {
    object.info.content_type = replace->content_type;
    object.info.content_encoding = replace->content_encoding;
    object.info.user_metadata = replace->user_metadata;
    object.info.headers = replace->headers;
  }
  return Publish(std::string(dst_container), std::move(object));
}

}  // namespace sluice::storage
