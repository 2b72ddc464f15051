// StorageRouter: resolves a storage URI to the ObjectStore that holds it. This is how every
// module reaches data by the locations tables and jobs name:
//   s3://bucket/key  -> the external S3 client configured for that bucket, else the built-in store
//   file:///a/b/key  -> plain local files (container "a", key "b/key")
//
// Built once at startup (AddExternal before use); then thread-safe for concurrent Resolve.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/object_store.h"
#include "storage/storage_config.h"

namespace sluice::storage {

struct StorageLocation {
  ObjectStore* store = nullptr;
  std::string container;
  std::string key;
  bool external = false;  // an s3:// bucket configured to live on another endpoint
};

class StorageRouter {
 public:
  // `builtin` serves s3:// buckets not configured as external; `files` serves file:// URIs
  // (a LocalFileStore rooted at "/"). Either may be null: URIs that need it then fail with
  // InvalidInput. Neither is owned.
  StorageRouter(ObjectStore* builtin, ObjectStore* files);

  struct Endpoint {
    std::string url;     // http(s)://host[:port]
    std::string region;  // the bucket's region there
  };

  // Routes s3://<bucket>/... to `store` (owned). InvalidInput when the bucket is already routed.
  Status AddExternal(std::string bucket, Endpoint endpoint, std::unique_ptr<ObjectStore> store);
  // Opens an S3 client for each entry (no network traffic) and routes its bucket to it.
  Status AddExternal(const std::vector<ExternalBucket>& buckets);

  // InvalidInput for a URI ParseStorageUri rejects or whose backend is not configured.
  Result<StorageLocation> Resolve(std::string_view uri) const;

  // Where an external bucket lives, nullopt for a built-in one.
  std::optional<Endpoint> ExternalEndpoint(std::string_view bucket) const;

 private:
  struct External {
    Endpoint endpoint;
    std::unique_ptr<ObjectStore> store;
  };
  ObjectStore* builtin_;
  ObjectStore* files_;
  std::map<std::string, External, std::less<>> external_;
};

}  // namespace sluice::storage
