#include "query/scan_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace sluice::query {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Status WriteAll(int fd, const char* data, size_t size, const std::string& path) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError("writing " + path + ": " + std::strerror(errno));
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return Status::OK();
}

}  // namespace

std::string CompressionOfName(std::string_view key) {
  if (EndsWith(key, ".gz") || EndsWith(key, ".gzip")) return "gzip";
  if (EndsWith(key, ".zst") || EndsWith(key, ".zstd")) return "zstd";
  if (EndsWith(key, ".bz2")) return "bzip2";
  if (EndsWith(key, ".lz4")) return "lz4";
  if (EndsWith(key, ".snappy")) return "snappy";
  return "";
}

bool IsHiddenDataPath(std::string_view relative) {
  if (relative.empty() || relative.back() == '/' || EndsWith(relative, "_$folder$")) return true;
  size_t start = 0;
  while (start < relative.size()) {
    size_t slash = relative.find('/', start);
    std::string_view segment = relative.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!segment.empty() && (segment[0] == '_' || segment[0] == '.')) return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

ScanFiles::ScanFiles(const storage::StorageRouter& router, std::string scratch_dir,
                     ObjectCache* cache)
    : router_(router), scratch_dir_(std::move(scratch_dir)), cache_(cache) {}

ScanFiles::~ScanFiles() {
  readers_.clear();
  for (int fd : cached_fds_) ::close(fd);
  if (scratch_made_) {
    std::error_code ignored;  // best effort: the server also clears scratch space at start
    std::filesystem::remove_all(scratch_dir_, ignored);
  }
}

Result<std::vector<ScanFile>> ScanFiles::Open(std::string_view location) {
  std::string folder(location);
  if (!folder.empty() && folder.back() != '/') folder += '/';
  ASSIGN_OR_RETURN(storage::StorageLocation where, router_.Resolve(folder));
  std::string scheme = folder.substr(0, folder.find("://") + 3);
  std::vector<ScanFile> files;
  storage::ListOptions options;
  options.prefix = where.key;
  while (true) {
    auto page = where.store->List(where.container, options);
    if (!page.ok()) {
      if (page.status().code() == StatusCode::kNotFound) return files;  // no such bucket/folder
      return Status(page.status().code(), "listing " + folder + ": " + page.status().message());
    }
    for (const storage::ObjectInfo& object : page->objects) {
      std::string_view relative = std::string_view(object.key).substr(where.key.size());
      if (object.size == 0 || IsHiddenDataPath(relative)) continue;
      std::string uri = scheme + where.container + "/" + object.key;
      ASSIGN_OR_RETURN(ScanFile file,
                       where.external && cache_ != nullptr
                           ? OpenCached(*where.store, where.container, object, uri)
                           : OpenOne(*where.store, where.container, object.key, uri));
      files.push_back(std::move(file));
    }
    if (!page->truncated) break;
    options.start_after = page->last;
  }
  return files;
}

std::string ScanFiles::NameFiles(std::string message) const {
  // Longest paths first, so /proc/self/fd/12 is not rewritten as /proc/self/fd/1 + "2".
  std::vector<std::pair<std::string, std::string>> names = names_;
  std::sort(names.begin(), names.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (const auto& [path, uri] : names) {
    size_t at = 0;
    while ((at = message.find(path, at)) != std::string::npos) {
      char next = at + path.size() < message.size() ? message[at + path.size()] : ' ';
      if (std::isdigit(static_cast<unsigned char>(next))) {
        at += path.size();
        continue;
      }
      message.replace(at, path.size(), uri);
      at += uri.size();
    }
  }
  return message;
}

Result<ScanFile> ScanFiles::OpenCached(storage::ObjectStore& store, const std::string& container,
                                       const storage::ObjectInfo& info, std::string uri) {
  ASSIGN_OR_RETURN(std::string path, cache_->Get(store, container, info, uri));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Status::IOError("opening the cached copy of " + uri + ": " + std::strerror(errno));
  cached_fds_.push_back(fd);
  ScanFile file;
  file.uri = std::move(uri);
  file.path = "/proc/self/fd/" + std::to_string(fd);
  file.size = info.size;
  file.compression = CompressionOfName(info.key);
  bytes_ += file.size;
  ++count_;
  names_.emplace_back(file.path, file.uri);
  return file;
}

Result<ScanFile> ScanFiles::OpenOne(storage::ObjectStore& store, const std::string& container,
                                    const std::string& key, std::string uri) {
  auto reader = store.Open(container, key, 0, std::nullopt);
  if (!reader.ok()) {
    return Status(reader.status().code(), "opening " + uri + ": " + reader.status().message());
  }
  ScanFile file;
  file.uri = std::move(uri);
  file.size = (*reader)->length();
  file.compression = CompressionOfName(key);
  auto local = (*reader)->LocalFile();
  if (local && local->second == 0) {
    file.path = "/proc/self/fd/" + std::to_string(local->first);
    readers_.push_back(std::move(*reader));
  } else {
    if (!scratch_made_) {
      std::error_code error;
      std::filesystem::create_directories(scratch_dir_, error);
      if (error) return Status::IOError("creating " + scratch_dir_ + ": " + error.message());
      scratch_made_ = true;
    }
    file.path = scratch_dir_ + "/" + std::to_string(copies_.size());
    int fd = ::open(file.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Status::IOError("creating " + file.path + ": " + std::strerror(errno));
    copies_.push_back(file.path);
    std::string buffer(1 << 20, '\0');
    Status written = Status::OK();
    while (written.ok()) {
      auto n = (*reader)->Read(buffer.data(), buffer.size());
      if (!n.ok()) {
        written = Status(n.status().code(), "reading " + file.uri + ": " + n.status().message());
        break;
      }
      if (*n == 0) break;
      written = WriteAll(fd, buffer.data(), *n, file.path);
    }
    ::close(fd);
    RETURN_NOT_OK(written);
  }
  bytes_ += file.size;
  ++count_;
  names_.emplace_back(file.path, file.uri);
  return file;
}

}  // namespace sluice::query
