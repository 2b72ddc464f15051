// LocalFileStore's tree walks: List (a depth-first walk that yields keys in bytewise order and
// skips subtrees the page cannot use) and DeleteContainer.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "storage/local_files.h"
#include "storage/local_store.h"
#include "storage/store_internal.h"

namespace sluice::storage {

namespace {

using internal::ListPageBuilder;
using Verdict = ListPageBuilder::Verdict;

// Lists the tree at `dir_path`, whose keys start with `key_prefix`, into `page`; sets `done` when
// the page is complete. `top` marks the container directory (which holds the temp directory).
Status Walk(const std::string& dir_path, const std::string& key_prefix, bool top,
            ListPageBuilder& page, bool& done) {
  ASSIGN_OR_RETURN(std::vector<local::DirEntry> entries,
                   local::ReadDirectory(dir_path, /*key_order=*/true));
  for (const local::DirEntry& e : entries) {
    std::string path = dir_path + "/" + e.name;
    if (e.is_file) {
      std::string key = key_prefix + e.name;
      Verdict verdict = page.Offer(key);
      if (verdict == Verdict::kDone) {
        done = true;
        return Status::OK();
      }
      if (verdict == Verdict::kSkip) continue;
      ASSIGN_OR_RETURN(std::optional<local::UniqueFd> fd, local::OpenRegularFile(path));
      if (!fd) continue;  // deleted since the directory was read
      ASSIGN_OR_RETURN(ObjectInfo info, local::FileObjectInfo(fd->get(), std::move(key), path));
      page.AddObject(std::move(info));
      continue;
    }
    if (top && e.name == local::kTempDirName) continue;
    std::string subtree = key_prefix + e.name + "/";
    if (!page.MayList(subtree)) continue;
    if (std::optional<std::string> common = page.CollapsedPrefix(subtree)) {
      // The whole subtree rolls up into one common prefix: list it without walking all of it.
      if (!page.WantsPrefix(*common)) continue;
      ASSIGN_OR_RETURN(bool has_key, local::HasKeyAfter(path, subtree, page.start_after(), false));
      if (!has_key) continue;
      if (!page.OfferPrefix(*common)) {
        done = true;
        return Status::OK();
      }
      continue;
    }
    ASSIGN_OR_RETURN(std::optional<ObjectInfo> marker, local::MarkerObjectInfo(path, subtree));
    if (marker) {
      Verdict verdict = page.Offer(subtree);
      if (verdict == Verdict::kDone) {
        done = true;
        return Status::OK();
      }
      if (verdict == Verdict::kObject) page.AddObject(std::move(*marker));
    }
    RETURN_NOT_OK(Walk(path, subtree, false, page, done));
    if (done) return Status::OK();
  }
  return Status::OK();
}

// Removes the directories (not files) of a tree bottom-up, and the tree's root.
Status RemoveDirectories(const std::string& path) {
  ASSIGN_OR_RETURN(std::vector<local::DirEntry> entries,
                   local::ReadDirectory(path, /*key_order=*/false));
  for (const local::DirEntry& e : entries) {
    if (e.is_dir) RETURN_NOT_OK(RemoveDirectories(path + "/" + e.name));
  }
  if (rmdir(path.c_str()) != 0 && errno != ENOENT) {
    if (errno == ENOTEMPTY || errno == EEXIST) {
      return Status::InvalidInput("BucketNotEmpty: directory '" + path +
                                  "' holds files that are not objects (symlinks or special "
                                  "files): remove them first");
    }
    return internal::ErrnoStatus("removing directory", path);
  }
  return Status::OK();
}

}  // namespace

Result<ListPage> LocalFileStore::List(std::string_view container, const ListOptions& options) {
  ASSIGN_OR_RETURN(std::string container_path, ContainerPath(container));
  ListPageBuilder page(options);
  // Start in the deepest directory the prefix names ("a/b/" for "a/b/c"); a prefix no key can
  // start with (say, with a ".." segment) lists nothing.
  size_t slash = options.prefix.rfind('/');
  std::string base = slash == std::string::npos ? "" : options.prefix.substr(0, slash + 1);
  if (!base.empty()) {
    if (!ValidateLocalKey(base).ok()) return page.Finish();
    std::string dir = container_path + "/" + base.substr(0, base.size() - 1);
    ASSIGN_OR_RETURN(std::optional<ObjectInfo> marker, local::MarkerObjectInfo(dir, base));
    if (marker && page.Offer(base) == Verdict::kObject) page.AddObject(std::move(*marker));
    bool done = false;
    RETURN_NOT_OK(Walk(dir, base, false, page, done));
    return page.Finish();
  }
  bool done = false;
  RETURN_NOT_OK(Walk(container_path, "", true, page, done));
  return page.Finish();
}

Status LocalFileStore::DeleteContainer(std::string_view name) {
  ASSIGN_OR_RETURN(std::string container_path, ContainerPath(name));
  std::lock_guard<std::mutex> lock(tree_mu_);
  ASSIGN_OR_RETURN(bool has_key, local::HasKeyAfter(container_path, "", "", true));
  if (has_key) {
    return Status::InvalidInput("BucketNotEmpty: container '" + std::string(name) +
                                "' holds objects (delete them first)");
  }
  // Writes in progress lose their temp files; their Commit reports the container as gone.
  std::string tmp_dir = container_path + "/" + local::kTempDirName;
  ASSIGN_OR_RETURN(std::vector<local::DirEntry> tmp_files,
                   local::ReadDirectory(tmp_dir, /*key_order=*/false));
  for (const local::DirEntry& e : tmp_files) {
    std::string path = tmp_dir + "/" + e.name;
    if (unlink(path.c_str()) != 0 && errno != ENOENT) {
      return internal::ErrnoStatus("removing temp file", path);
    }
  }
  return RemoveDirectories(container_path);
}

}  // namespace sluice::storage
