#include "storage/local_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "common/ids.h"
#include "common/time.h"
#include "storage/local_files.h"
#include "storage/md5.h"
#include "storage/store_internal.h"

namespace sluice::storage {

using internal::ErrnoStatus;
using local::UniqueFd;

namespace {

Status NoSuchKey(std::string_view container, std::string_view key) {
  return Status::NotFound("NoSuchKey: object '" + std::string(key) +
                          "' does not exist in container '" + std::string(container) + "'");
}

Status KeyIsDirectory(std::string_view key) {
  std::string k(key);
  return Status::InvalidInput("the local file store cannot hold object '" + k + "': keys under '" +
                              k + "/' exist, so '" + k +
                              "' is a directory, and a file system cannot keep a file and a "
                              "directory under one name (delete those keys or choose another key)");
}

Status KeyNeedsDirectory(std::string_view key, std::string_view file_key) {
  return Status::InvalidInput("the local file store cannot hold object '" + std::string(key) +
                              "': it needs '" + std::string(file_key) +
                              "' to be a directory, but object '" + std::string(file_key) +
                              "' is a file there, and a file system cannot keep both (delete '" +
                              std::string(file_key) + "' or choose another key)");
}

std::string ParentDirectory(const std::string& path) { return path.substr(0, path.rfind('/')); }

// Serves [offset, offset + length) of a file opened at Open() time, so a concurrent replace or
// delete does not change what it reads. A marker has no file (fd -1) and no bytes.
class LocalFileReader final : public ObjectReader {
 public:
  LocalFileReader(UniqueFd fd, std::string path, uint64_t offset, uint64_t length)
      : fd_(std::move(fd)),
        path_(std::move(path)),
        start_(offset),
        pos_(offset),
        end_(offset + length) {}

  Result<size_t> Read(char* buffer, size_t size) override {
    size_t want = static_cast<size_t>(std::min<uint64_t>(size, end_ - pos_));
    if (want == 0) return size_t{0};
    ssize_t n;
    do {
      n = pread(fd_.get(), buffer, want, static_cast<off_t>(pos_));
    } while (n < 0 && errno == EINTR);
    if (n < 0) return ErrnoStatus("reading object file", path_);
    if (n == 0) {
      return Status::IOError("object file '" + path_ +
                             "' shrank while being read (it was changed in place outside Sluice)");
    }
    pos_ += static_cast<uint64_t>(n);
    return static_cast<size_t>(n);
  }
  uint64_t length() const override { return end_ - start_; }
  std::optional<std::pair<int, uint64_t>> LocalFile() const override {
    if (!fd_.valid()) return std::nullopt;
    return std::make_pair(fd_.get(), start_);
  }

 private:
  UniqueFd fd_;
  std::string path_;
  uint64_t start_;
  uint64_t pos_;
  uint64_t end_;
};

}  // namespace

Status ValidateLocalKey(std::string_view key) {
  RETURN_NOT_OK(ValidateKey(key));
  std::string k(key);
  for (size_t start = 0, end; start < key.size(); start = end + 1) {
    end = std::min(key.find('/', start), key.size());
    std::string_view segment = key.substr(start, end - start);
    if (segment.empty()) {
      return Status::InvalidInput("the local file store cannot hold key '" + k +
                                  "': an empty segment ('//') would alias the key without it "
                                  "(remove the doubled slash)");
    }
    if (segment.size() > 255) {
      return Status::InvalidInput("the local file store cannot hold key '" + k +
                                  "': a segment between slashes is longer than 255 bytes, the "
                                  "file-system name limit (shorten it)");
    }
    if (start == 0 && segment == local::kTempDirName) {
      return Status::InvalidInput("the local file store cannot hold key '" + k + "': '" +
                                  local::kTempDirName +
                                  "' holds its writes in progress (choose another first segment)");
    }
  }
  return Status::OK();
}

// Streams into a temp file, hashing as it goes; Commit publishes it under the key. A folder
// marker has no temp file: Commit creates its directory.
class LocalFileStore::Writer final : public ObjectWriter {
 public:
  Writer(LocalFileStore& store, std::string container_path, std::string key, WriteOptions options,
         UniqueFd fd, std::string tmp_path)
      : store_(store),
        container_path_(std::move(container_path)),
        key_(std::move(key)),
        options_(std::move(options)),
        fd_(std::move(fd)),
        tmp_path_(std::move(tmp_path)) {}

  ~Writer() override {
    fd_.Reset();
    if (!tmp_path_.empty()) unlink(tmp_path_.c_str());  // not committed: nothing to publish
  }

  Status Append(std::string_view data) override {
    if (done_) return Status::InvalidInput("the writer of '" + key_ + "' was already committed");
    if (!fd_.valid() && !data.empty()) {
      return Status::InvalidInput("the local file store keeps folder marker '" + key_ +
                                  "' as a directory, which cannot hold bytes (write 0 bytes, or "
                                  "use a key that does not end with '/')");
    }
    if (!failed_.ok()) return failed_;
    md5_.Update(data);
    size_ += data.size();
    while (!data.empty()) {
      ssize_t n = write(fd_.get(), data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return failed_ = ErrnoStatus("writing temp file", tmp_path_);
      data.remove_prefix(static_cast<size_t>(n));
    }
    return Status::OK();
  }

  Result<ObjectInfo> Commit() override {
    if (done_) return Status::InvalidInput("the writer of '" + key_ + "' was already committed");
    done_ = true;
    RETURN_NOT_OK(failed_);  // an Append failed: the file does not hold what was sent
    ObjectInfo info;
    info.key = key_;
    info.size = size_;
    info.etag = HexEncode(md5_.FinishBinary());
    info.content_type = std::move(options_.content_type);
    info.content_encoding = std::move(options_.content_encoding);
    info.user_metadata = std::move(options_.user_metadata);
    info.headers = std::move(options_.headers);
    RETURN_NOT_OK(internal::CheckExpectedMd5(key_, options_.expected_md5_hex, info.etag));
    if (!fd_.valid()) {
      info.last_modified_ms = NowEpochMillis();
      RETURN_NOT_OK(store_.PublishMarker(container_path_, info));
      return info;
    }
    if (fsync(fd_.get()) != 0) return ErrnoStatus("syncing temp file", tmp_path_);
    struct stat st;
    if (fstat(fd_.get(), &st) != 0) return ErrnoStatus("examining temp file", tmp_path_);
    int64_t mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    info.last_modified_ms = mtime_ns / 1'000'000;
    RETURN_NOT_OK(
        local::WriteMetadata(fd_.get(), local::EncodeMetadata(info, mtime_ns), tmp_path_));
    fd_.Reset();
    RETURN_NOT_OK(store_.PublishFile(container_path_, tmp_path_, key_));
    tmp_path_.clear();  // renamed: nothing to clean up
    return info;
  }

 private:
  LocalFileStore& store_;
  const std::string container_path_;
  const std::string key_;
  WriteOptions options_;
  UniqueFd fd_;
  std::string tmp_path_;  // "" once published (or for a marker)
  Md5 md5_;
  uint64_t size_ = 0;
  Status failed_;
  bool done_ = false;
};

LocalFileStore::LocalFileStore(std::string root) : root_(std::move(root)) {}

Result<std::string> LocalFileStore::ContainerPath(std::string_view container) const {
  RETURN_NOT_OK(internal::ValidateContainerName(container));
  std::string path = root_ + "/" + std::string(container);
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return internal::NoSuchContainer(container);
    return ErrnoStatus("examining container directory", path);
  }
  if (!S_ISDIR(st.st_mode)) return internal::NoSuchContainer(container);
  return path;
}

Status LocalFileStore::CreateContainer(std::string_view name) {
  RETURN_NOT_OK(internal::ValidateContainerName(name));
  std::string path = root_ + "/" + std::string(name);
  if (mkdir(path.c_str(), 0755) == 0) return Status::OK();
  if (errno == EEXIST) {
    return Status::AlreadyExists("container '" + std::string(name) + "' already exists");
  }
  return ErrnoStatus("creating container directory", path);
}

Status LocalFileStore::MakeParents(const std::string& container_path, std::string_view key) {
  for (size_t pos = key.find('/'); pos != std::string_view::npos; pos = key.find('/', pos + 1)) {
    std::string dir = container_path + "/" + std::string(key.substr(0, pos));
    if (mkdir(dir.c_str(), 0755) == 0) continue;
    struct stat st;
    if (errno == EEXIST && stat(dir.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) continue;
      return KeyNeedsDirectory(key, key.substr(0, pos));
    }
    return ErrnoStatus("creating directory", dir);
  }
  return Status::OK();
}

void LocalFileStore::PruneEmptyParents(const std::string& container_path, std::string_view key) {
  if (key.ends_with('/')) key.remove_suffix(1);
  for (size_t pos = key.rfind('/'); pos != std::string_view::npos; pos = key.rfind('/')) {
    key = key.substr(0, pos);
    std::string dir = container_path + "/" + std::string(key);
    if (lgetxattr(dir.c_str(), local::kMetadataXattr, nullptr, 0) >= 0) return;  // a marker
    if (rmdir(dir.c_str()) != 0) return;  // not empty (or gone): the directories above are kept
  }
}

Result<std::optional<ObjectInfo>> LocalFileStore::AdoptFile(std::string_view container,
                                                            std::string_view key,
                                                            const std::string& path) {
  RETURN_NOT_OK(ValidateKey(key));
  ASSIGN_OR_RETURN(std::string container_path, ContainerPath(container));
  struct stat st;
  {
    UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) return ErrnoStatus("opening", path);
    if (fsync(fd.get()) != 0) return ErrnoStatus("syncing", path);
    if (fstat(fd.get(), &st) != 0) return ErrnoStatus("examining", path);
  }
  // Same file system as the container? Otherwise the caller copies.
  struct stat dir;
  if (stat(container_path.c_str(), &dir) == 0 && dir.st_dev != st.st_dev) {
    return std::optional<ObjectInfo>();
  }
  Status published = PublishFile(container_path, path, std::string(key));
  if (!published.ok()) {
    if (errno == EXDEV) return std::optional<ObjectInfo>();
    return published;
  }
  ObjectInfo info;
  info.key = std::string(key);
  info.size = static_cast<uint64_t>(st.st_size);
  info.last_modified_ms =
      static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
  return std::optional<ObjectInfo>(std::move(info));
}

Status LocalFileStore::PublishFile(const std::string& container_path, const std::string& tmp_path,
                                   const std::string& key) {
  std::string path = container_path + "/" + key;
  {
    std::lock_guard<std::mutex> lock(tree_mu_);
    for (int attempt = 0;; ++attempt) {
      if (rename(tmp_path.c_str(), path.c_str()) == 0) break;
      int err = errno;
      if (attempt == 3) return ErrnoStatus("publishing object file", path);
      if (err == ENOENT || err == ENOTDIR) {
        if (access(tmp_path.c_str(), F_OK) != 0) {
          return Status::NotFound("container directory '" + container_path +
                                  "' was deleted while '" + key + "' was being written");
        }
        RETURN_NOT_OK(MakeParents(container_path, key));
      } else if (err == EISDIR || err == ENOTEMPTY || err == EEXIST) {
        // An empty directory without marker metadata is a leftover, not an object: replace it.
        bool marker = lgetxattr(path.c_str(), local::kMetadataXattr, nullptr, 0) >= 0;
        if (marker || rmdir(path.c_str()) != 0) return KeyIsDirectory(key);
      } else {
        errno = err;
        return ErrnoStatus("publishing object file", path);
      }
    }
  }
  return local::SyncDirectory(ParentDirectory(path));
}

Status LocalFileStore::PublishMarker(const std::string& container_path, const ObjectInfo& info) {
  std::string path = container_path + "/" + info.key.substr(0, info.key.size() - 1);
  {
    std::lock_guard<std::mutex> lock(tree_mu_);
    RETURN_NOT_OK(MakeParents(container_path, info.key));
    RETURN_NOT_OK(local::WriteMarkerMetadata(path, info));
  }
  return local::SyncDirectory(ParentDirectory(path));
}

Result<std::optional<ObjectInfo>> LocalFileStore::Head(std::string_view container,
                                                       std::string_view key) {
  ASSIGN_OR_RETURN(std::string container_path, ContainerPath(container));
  if (!ValidateLocalKey(key).ok()) return std::optional<ObjectInfo>();
  std::string path = container_path + "/" + std::string(key);
  if (key.ends_with('/')) {
    path.pop_back();
    return local::MarkerObjectInfo(path, std::string(key));
  }
  ASSIGN_OR_RETURN(std::optional<UniqueFd> fd, local::OpenRegularFile(path));
  if (!fd) return std::optional<ObjectInfo>();
  ASSIGN_OR_RETURN(ObjectInfo info, local::FileObjectInfo(fd->get(), std::string(key), path));
  return std::optional<ObjectInfo>(std::move(info));
}

Result<std::unique_ptr<ObjectReader>> LocalFileStore::Open(std::string_view container,
                                                           std::string_view key, uint64_t offset,
                                                           std::optional<uint64_t> length) {
  ASSIGN_OR_RETURN(std::string container_path, ContainerPath(container));
  if (!ValidateLocalKey(key).ok()) return NoSuchKey(container, key);
  std::string path = container_path + "/" + std::string(key);
  UniqueFd file;
  uint64_t size = 0;
  if (key.ends_with('/')) {
    path.pop_back();
    ASSIGN_OR_RETURN(std::optional<ObjectInfo> marker, local::MarkerObjectInfo(path, ""));
    if (!marker) return NoSuchKey(container, key);
  } else {
    ASSIGN_OR_RETURN(std::optional<UniqueFd> fd, local::OpenRegularFile(path));
    if (!fd) return NoSuchKey(container, key);
    struct stat st;
    if (fstat(fd->get(), &st) != 0) return ErrnoStatus("examining object file", path);
    file = std::move(*fd);
    size = static_cast<uint64_t>(st.st_size);
  }
  RETURN_NOT_OK(internal::CheckRangeStart(key, offset, size));
  uint64_t n = std::min(length.value_or(size - offset), size - offset);
  return std::unique_ptr<ObjectReader>(
      std::make_unique<LocalFileReader>(std::move(file), std::move(path), offset, n));
}

Result<std::unique_ptr<ObjectWriter>> LocalFileStore::Create(std::string_view container,
                                                             std::string_view key,
                                                             const WriteOptions& options) {
  ASSIGN_OR_RETURN(std::string container_path, ContainerPath(container));
  RETURN_NOT_OK(ValidateLocalKey(key));
  UniqueFd fd;
  std::string tmp_path;
  if (!key.ends_with('/')) {
    std::string tmp_dir = container_path + "/" + local::kTempDirName;
    if (mkdir(tmp_dir.c_str(), 0755) != 0 && errno != EEXIST) {
      return ErrnoStatus("creating temp directory", tmp_dir);
    }
    tmp_path = tmp_dir + "/" + NewUuid();
    fd = UniqueFd(open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!fd.valid()) return ErrnoStatus("creating temp file", tmp_path);
  }
  return std::unique_ptr<ObjectWriter>(std::make_unique<Writer>(
      *this, std::move(container_path), std::string(key), options, std::move(fd), tmp_path));
}

Result<bool> LocalFileStore::Delete(std::string_view container, std::string_view key) {
  ASSIGN_OR_RETURN(std::string container_path, ContainerPath(container));
  if (!ValidateLocalKey(key).ok()) return false;
  std::string path = container_path + "/" + std::string(key);
  std::lock_guard<std::mutex> lock(tree_mu_);
  if (key.ends_with('/')) {
    path.pop_back();
    ASSIGN_OR_RETURN(std::optional<ObjectInfo> marker, local::MarkerObjectInfo(path, ""));
    if (!marker) return false;
    if (lremovexattr(path.c_str(), local::kMetadataXattr) != 0 && errno != ENODATA) {
      return ErrnoStatus("removing folder marker metadata of", path);
    }
    rmdir(path.c_str());  // keys below keep the directory: only the marker goes
  } else {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    if (unlink(path.c_str()) != 0) {
      if (errno == ENOENT) return false;
      return ErrnoStatus("deleting object file", path);
    }
  }
  PruneEmptyParents(container_path, key);
  return true;
}

Result<ObjectInfo> LocalFileStore::Copy(std::string_view src_container, std::string_view src_key,
                                        std::string_view dst_container, std::string_view dst_key,
                                        const std::optional<WriteOptions>& replace) {
  ASSIGN_OR_RETURN(std::string container_path, ContainerPath(src_container));
  if (!ValidateLocalKey(src_key).ok()) return NoSuchKey(src_container, src_key);
  std::string path = container_path + "/" + std::string(src_key);
  // Metadata and bytes come from one open file, so a concurrent replace cannot mix them.
  UniqueFd file;
  std::optional<ObjectInfo> source;
  if (src_key.ends_with('/')) {
    path.pop_back();
    ASSIGN_OR_RETURN(source, local::MarkerObjectInfo(path, std::string(src_key)));
  } else {
    ASSIGN_OR_RETURN(std::optional<UniqueFd> fd, local::OpenRegularFile(path));
    if (fd) {
      ASSIGN_OR_RETURN(source, local::FileObjectInfo(fd->get(), std::string(src_key), path));
      file = std::move(*fd);
    }
  }
  if (!source) return NoSuchKey(src_container, src_key);
  WriteOptions options;
  if (replace) {
    options = *replace;
    options.expected_md5_hex.reset();
  } else {
    options.content_type = source->content_type;
    options.content_encoding = source->content_encoding;
    options.user_metadata = source->user_metadata;
    options.headers = source->headers;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<ObjectWriter> writer, Create(dst_container, dst_key, options));
  LocalFileReader reader(std::move(file), path, 0, source->size);
  std::string buffer(std::min<uint64_t>(source->size, 1 << 20), '\0');
  while (true) {
    ASSIGN_OR_RETURN(size_t n, reader.Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    RETURN_NOT_OK(writer->Append(std::string_view(buffer.data(), n)));
  }
  return writer->Commit();
}

}  // namespace sluice::storage
