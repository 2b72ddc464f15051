// File-system helpers of LocalFileStore: descriptors, the metadata extended attribute, object
// info from files and folder-marker directories, and sorted directory reads. Internal to the
// storage module. Functions are thread-safe; errors are IOError with the path and strerror.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/object_store.h"

namespace sluice::storage::local {

// Per-container directory of writes in progress; never listed, and no key may start with it.
inline constexpr char kTempDirName[] = ".sluice-tmp";
// Extended attribute holding an object's metadata as JSON (see EncodeMetadata).
inline constexpr char kMetadataXattr[] = "user.sluice";

// Owns a file descriptor; closes it on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Reset();

 private:
  int fd_ = -1;
};

// The xattr value for an object: its ObjectInfo fields (but the key) plus the file's size and
// mtime in nanoseconds, which tell a stale etag from a file edited in place outside Sluice.
std::string EncodeMetadata(const ObjectInfo& info, int64_t mtime_ns);

// Stores `value` as the metadata xattr of an open file. InvalidInput when it is too large for
// the file system; IOError (saying which file systems work) when it has no user xattrs.
Status WriteMetadata(int fd, const std::string& value, const std::string& path);

// Opens a regular file for reading (not following a final symlink); std::nullopt when there is
// no regular file at `path` (missing, a directory, a symlink or a special file).
Result<std::optional<UniqueFd>> OpenRegularFile(const std::string& path);

// The object stored in the open regular file `fd`. When its xattr is missing or stale (a file
// dropped or edited outside Sluice) the etag is the MD5 of the bytes, computed now and cached in
// the xattr on a best-effort basis; metadata fields are then whatever the xattr still holds.
Result<ObjectInfo> FileObjectInfo(int fd, std::string key, const std::string& path);

// The folder marker (`key` ends with '/') stored as directory `dir_path`, or std::nullopt when
// there is no directory there or it carries no metadata xattr (a directory that only exists
// because keys below it do).
Result<std::optional<ObjectInfo>> MarkerObjectInfo(const std::string& dir_path, std::string key);

// Sets or replaces a directory's marker metadata.
Status WriteMarkerMetadata(const std::string& dir_path, const ObjectInfo& info);

// The MD5 (lowercase hex) of bytes [0, size) of an open file.
Result<std::string> Md5OfFile(int fd, uint64_t size, const std::string& path);

// fsyncs a directory, making renames and creations in it durable.
Status SyncDirectory(const std::string& path);

// Whether the tree at `dir_path`, whose keys start with `key_prefix`, holds a key (a file or a
// folder marker) sorting after `start_after`. `top` skips the container's temp directory.
Result<bool> HasKeyAfter(const std::string& dir_path, const std::string& key_prefix,
                         std::string_view start_after, bool top);

struct DirEntry {
  std::string name;
  bool is_dir = false;
  bool is_file = false;  // a regular file; neither flag: a symlink or a special file
};

// The entries of a directory ("." and ".." excluded). A missing directory (or a file where it
// was expected) has no entries. When `key_order` is set, only regular files and directories are
// returned, sorted by the keys they hold: a file by its name, a directory by name + '/', which
// makes a depth-first walk produce keys in bytewise order.
Result<std::vector<DirEntry>> ReadDirectory(const std::string& path, bool key_order);

}  // namespace sluice::storage::local
