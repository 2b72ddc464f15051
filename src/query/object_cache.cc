#include "query/object_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/ids.h"
#include "storage/md5.h"

namespace sluice::query {

ObjectCache::ObjectCache(std::string dir, uint64_t capacity_bytes)
    : dir_(std::move(dir)), capacity_(capacity_bytes) {
  std::error_code error;
  std::filesystem::create_directories(dir_, error);
  for (auto it = std::filesystem::directory_iterator(dir_, error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    std::string name = it->path().filename().string();
    if (name.rfind("tmp-", 0) == 0) {  // a download a killed server left unfinished
      std::filesystem::remove(it->path(), error);
      continue;
    }
    uint64_t size = it->file_size(error);
    entries_[name] = {size, ++clock_};
    bytes_ += size;
  }
  std::lock_guard<std::mutex> lock(mu_);
  EvictLocked("");
}

uint64_t ObjectCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

uint64_t ObjectCache::downloads() const {
  std::lock_guard<std::mutex> lock(mu_);
  return downloads_;
}

void ObjectCache::EvictLocked(const std::string& keep) {
  while (bytes_ > capacity_) {
    auto oldest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->first == keep) continue;
      if (oldest == entries_.end() || it->second.last_use < oldest->second.last_use) oldest = it;
    }
    if (oldest == entries_.end()) return;
    std::error_code ignored;  // an open descriptor keeps the bytes readable for its reader
    std::filesystem::remove(dir_ + "/" + oldest->first, ignored);
    bytes_ -= oldest->second.size;
    entries_.erase(oldest);
  }
}

Result<std::string> ObjectCache::Get(storage::ObjectStore& store, const std::string& container,
                                     const storage::ObjectInfo& info, const std::string& uri) {
  std::string name = storage::Md5Hex(uri + "\n" + info.etag + "\n" + std::to_string(info.size));
  std::string path = dir_ + "/" + name;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(name);
    if (it != entries_.end()) {
      it->second.last_use = ++clock_;
      return path;
    }
  }
  auto reader = store.Open(container, info.key, 0, std::nullopt);
  if (!reader.ok()) {
    return Status(reader.status().code(), "reading " + uri + ": " + reader.status().message());
  }
  std::string tmp = dir_ + "/tmp-" + NewUuid();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError("creating " + tmp + ": " + std::strerror(errno));
  std::string buffer(1 << 20, '\0');
  uint64_t size = 0;
  Status status = Status::OK();
  while (status.ok()) {
    auto n = (*reader)->Read(buffer.data(), buffer.size());
    if (!n.ok()) {
      status = Status(n.status().code(), "reading " + uri + ": " + n.status().message());
      break;
    }
    if (*n == 0) break;
    size_t done = 0;
    while (done < *n) {
      ssize_t w = ::write(fd, buffer.data() + done, *n - done);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        status = Status::IOError("writing " + tmp + ": " + std::strerror(errno));
        break;
      }
      done += static_cast<size_t>(w);
    }
    size += *n;
  }
  ::close(fd);
  if (status.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    status = Status::IOError("renaming " + tmp + ": " + std::strerror(errno));
  }
  if (!status.ok()) {
    ::unlink(tmp.c_str());
    return status;
  }
  std::lock_guard<std::mutex> lock(mu_);
  ++downloads_;
  auto [it, added] = entries_.try_emplace(name, Entry{size, ++clock_});
  if (added) bytes_ += size;
  EvictLocked(name);
  return path;
}

}  // namespace sluice::query
