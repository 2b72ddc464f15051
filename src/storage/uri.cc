#include "storage/uri.h"

#include <cctype>

#include "storage/object_store.h"
#include "storage/store_internal.h"

namespace sluice::storage {

namespace {

Status BadUri(std::string_view uri, std::string_view what) {
  return Status::InvalidInput("storage URI '" + std::string(uri) + "' " + std::string(what));
}

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<StorageUri> ParseStorageUri(std::string_view uri) {
  size_t sep = uri.find("://");
  if (sep == std::string_view::npos) {
    return BadUri(uri, "has no scheme (write s3://bucket/key or file:///absolute/path)");
  }
  StorageUri out;
  out.scheme = Lowercase(uri.substr(0, sep));
  std::string_view rest = uri.substr(sep + 3);
  std::string_view path;  // "container/key..."
  if (out.scheme == "s3") {
    if (rest.empty() || rest.front() == '/') {
      return BadUri(uri, "has no bucket name (write s3://bucket/key)");
    }
    path = rest;
  } else if (out.scheme == "file") {
    if (rest.starts_with("localhost/")) rest.remove_prefix(9);  // RFC 8089: the local host
    if (rest.empty() || rest.front() != '/') {
      return BadUri(uri,
                    "is not an absolute path (use an absolute path with three slashes: "
                    "file:///" +
                        std::string(rest) + ")");
    }
    path = rest.substr(1);
    if (path.empty() || path.front() == '/') {
      return BadUri(uri, "names no directory under the root (write file:///container/key)");
    }
  } else {
    return BadUri(uri, "has scheme '" + out.scheme + "'; Sluice stores support s3:// and file://");
  }
  size_t slash = path.find('/');
  out.container = std::string(path.substr(0, slash));
  if (slash != std::string_view::npos) out.key = std::string(path.substr(slash + 1));
  if (Status st = internal::ValidateContainerName(out.container); !st.ok()) {
    return BadUri(uri, "has an unusable " +
                           std::string(out.scheme == "s3" ? "bucket" : "directory") + ": " +
                           st.message());
  }
  if (!out.key.empty()) {
    if (Status st = ValidateKey(out.key); !st.ok()) {
      return BadUri(uri, "has an unusable key: " + st.message());
    }
  }
  return out;
}

}  // namespace sluice::storage
