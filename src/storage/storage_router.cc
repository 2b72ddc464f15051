#include "storage/storage_router.h"

#include "storage/s3_client_store.h"
#include "storage/uri.h"

namespace sluice::storage {

StorageRouter::StorageRouter(ObjectStore* builtin, ObjectStore* files)
    : builtin_(builtin), files_(files) {}

Status StorageRouter::AddExternal(std::string bucket, Endpoint endpoint,
                                  std::unique_ptr<ObjectStore> store) {
  if (external_.count(bucket)) {
    return Status::InvalidInput("bucket '" + bucket + "' is configured as external twice");
  }
  external_.emplace(std::move(bucket), External{std::move(endpoint), std::move(store)});
  return Status::OK();
}

Status StorageRouter::AddExternal(const std::vector<ExternalBucket>& buckets) {
  for (const ExternalBucket& b : buckets) {
    auto client = S3ClientStore::Open(b.client);
    if (!client.ok()) {
      return Status::InvalidInput("external bucket '" + b.bucket +
                                  "': " + client.status().message());
    }
    RETURN_NOT_OK(AddExternal(b.bucket, {b.client.endpoint, b.client.region}, std::move(*client)));
  }
  return Status::OK();
}

Result<StorageLocation> StorageRouter::Resolve(std::string_view uri) const {
  ASSIGN_OR_RETURN(StorageUri parsed, ParseStorageUri(uri));
  StorageLocation loc;
  loc.container = std::move(parsed.container);
  loc.key = std::move(parsed.key);
  if (parsed.scheme == "file") {
    if (!files_) {
      return Status::InvalidInput("'" + std::string(uri) +
                                  "': file:// locations are not enabled here");
    }
    loc.store = files_;
    return loc;
  }
  if (auto it = external_.find(loc.container); it != external_.end()) {
    loc.store = it->second.store.get();
    loc.external = true;
    return loc;
  }
  if (!builtin_) {
    return Status::InvalidInput("'" + std::string(uri) +
                                "': bucket is not configured as external and there is no "
                                "built-in store here");
  }
  loc.store = builtin_;
  return loc;
}

std::optional<StorageRouter::Endpoint> StorageRouter::ExternalEndpoint(
    std::string_view bucket) const {
  auto it = external_.find(bucket);
  if (it == external_.end()) return std::nullopt;
  return it->second.endpoint;
}

}  // namespace sluice::storage
