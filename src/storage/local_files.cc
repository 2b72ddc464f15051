#include "storage/local_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <nlohmann/json.hpp>

#include "storage/md5.h"
#include "storage/store_internal.h"

namespace sluice::storage::local {

using json = nlohmann::json;
using internal::ErrnoStatus;

namespace {

int64_t Nanos(const struct timespec& ts) {
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::string StringField(const json& doc, const char* name) {
  auto it = doc.find(name);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t IntField(const json& doc, const char* name) {
  auto it = doc.find(name);
  return it != doc.end() && it->is_number_integer() ? it->get<int64_t>() : -1;
}

// The parsed xattr of an object, or a non-object json when absent or unreadable. `fd` >= 0
// reads from the open file; otherwise from `path` without following a final symlink.
Result<json> ReadMetadata(int fd, const std::string& path) {
  std::string value(4096, '\0');
  for (int attempt = 0; attempt < 3; ++attempt) {
    ssize_t n = fd >= 0 ? fgetxattr(fd, kMetadataXattr, value.data(), value.size())
                        : lgetxattr(path.c_str(), kMetadataXattr, value.data(), value.size());
    if (n >= 0) return json::parse(value.substr(0, static_cast<size_t>(n)), nullptr, false);
    if (errno == ENODATA || errno == ENOTSUP) return json();
    if (errno != ERANGE) return ErrnoStatus("reading the metadata xattr of", path);
    ssize_t needed = fd >= 0 ? fgetxattr(fd, kMetadataXattr, nullptr, 0)
                             : lgetxattr(path.c_str(), kMetadataXattr, nullptr, 0);
    if (needed < 0) return ErrnoStatus("reading the metadata xattr of", path);
    value.assign(static_cast<size_t>(needed), '\0');
  }
  return Status::IOError("the metadata xattr of '" + path + "' kept changing while being read");
}

void FillMap(const json& doc, const char* name, std::map<std::string, std::string>& out) {
  auto map = doc.find(name);
  if (map == doc.end() || !map->is_object()) return;
  for (const auto& [key, value] : map->items()) {
    if (value.is_string()) out[key] = value.get<std::string>();
  }
}

void FillMetadata(const json& doc, ObjectInfo& info) {
  if (!doc.is_object()) return;
  info.content_type = StringField(doc, "content_type");
  info.content_encoding = StringField(doc, "content_encoding");
  FillMap(doc, "user_metadata", info.user_metadata);
  FillMap(doc, "headers", info.headers);
}

Status XattrWriteError(const std::string& path, size_t size) {
  if (errno == E2BIG || errno == ENOSPC) {
    return Status::InvalidInput("the metadata of '" + path + "' (" + std::to_string(size) +
                                " bytes as JSON) is too large for the file system's extended "
                                "attributes (S3 allows 2 KB of user metadata: send less)");
  }
  if (errno == ENOTSUP) {
    return Status::IOError("the file system under '" + path +
                           "' has no user extended attributes, where the local store keeps object "
                           "metadata (put the store root on ext4, xfs or btrfs)");
  }
  return ErrnoStatus("writing the metadata xattr of", path);
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    Reset();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

void UniqueFd::Reset() {
  if (fd_ >= 0) close(fd_);  // read-only or already fsynced: a close error changes nothing
  fd_ = -1;
}

std::string EncodeMetadata(const ObjectInfo& info, int64_t mtime_ns) {
  json doc = {{"etag", info.etag},
              {"size", info.size},
              {"mtime_ns", mtime_ns},
              {"modified_ms", info.last_modified_ms}};
  if (!info.content_type.empty()) doc["content_type"] = info.content_type;
  if (!info.content_encoding.empty()) doc["content_encoding"] = info.content_encoding;
  if (!info.user_metadata.empty()) doc["user_metadata"] = info.user_metadata;
  if (!info.headers.empty()) doc["headers"] = info.headers;
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status WriteMetadata(int fd, const std::string& value, const std::string& path) {
  if (fsetxattr(fd, kMetadataXattr, value.data(), value.size(), 0) == 0) return Status::OK();
  return XattrWriteError(path, value.size());
}

Status WriteMarkerMetadata(const std::string& dir_path, const ObjectInfo& info) {
  std::string value = EncodeMetadata(info, 0);
  if (lsetxattr(dir_path.c_str(), kMetadataXattr, value.data(), value.size(), 0) == 0) {
    return Status::OK();
  }
  return XattrWriteError(dir_path, value.size());
}

Result<std::optional<UniqueFd>> OpenRegularFile(const std::string& path) {
  // O_NONBLOCK: opening a FIFO someone left in the tree must not hang the request.
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP || errno == ENXIO) {
      return std::optional<UniqueFd>();
    }
    return ErrnoStatus("opening object file", path);
  }
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return ErrnoStatus("examining object file", path);
  if (!S_ISREG(st.st_mode)) return std::optional<UniqueFd>();
  return std::optional<UniqueFd>(std::move(fd));
}

Result<std::string> Md5OfFile(int fd, uint64_t size, const std::string& path) {
  Md5 md5;
  std::string buffer(1 << 20, '\0');
  for (uint64_t offset = 0; offset < size;) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), size - offset));
    ssize_t n = pread(fd, buffer.data(), want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("reading object file", path);
    if (n == 0) return Status::IOError("object file '" + path + "' shrank while being read");
    md5.Update(std::string_view(buffer.data(), static_cast<size_t>(n)));
    offset += static_cast<uint64_t>(n);
  }
  return HexEncode(md5.FinishBinary());
}

Result<ObjectInfo> FileObjectInfo(int fd, std::string key, const std::string& path) {
  struct stat st;
  if (fstat(fd, &st) != 0) return ErrnoStatus("examining object file", path);
  ObjectInfo info;
  info.key = std::move(key);
  info.size = static_cast<uint64_t>(st.st_size);
  info.last_modified_ms = Nanos(st.st_mtim) / 1'000'000;
  ASSIGN_OR_RETURN(json doc, ReadMetadata(fd, path));
  FillMetadata(doc, info);
  bool fresh = doc.is_object() && IntField(doc, "size") == st.st_size &&
               IntField(doc, "mtime_ns") == Nanos(st.st_mtim) && !StringField(doc, "etag").empty();
  if (fresh) {
    info.etag = StringField(doc, "etag");
    return info;
  }
  ASSIGN_OR_RETURN(info.etag, Md5OfFile(fd, info.size, path));
  // Caching is an optimization: a read-only tree or a full disk just means hashing next time.
  IgnoreStatus(WriteMetadata(fd, EncodeMetadata(info, Nanos(st.st_mtim)), path));
  return info;
}

Result<std::optional<ObjectInfo>> MarkerObjectInfo(const std::string& dir_path, std::string key) {
  struct stat st;
  if (lstat(dir_path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<ObjectInfo>();
    return ErrnoStatus("examining folder", dir_path);
  }
  if (!S_ISDIR(st.st_mode)) return std::optional<ObjectInfo>();
  ASSIGN_OR_RETURN(json doc, ReadMetadata(-1, dir_path));
  if (!doc.is_object()) return std::optional<ObjectInfo>();
  ObjectInfo info;
  info.key = std::move(key);
  info.etag = Md5Hex("");
  int64_t modified = IntField(doc, "modified_ms");
  info.last_modified_ms = modified >= 0 ? modified : Nanos(st.st_mtim) / 1'000'000;
  FillMetadata(doc, info);
  return std::optional<ObjectInfo>(std::move(info));
}

Status SyncDirectory(const std::string& path) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus("opening directory to sync", path);
  if (fsync(fd.get()) != 0) return ErrnoStatus("syncing directory", path);
  return Status::OK();
}

Result<std::vector<DirEntry>> ReadDirectory(const std::string& path, bool key_order) {
  std::vector<DirEntry> entries;
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) {
    if (errno == ENOENT || errno == ENOTDIR) return entries;
    return ErrnoStatus("listing directory", path);
  }
  while (true) {
    errno = 0;
    struct dirent* e = readdir(dir);
    if (e == nullptr) break;
    std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    DirEntry entry{std::string(name)};
    unsigned char type = e->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st;
      if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    entry.is_dir = type == DT_DIR;
    entry.is_file = type == DT_REG;
    if (key_order && !entry.is_dir && !entry.is_file) continue;
    entries.push_back(std::move(entry));
  }
  int read_errno = errno;
  closedir(dir);
  if (read_errno != 0) {
    errno = read_errno;
    return ErrnoStatus("listing directory", path);
  }
  if (key_order) {
    // Sort directories as "name/" (names never contain '/', so the suffix comes off again).
    for (DirEntry& e : entries) {
      if (e.is_dir) e.name.push_back('/');
    }
    std::sort(entries.begin(), entries.end(),
              [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
    for (DirEntry& e : entries) {
      if (e.is_dir) e.name.pop_back();
    }
  }
  return entries;
}

Result<bool> HasKeyAfter(const std::string& dir_path, const std::string& key_prefix,
                         std::string_view start_after, bool top) {
  ASSIGN_OR_RETURN(std::vector<DirEntry> entries, ReadDirectory(dir_path, /*key_order=*/true));
  for (const DirEntry& e : entries) {
    if (top && e.is_dir && e.name == kTempDirName) continue;
    std::string key = key_prefix + e.name + (e.is_dir ? "/" : "");
    if (e.is_file) {
      if (key > start_after) return true;
      continue;
    }
    // Subtrees whose keys all sort before start_after cannot help.
    if (start_after > key && !start_after.starts_with(key)) continue;
    std::string path = dir_path + "/" + e.name;
    if (key > start_after) {
      ASSIGN_OR_RETURN(std::optional<ObjectInfo> marker, MarkerObjectInfo(path, key));
      if (marker) return true;
    }
    ASSIGN_OR_RETURN(bool found, HasKeyAfter(path, key, start_after, false));
    if (found) return true;
  }
  return false;
}

}  // namespace sluice::storage::local
