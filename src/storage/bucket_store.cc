#include "storage/bucket_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "common/ids.h"
#include "common/logging.h"
#include "common/time.h"
#include "storage/bucket_store_internal.h"
#include "storage/md5.h"

namespace sluice::storage {

namespace fs = std::filesystem;
using metastore::Row;
using metastore::Session;

namespace {

Status Errno(std::string_view what, const std::string& path) {
  return Status::IOError(std::string(what) + " '" + path + "': " + std::strerror(errno));
}

Status NoSuchBucket(std::string_view bucket) {
  return Status::NotFound("NoSuchBucket: The specified bucket does not exist: '" +
                          std::string(bucket) + "'");
}

// Hashes bytes as they come and buffers them; small objects are published into their row, larger
// ones go to a temp file (created on the first flush) that Commit hands to Impl::PublishFile.
ObjectInfo InfoFromRow(const Row& r, int first) {
  ObjectInfo info;
  info.key = r.Text(first);
  info.size = static_cast<uint64_t>(r.Int(first + 1));
  info.etag = r.Text(first + 2);
  info.last_modified_ms = r.Int(first + 3);
  info.content_type = r.Text(first + 4);
  info.content_encoding = r.Text(first + 5);
  info.user_metadata = ParseMetadataJson(r.Text(first + 6));
  info.headers = ParseMetadataJson(r.Text(first + 7));
  return info;
}

constexpr const char* kObjectColumns =
    "key, size, etag, last_modified_ms, content_type, content_encoding, user_metadata, headers";

}  // namespace

std::string MetadataJson(const std::map<std::string, std::string>& metadata) {
  return nlohmann::json(metadata).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, std::string> ParseMetadataJson(std::string_view text) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  std::map<std::string, std::string> out;
  if (doc.is_object()) {
    for (const auto& [k, v] : doc.items()) {
      if (v.is_string()) out[k] = v.get<std::string>();
    }
  }
  return out;
}

std::string BucketStore::Impl::BlobPath(std::string_view bucket, std::string_view blob_id) const {
  return objects_dir + "/" + std::string(bucket) + "/" + std::string(blob_id.substr(0, 2)) + "/" +
         std::string(blob_id);
}

void BucketStore::Impl::RemoveBlob(std::string_view bucket, std::string_view blob_id) {
  if (blob_id.empty()) return;
  std::string path = BlobPath(bucket, blob_id);
  if (unlink(path.c_str()) != 0 && errno != ENOENT) {
    LogWarn("storage: cannot remove replaced blob " + path + ": " + std::strerror(errno) +
            " (it will be collected at the next start)");
  }
}

Status BucketStore::Impl::RequireBucket(Session& s, std::string_view bucket) {
  bool found = false;
  RETURN_NOT_OK(s.Query("SELECT 1 FROM storage_buckets WHERE name = ?", {bucket}, [&](const Row&) {
    found = true;
    return false;
  }));
  return found ? Status::OK() : NoSuchBucket(bucket);
}

Result<std::string> BucketStore::Impl::PutObjectRow(Session& s, std::string_view bucket,
                                                    const ObjectInfo& info, const BlobRef& blob) {
  std::string old;
  RETURN_NOT_OK(s.Query("SELECT blob FROM storage_objects WHERE bucket = ? AND key = ?",
                        {bucket, std::string_view(info.key)}, [&](const Row& r) {
                          old = r.Text(0);
                          return false;
                        }));
  std::string metadata = MetadataJson(info.user_metadata);
  std::string headers = MetadataJson(info.headers);
  RETURN_NOT_OK(s.Execute(
      "INSERT INTO storage_objects (bucket, key, blob, inline_data, size, etag, last_modified_ms, "
      "content_type, content_encoding, user_metadata, headers) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (bucket, key) DO UPDATE SET blob = excluded.blob, "
      "inline_data = excluded.inline_data, size = excluded.size, "
      "etag = excluded.etag, last_modified_ms = excluded.last_modified_ms, "
      "content_type = excluded.content_type, content_encoding = excluded.content_encoding, "
      "user_metadata = excluded.user_metadata, headers = excluded.headers",
      {bucket, std::string_view(info.key), std::string_view(blob.blob_id),
       blob.blob_id.empty() ? metastore::SqlArg(metastore::Blob{blob.inline_data})
                            : metastore::SqlArg(nullptr),
       static_cast<int64_t>(info.size), std::string_view(info.etag), info.last_modified_ms,
       std::string_view(info.content_type), std::string_view(info.content_encoding),
       std::string_view(metadata), std::string_view(headers)}));
  return old;
}

Status BucketStore::Impl::RecordEvent(Session& s, std::string_view bucket, const ObjectInfo& info,
                                      std::string_view kind) {
  return RecordObjectEvent(s, {0, std::string(bucket), info.key, info.size, info.etag,
                               info.last_modified_ms, std::string(kind)});
}

BucketStore::BucketStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BucketStore::~BucketStore() = default;

Result<std::unique_ptr<BucketStore>> BucketStore::Open(const std::string& data_dir,
                                                       metastore::Metastore& metastore,
                                                       Options options) {
  auto impl = std::make_unique<Impl>();
  impl->sync_data = options.sync_data;
  impl->data_dir = data_dir;
  impl->objects_dir = data_dir + "/objects";
  impl->tmp_dir = data_dir + "/tmp";
  impl->meta = &metastore;
  std::error_code ec;
  if (options.recover) fs::remove_all(impl->tmp_dir, ec);  // writes that never committed
  fs::create_directories(impl->tmp_dir, ec);
  if (ec) return Status::IOError("cannot create '" + impl->tmp_dir + "': " + ec.message());
  fs::create_directories(impl->objects_dir, ec);
  if (ec) return Status::IOError("cannot create '" + impl->objects_dir + "': " + ec.message());

  if (!options.recover) return std::unique_ptr<BucketStore>(new BucketStore(std::move(impl)));
  // Remove blobs that no row references (a crash between rename and commit, or after a commit
  // before the replaced blob was unlinked).
  std::set<std::string> referenced;
  RETURN_NOT_OK(metastore.Read([&](Session& s) -> Status {
    RETURN_NOT_OK(s.Query("SELECT blob FROM storage_objects", {}, [&](const Row& r) {
      referenced.emplace(r.Text(0));
      return true;
    }));
    return s.Query("SELECT blob FROM storage_multipart_parts", {}, [&](const Row& r) {
      referenced.emplace(r.Text(0));
      return true;
    });
  }));
  size_t removed = 0;
  for (auto it = fs::recursive_directory_iterator(impl->objects_dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && referenced.count(it->path().filename().string()) == 0) {
      fs::remove(it->path(), ec);
      ++removed;
    }
  }
  if (removed > 0) LogInfo("storage: removed " + std::to_string(removed) + " unreferenced blob(s)");
  return std::unique_ptr<BucketStore>(new BucketStore(std::move(impl)));
}

Status ValidateBucketName(std::string_view name) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput("InvalidBucketName: The specified bucket is not valid: '" +
                                std::string(name) + "' " + why);
  };
  if (name.size() < 3 || name.size() > 63) return bad("(names are 3 to 63 characters long)");
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
      return bad("(use lowercase letters, digits, '.' and '-' only)");
    }
  }
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front()) || !alnum(name.back())) {
    return bad("(names begin and end with a letter or digit)");
  }
  if (name.find("..") != std::string_view::npos) return bad("(no two adjacent periods)");
  int dots = 0;
  bool digits_and_dots = true;
  for (char c : name) {
    dots += c == '.';
    digits_and_dots = digits_and_dots && ((c >= '0' && c <= '9') || c == '.');
  }
  if (digits_and_dots && dots == 3) return bad("(names must not look like an IP address)");
  return Status::OK();
}

Status BucketStore::CreateBucket(std::string_view name, std::string_view region) {
  RETURN_NOT_OK(ValidateBucketName(name));
  Status st = impl_->meta->Write([&](Session& s) {
    return s.Execute("INSERT INTO storage_buckets (name, created_ms, region) VALUES (?, ?, ?)",
                     {name, NowEpochMillis(), region});
  });
  if (st.code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists("BucketAlreadyOwnedByYou: bucket '" + std::string(name) +
                                 "' already exists and is yours");
  }
  return st;
}

Status BucketStore::DeleteBucket(std::string_view name) {
  RETURN_NOT_OK(impl_->meta->Write([&](Session& s) -> Status {
    RETURN_NOT_OK(impl_->RequireBucket(s, name));
    bool busy = false;
    auto found = [&](const Row&) {
      busy = true;
      return false;
    };
    RETURN_NOT_OK(s.Query("SELECT 1 FROM storage_objects WHERE bucket = ? LIMIT 1", {name}, found));
    RETURN_NOT_OK(
        s.Query("SELECT 1 FROM storage_multipart_uploads WHERE bucket = ? LIMIT 1", {name}, found));
    if (busy) {
      return Status::InvalidInput("BucketNotEmpty: bucket '" + std::string(name) +
                                  "' is not empty; delete its objects (aws s3 rb --force) first");
    }
    return s.Execute("DELETE FROM storage_buckets WHERE name = ?", {name});
  }));
  std::error_code ec;
  fs::remove_all(impl_->objects_dir + "/" + std::string(name), ec);
  return Status::OK();
}

Result<std::optional<BucketInfo>> BucketStore::GetBucket(std::string_view name) {
  std::optional<BucketInfo> info;
  RETURN_NOT_OK(impl_->meta->Read([&](Session& s) {
    return s.Query("SELECT name, created_ms, region FROM storage_buckets WHERE name = ?", {name},
                   [&](const Row& r) {
                     info = BucketInfo{std::string(r.Text(0)), r.Int(1), std::string(r.Text(2))};
                     return false;
                   });
  }));
  return info;
}

Result<std::vector<BucketInfo>> BucketStore::ListBuckets() {
  std::vector<BucketInfo> out;
  RETURN_NOT_OK(impl_->meta->Read([&](Session& s) {
    return s.Query("SELECT name, created_ms, region FROM storage_buckets ORDER BY name", {},
                   [&](const Row& r) {
                     out.push_back({std::string(r.Text(0)), r.Int(1), std::string(r.Text(2))});
                     return true;
                   });
  }));
  return out;
}

Result<std::optional<ObjectInfo>> BucketStore::Head(std::string_view bucket, std::string_view key) {
  std::optional<ObjectInfo> info;
  RETURN_NOT_OK(impl_->meta->Read([&](Session& s) -> Status {
    RETURN_NOT_OK(s.Query(std::string("SELECT ") + kObjectColumns +
                              " FROM storage_objects WHERE bucket = ? AND key = ?",
                          {bucket, key}, [&](const Row& r) {
                            info = InfoFromRow(r, 0);
                            return false;
                          }));
    if (!info) return impl_->RequireBucket(s, bucket);
    return Status::OK();
  }));
  return info;
}

OpenedObject::OpenedObject(ObjectInfo info, int fd, std::string inline_data)
    : info_(std::move(info)), fd_(fd), inline_data_(std::move(inline_data)) {}

OpenedObject::OpenedObject(OpenedObject&& other) noexcept
    : info_(std::move(other.info_)), fd_(other.fd_), inline_data_(std::move(other.inline_data_)) {
  other.fd_ = -1;
}

OpenedObject::~OpenedObject() {
  if (fd_ >= 0) close(fd_);
}

Result<std::unique_ptr<ObjectReader>> OpenedObject::Range(uint64_t offset,
                                                          std::optional<uint64_t> length) const {
  uint64_t size = info_.size;
  if (offset > size || (offset == size && size > 0)) {
    return Status::InvalidInput("InvalidRange: the requested range starts at byte " +
                                std::to_string(offset) + " but the object has " +
                                std::to_string(size) + " bytes");
  }
  uint64_t n = std::min<uint64_t>(length.value_or(size - offset), size - offset);
  if (fd_ < 0) {
    return NewInlineReader(
        inline_data_.substr(static_cast<size_t>(offset), static_cast<size_t>(n)));
  }
  int fd = dup(fd_);
  if (fd < 0) return Status::IOError(std::string("dup: ") + std::strerror(errno));
  return NewFileReader(fd, offset, n);
}

Result<std::optional<OpenedObject>> BucketStore::OpenVersion(std::string_view bucket,
                                                             std::string_view key) {
  // A concurrent replace may unlink the blob between the lookup and open(): look up again.
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::string blob;
    std::string inline_data;
    std::optional<ObjectInfo> info;
    RETURN_NOT_OK(impl_->meta->Read([&](Session& s) -> Status {
      RETURN_NOT_OK(s.Query(std::string("SELECT blob, inline_data, ") + kObjectColumns +
                                " FROM storage_objects WHERE bucket = ? AND key = ?",
                            {bucket, key}, [&](const Row& r) {
                              blob = r.Text(0);
                              if (blob.empty()) inline_data = r.Bytes(1);
                              info = InfoFromRow(r, 2);
                              return false;
                            }));
      if (!info) return impl_->RequireBucket(s, bucket);
      return Status::OK();
    }));
    if (!info) return std::optional<OpenedObject>();
    if (blob.empty()) return std::optional<OpenedObject>(OpenedObject(*info, -1, inline_data));
    std::string path = impl_->BlobPath(bucket, blob);
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) continue;
      return Errno("opening object", path);
    }
    return std::optional<OpenedObject>(OpenedObject(*info, fd, ""));
  }
  return Status::Unavailable("the object changed repeatedly while being opened; retry");
}

Result<std::unique_ptr<ObjectReader>> BucketStore::Open(std::string_view bucket,
                                                        std::string_view key, uint64_t offset,
                                                        std::optional<uint64_t> length) {
  ASSIGN_OR_RETURN(std::optional<OpenedObject> object, OpenVersion(bucket, key));
  if (!object) {
    return Status::NotFound("NoSuchKey: The specified key does not exist: '" + std::string(key) +
                            "'");
  }
  return object->Range(offset, length);
}

namespace {

// How a PUT (or an adopted file) becomes the object: its row and its object-created event.
BucketStore::Impl::Publish PutPublish(BucketStore::Impl* impl, std::string_view bucket,
                                      std::string_view key, const WriteOptions& options) {
  return [impl, bucket = std::string(bucket), key = std::string(key), options](
             Session& s,
             const BucketStore::Impl::BlobRef& blob) -> Result<BucketStore::Impl::Published> {
    RETURN_NOT_OK(impl->RequireBucket(s, bucket));
    ObjectInfo info;
    info.key = key;
    info.size = blob.size;
    info.etag = HexEncode(blob.md5_binary);
    info.last_modified_ms = NowEpochMillis();
    info.content_type = options.content_type;
    info.content_encoding = options.content_encoding;
    info.user_metadata = options.user_metadata;
    info.headers = options.headers;
    ASSIGN_OR_RETURN(std::string old, impl->PutObjectRow(s, bucket, info, blob));
    RETURN_NOT_OK(impl->RecordEvent(s, bucket, info, "ObjectCreated:Put"));
    return BucketStore::Impl::Published{info, old};
  };
}

}  // namespace

Result<std::unique_ptr<ObjectWriter>> BucketStore::Create(std::string_view bucket,
                                                          std::string_view key,
                                                          const WriteOptions& options) {
  RETURN_NOT_OK(ValidateKey(key));
  ASSIGN_OR_RETURN(auto exists, GetBucket(bucket));
  if (!exists) return NoSuchBucket(bucket);
  return impl_->NewWriter(std::string(bucket), options.expected_md5_hex,
                          PutPublish(impl_.get(), bucket, key, options), /*allow_inline=*/true);
}

Result<std::optional<ObjectInfo>> BucketStore::AdoptFile(std::string_view bucket,
                                                         std::string_view key,
                                                         const std::string& path) {
  RETURN_NOT_OK(ValidateKey(key));
  ASSIGN_OR_RETURN(auto exists, GetBucket(bucket));
  if (!exists) return NoSuchBucket(bucket);
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("opening", path);
  Md5 md5;
  std::string buffer(1 << 20, '\0');
  uint64_t size = 0;
  while (true) {
    ssize_t n = read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status st = Errno("reading", path);
      close(fd);
      return st;
    }
    if (n == 0) break;
    md5.Update(std::string_view(buffer.data(), static_cast<size_t>(n)));
    size += static_cast<uint64_t>(n);
  }
  bool synced = !impl_->sync_data || fsync(fd) == 0;
  close(fd);
  if (!synced) return Errno("syncing", path);
  std::string blob_id = NewUuid();
  std::string tmp_path = impl_->tmp_dir + "/" + blob_id;
  if (rename(path.c_str(), tmp_path.c_str()) != 0) {
    if (errno == EXDEV) return std::optional<ObjectInfo>();
    return Errno("moving into the store", path);
  }
  ASSIGN_OR_RETURN(ObjectInfo info, impl_->PublishFile(std::string(bucket), tmp_path, blob_id, size,
                                                       md5.FinishBinary(),
                                                       PutPublish(impl_.get(), bucket, key, {})));
  return std::optional<ObjectInfo>(std::move(info));
}

Result<bool> BucketStore::Delete(std::string_view bucket, std::string_view key) {
  std::string blob;
  bool found = false;
  RETURN_NOT_OK(impl_->meta->Write([&](Session& s) -> Status {
    RETURN_NOT_OK(impl_->RequireBucket(s, bucket));
    RETURN_NOT_OK(s.Query("SELECT blob FROM storage_objects WHERE bucket = ? AND key = ?",
                          {bucket, key}, [&](const Row& r) {
                            found = true;
                            blob = r.Text(0);
                            return false;
                          }));
    if (!found) return Status::OK();
    return s.Execute("DELETE FROM storage_objects WHERE bucket = ? AND key = ?", {bucket, key});
  }));
  impl_->RemoveBlob(bucket, blob);
  return found;
}

Result<ObjectInfo> BucketStore::Copy(std::string_view src_bucket, std::string_view src_key,
                                     std::string_view dst_bucket, std::string_view dst_key,
                                     const std::optional<WriteOptions>& replace) {
  RETURN_NOT_OK(ValidateKey(dst_key));
  ASSIGN_OR_RETURN(auto dst_exists, GetBucket(dst_bucket));
  if (!dst_exists) return NoSuchBucket(dst_bucket);
  // Blobs are immutable, so a copy is a hard link to the source blob under a new id.
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::string blob;
    std::string inline_data;
    std::optional<ObjectInfo> src;
    RETURN_NOT_OK(impl_->meta->Read([&](Session& s) -> Status {
      RETURN_NOT_OK(s.Query(std::string("SELECT blob, inline_data, ") + kObjectColumns +
                                " FROM storage_objects WHERE bucket = ? AND key = ?",
                            {src_bucket, src_key}, [&](const Row& r) {
                              blob = r.Text(0);
                              if (blob.empty()) inline_data = r.Bytes(1);
                              src = InfoFromRow(r, 2);
                              return false;
                            }));
      if (!src) {
        RETURN_NOT_OK(impl_->RequireBucket(s, src_bucket));
        return Status::NotFound("NoSuchKey: The specified key does not exist: '" +
                                std::string(src_key) + "'");
      }
      return Status::OK();
    }));
    Impl* impl = impl_.get();
    ObjectInfo info = *src;
    info.key = std::string(dst_key);
    if (replace) {
      info.content_type = replace->content_type;
      info.content_encoding = replace->content_encoding;
      info.user_metadata = replace->user_metadata;
      info.headers = replace->headers;
    }
    std::string bucket(dst_bucket);
    auto publish = [impl, bucket, info](
                       Session& s,
                       const Impl::BlobRef& ref) -> Result<BucketStore::Impl::Published> {
      RETURN_NOT_OK(impl->RequireBucket(s, bucket));
      ObjectInfo out = info;
      out.last_modified_ms = NowEpochMillis();
      ASSIGN_OR_RETURN(std::string old, impl->PutObjectRow(s, bucket, out, ref));
      RETURN_NOT_OK(impl->RecordEvent(s, bucket, out, "ObjectCreated:Copy"));
      return Impl::Published{out, old};
    };
    if (blob.empty())
      return impl_->PublishInline(bucket, {"", info.size, "", inline_data}, publish);
    std::string blob_id = NewUuid();
    std::string tmp_path = impl_->tmp_dir + "/" + blob_id;
    if (link(impl_->BlobPath(src_bucket, blob).c_str(), tmp_path.c_str()) != 0) {
      if (errno == ENOENT) continue;  // replaced meanwhile: look up again
      return Errno("linking a copy of", impl_->BlobPath(src_bucket, blob));
    }
    return impl_->PublishFile(bucket, tmp_path, blob_id, info.size, "", publish);
  }
  return Status::Unavailable("the source object changed repeatedly while being copied; retry");
}

Result<std::vector<ObjectEvent>> BucketStore::ReadEvents(int64_t after_id, int limit) {
  return ReadObjectEvents(*impl_->meta, after_id, limit);
}

Result<int64_t> BucketStore::PruneEvents(int64_t before_ms) {
  return PruneObjectEvents(*impl_->meta, before_ms);
}

}  // namespace sluice::storage
