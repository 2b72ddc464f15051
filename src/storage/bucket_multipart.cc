// BucketStore multipart uploads: parts are blobs of their own; completing an upload
// concatenates the chosen parts (copy_file_range, in the kernel) into the object's blob and
// publishes it like a single write, in one transaction that also drops the upload.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/ids.h"
#include "common/time.h"
#include "storage/bucket_store.h"
#include "storage/bucket_store_internal.h"
#include "storage/md5.h"

namespace sluice::storage {

using metastore::Row;
using metastore::Session;

namespace {

constexpr uint64_t kMinPartSize = 5ull * 1024 * 1024;  // S3's minimum for all but the last part

Status NoSuchUpload(std::string_view id) {
  return Status::NotFound("NoSuchUpload: The specified multipart upload does not exist: '" +
                          std::string(id) + "' (it may have been completed or aborted)");
}

struct StoredPart {
  int number;
  std::string blob;
  uint64_t size;
  std::string etag;
  int64_t modified;
};

Status LoadUpload(Session& s, std::string_view bucket, std::string_view key,
                  std::string_view upload_id, WriteOptions* options) {
  bool found = false;
  RETURN_NOT_OK(
      s.Query("SELECT content_type, content_encoding, user_metadata, headers FROM "
              "storage_multipart_uploads "
              "WHERE upload_id = ? AND bucket = ? AND key = ?",
              {upload_id, bucket, key}, [&](const Row& r) {
                found = true;
                if (options != nullptr) {
                  options->content_type = r.Text(0);
                  options->content_encoding = r.Text(1);
                  options->user_metadata = ParseMetadataJson(r.Text(2));
                  options->headers = ParseMetadataJson(r.Text(3));
                }
                return false;
              }));
  return found ? Status::OK() : NoSuchUpload(upload_id);
}

Result<std::vector<StoredPart>> LoadParts(Session& s, std::string_view upload_id) {
  std::vector<StoredPart> parts;
  RETURN_NOT_OK(s.Query(
      "SELECT part_number, blob, size, etag, last_modified_ms FROM storage_multipart_parts "
      "WHERE upload_id = ? ORDER BY part_number",
      {upload_id}, [&](const Row& r) {
        parts.push_back({static_cast<int>(r.Int(0)), std::string(r.Text(1)),
                         static_cast<uint64_t>(r.Int(2)), std::string(r.Text(3)), r.Int(4)});
        return true;
      }));
  return parts;
}

std::string Unquote(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"')
    etag = etag.substr(1, etag.size() - 2);
  return std::string(etag);
}

Status AppendFile(int out, const std::string& path) {
  int in = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return Status::IOError("opening part '" + path + "': " + std::strerror(errno));
  while (true) {
    ssize_t n = copy_file_range(in, nullptr, out, nullptr, 1 << 30, 0);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      Status st = Status::IOError("concatenating part '" + path + "': " + std::strerror(errno));
      close(in);
      return st;
    }
  }
  close(in);
  return Status::OK();
}

}  // namespace

Result<MultipartUpload> BucketStore::CreateMultipartUpload(std::string_view bucket,
                                                           std::string_view key,
                                                           const WriteOptions& options) {
  RETURN_NOT_OK(ValidateKey(key));
  MultipartUpload upload{NewUuid(), std::string(bucket), std::string(key), NowEpochMillis()};
  std::string metadata = MetadataJson(options.user_metadata);
  std::string headers = MetadataJson(options.headers);
  RETURN_NOT_OK(impl_->meta->Write([&](Session& s) -> Status {
    RETURN_NOT_OK(impl_->RequireBucket(s, bucket));
    return s.Execute(
        "INSERT INTO storage_multipart_uploads (upload_id, bucket, key, initiated_ms, "
        "content_type, "
        "content_encoding, user_metadata, headers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {std::string_view(upload.upload_id), bucket, key, upload.initiated_ms,
         std::string_view(options.content_type), std::string_view(options.content_encoding),
         std::string_view(metadata), std::string_view(headers)});
  }));
  return upload;
}

Result<std::unique_ptr<ObjectWriter>> BucketStore::UploadPart(
    std::string_view bucket, std::string_view key, std::string_view upload_id, int part_number,
    std::optional<std::string> expected_md5_hex) {
  if (part_number < 1 || part_number > 10000) {
    return Status::InvalidInput(
        "InvalidArgument: Part number must be an integer between 1 and "
        "10000, inclusive (got " +
        std::to_string(part_number) + ")");
  }
  RETURN_NOT_OK(impl_->meta->Read(
      [&](Session& s) { return LoadUpload(s, bucket, key, upload_id, nullptr); }));
  Impl* impl = impl_.get();
  auto publish = [impl, bucket = std::string(bucket), key = std::string(key),
                  upload_id = std::string(upload_id),
                  part_number](Session& s, const Impl::BlobRef& blob) -> Result<Impl::Published> {
    RETURN_NOT_OK(LoadUpload(s, bucket, key, upload_id, nullptr));
    std::string old;
    RETURN_NOT_OK(
        s.Query("SELECT blob FROM storage_multipart_parts WHERE upload_id = ? AND part_number = ?",
                {std::string_view(upload_id), int64_t{part_number}}, [&](const Row& r) {
                  old = r.Text(0);
                  return false;
                }));
    ObjectInfo info;
    info.key = key;
    info.size = blob.size;
    info.etag = HexEncode(blob.md5_binary);
    info.last_modified_ms = NowEpochMillis();
    RETURN_NOT_OK(s.Execute(
        "INSERT INTO storage_multipart_parts (upload_id, part_number, blob, size, etag, "
        "last_modified_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (upload_id, part_number) DO "
        "UPDATE SET blob = excluded.blob, size = excluded.size, etag = excluded.etag, "
        "last_modified_ms = excluded.last_modified_ms",
        {std::string_view(upload_id), int64_t{part_number}, std::string_view(blob.blob_id),
         static_cast<int64_t>(blob.size), std::string_view(info.etag), info.last_modified_ms}));
    return Impl::Published{info, old};
  };
  return impl_->NewWriter(std::string(bucket), std::move(expected_md5_hex), std::move(publish),
                          /*allow_inline=*/false);
}

Result<ObjectInfo> BucketStore::CompleteMultipartUpload(
    std::string_view bucket, std::string_view key, std::string_view upload_id,
    const std::vector<std::pair<int, std::string>>& requested) {
  if (requested.empty()) {
    return Status::InvalidInput(
        "MalformedXML: CompleteMultipartUpload must list at least one part");
  }
  WriteOptions options;
  std::vector<StoredPart> stored;
  RETURN_NOT_OK(impl_->meta->Read([&](Session& s) -> Status {
    RETURN_NOT_OK(LoadUpload(s, bucket, key, upload_id, &options));
    ASSIGN_OR_RETURN(stored, LoadParts(s, upload_id));
    return Status::OK();
  }));
  // Check the list against the stored parts, then concatenate them.
  std::vector<const StoredPart*> chosen;
  int previous = 0;
  for (const auto& [number, etag] : requested) {
    if (number <= previous) {
      return Status::InvalidInput("InvalidPartOrder: The list of parts was not in ascending order");
    }
    previous = number;
    const StoredPart* part = nullptr;
    for (const StoredPart& p : stored) {
      if (p.number == number) part = &p;
    }
    if (part == nullptr || part->etag != Unquote(etag)) {
      return Status::InvalidInput("InvalidPart: part " + std::to_string(number) +
                                  " was not uploaded or its ETag does not match");
    }
    chosen.push_back(part);
  }
  for (size_t i = 0; i + 1 < chosen.size(); ++i) {
    if (chosen[i]->size < kMinPartSize) {
      return Status::InvalidInput("EntityTooSmall: part " + std::to_string(chosen[i]->number) +
                                  " is smaller than the 5 MiB minimum for all but the last part");
    }
  }
  std::string blob_id = NewUuid();
  std::string tmp_path = impl_->tmp_dir + "/" + blob_id;
  int fd = open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("creating '" + tmp_path + "': " + std::strerror(errno));
  Md5 etag_of_etags;
  uint64_t size = 0;
  Status st;
  for (const StoredPart* part : chosen) {
    st = AppendFile(fd, impl_->BlobPath(bucket, part->blob));
    if (!st.ok()) break;
    std::string binary;
    for (size_t i = 0; i + 1 < part->etag.size(); i += 2) {
      binary.push_back(static_cast<char>(std::stoi(part->etag.substr(i, 2), nullptr, 16)));
    }
    etag_of_etags.Update(binary);
    size += part->size;
  }
  if (st.ok() && impl_->sync_data && fsync(fd) != 0)
    st = Status::IOError("syncing '" + tmp_path + "'");
  close(fd);
  if (!st.ok()) {
    unlink(tmp_path.c_str());
    return st;
  }
  std::string etag = HexEncode(etag_of_etags.FinishBinary()) + "-" + std::to_string(chosen.size());
  Impl* impl = impl_.get();
  std::vector<std::string> part_blobs;
  for (const StoredPart& p : stored) part_blobs.push_back(p.blob);
  auto publish = [&](Session& s, const Impl::BlobRef& blob) -> Result<Impl::Published> {
    RETURN_NOT_OK(LoadUpload(s, bucket, key, upload_id, nullptr));  // not completed twice
    ObjectInfo info;
    info.key = std::string(key);
    info.size = blob.size;
    info.etag = etag;
    info.last_modified_ms = NowEpochMillis();
    info.content_type = options.content_type;
    info.content_encoding = options.content_encoding;
    info.user_metadata = options.user_metadata;
    info.headers = options.headers;
    ASSIGN_OR_RETURN(std::string old, impl->PutObjectRow(s, bucket, info, blob));
    RETURN_NOT_OK(
        s.Execute("DELETE FROM storage_multipart_parts WHERE upload_id = ?", {upload_id}));
    RETURN_NOT_OK(
        s.Execute("DELETE FROM storage_multipart_uploads WHERE upload_id = ?", {upload_id}));
    RETURN_NOT_OK(impl->RecordEvent(s, bucket, info, "ObjectCreated:CompleteMultipartUpload"));
    return Impl::Published{info, old};
  };
  ASSIGN_OR_RETURN(ObjectInfo info,
                   impl_->PublishFile(std::string(bucket), tmp_path, blob_id, size, "", publish));
  for (const std::string& blob : part_blobs) impl_->RemoveBlob(bucket, blob);
  return info;
}

Status BucketStore::AbortMultipartUpload(std::string_view bucket, std::string_view key,
                                         std::string_view upload_id) {
  std::vector<StoredPart> parts;
  RETURN_NOT_OK(impl_->meta->Write([&](Session& s) -> Status {
    RETURN_NOT_OK(LoadUpload(s, bucket, key, upload_id, nullptr));
    ASSIGN_OR_RETURN(parts, LoadParts(s, upload_id));
    RETURN_NOT_OK(
        s.Execute("DELETE FROM storage_multipart_parts WHERE upload_id = ?", {upload_id}));
    return s.Execute("DELETE FROM storage_multipart_uploads WHERE upload_id = ?", {upload_id});
  }));
  for (const StoredPart& p : parts) impl_->RemoveBlob(bucket, p.blob);
  return Status::OK();
}

Result<std::vector<PartInfo>> BucketStore::ListParts(std::string_view bucket, std::string_view key,
                                                     std::string_view upload_id) {
  std::vector<PartInfo> out;
  RETURN_NOT_OK(impl_->meta->Read([&](Session& s) -> Status {
    RETURN_NOT_OK(LoadUpload(s, bucket, key, upload_id, nullptr));
    ASSIGN_OR_RETURN(auto parts, LoadParts(s, upload_id));
    for (const StoredPart& p : parts) out.push_back({p.number, p.size, p.etag, p.modified});
    return Status::OK();
  }));
  return out;
}

Result<std::vector<MultipartUpload>> BucketStore::ListMultipartUploads(std::string_view bucket) {
  std::vector<MultipartUpload> out;
  RETURN_NOT_OK(impl_->meta->Read([&](Session& s) -> Status {
    RETURN_NOT_OK(impl_->RequireBucket(s, bucket));
    return s.Query(
        "SELECT upload_id, key, initiated_ms FROM storage_multipart_uploads WHERE bucket = ? "
        "ORDER BY key, initiated_ms",
        {bucket}, [&](const Row& r) {
          out.push_back(
              {std::string(r.Text(0)), std::string(bucket), std::string(r.Text(1)), r.Int(2)});
          return true;
        });
  }));
  return out;
}

}  // namespace sluice::storage
