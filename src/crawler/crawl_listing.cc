#include "crawler/crawl_listing.h"

#include <algorithm>
#include <set>

#include "crawler/exclusion_glob.h"

namespace sluice::crawler {

bool IsArtifact(std::string_view relative) {
  if (relative.empty() || relative.back() == '/') return true;  // folder markers
  size_t start = 0;
  while (start < relative.size()) {
    size_t slash = relative.find('/', start);
    std::string_view segment = relative.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    bool last = slash == std::string_view::npos;
    if (segment.empty()) return true;
    if (segment[0] == '.') return true;  // hidden files and folders (.crc files too)
    if (segment == "_temporary" || segment == "_spark_metadata" || segment == "_SUCCESS" ||
        segment == "_committed" || segment == "_started" || segment == "_common_metadata" ||
        segment == "_metadata") {
      return true;
    }
    if (last && (segment.size() > 4 && segment.substr(segment.size() - 4) == ".crc")) return true;
    if (last && segment.size() >= 9 && segment.substr(segment.size() - 9) == "_$folder$") {
      return true;
    }
    if (last) break;
    start = slash + 1;
  }
  return false;
}

namespace {

bool Excluded(const std::vector<std::string>& exclusions, const std::string& relative) {
  for (const std::string& pattern : exclusions) {
    if (GlobMatches(pattern, relative)) return true;
  }
  return false;
}

Result<std::vector<std::string>> Exclusions(const nlohmann::json& s3_target) {
  std::vector<std::string> out;
  for (const auto& e : s3_target.value("Exclusions", nlohmann::json::array())) {
    std::string pattern = e.get<std::string>();
    RETURN_NOT_OK(ValidateGlob(pattern));
    out.push_back(std::move(pattern));
  }
  return out;
}

std::string FolderOfKey(const std::string& relative) {
  size_t slash = relative.rfind('/');
  return slash == std::string::npos ? "" : relative.substr(0, slash + 1);
}

}  // namespace

Result<TargetListing> ListTargetFromEvents(
    const nlohmann::json& s3_target, storage::StorageRouter& router,
    const std::map<std::string, std::pair<uint64_t, int64_t>>& known,
    const std::vector<std::string>& event_keys, const std::atomic<bool>& stop,
    size_t* folders_listed) {
  TargetListing out;
  std::string path = s3_target.value("Path", "");
  if (path.empty() || path.back() != '/') path.push_back('/');
  out.path = path;
  ASSIGN_OR_RETURN(std::vector<std::string> exclusions, Exclusions(s3_target));
  ASSIGN_OR_RETURN(out.location, router.Resolve(out.path));
  const std::string prefix = out.location.key;
  std::set<std::string> changed;
  for (const std::string& key : event_keys) {
    if (key.rfind(prefix, 0) == 0) changed.insert(FolderOfKey(key.substr(prefix.size())));
  }
  for (const auto& [uri, state] : known) {
    if (uri.rfind(out.path, 0) != 0) continue;
    std::string relative = uri.substr(out.path.size());
    if (changed.count(FolderOfKey(relative))) continue;  // listed again below
    out.files.push_back({prefix + relative, relative, state.first, state.second});
  }
  for (const std::string& folder : changed) {
    storage::ListOptions options{.prefix = prefix + folder,
                                 .delimiter = std::string(1, '/'),
                                 .start_after = {},
                                 .max_keys = 1000};
    while (!stop.load()) {
      ASSIGN_OR_RETURN(storage::ListPage page,
                       out.location.store->List(out.location.container, options));
      for (const storage::ObjectInfo& o : page.objects) {
        std::string relative = o.key.substr(prefix.size());
        if (IsArtifact(relative)) {
          ++out.artifacts_skipped;
        } else if (Excluded(exclusions, relative)) {
          ++out.excluded;
        } else {
          out.files.push_back({o.key, std::move(relative), o.size, o.last_modified_ms});
        }
      }
      if (!page.truncated) break;
      options.start_after = page.last;
    }
  }
  std::sort(out.files.begin(), out.files.end(),
            [](const CrawlFile& a, const CrawlFile& b) { return a.key < b.key; });
  if (folders_listed != nullptr) *folders_listed = changed.size();
  return out;
}

Result<TargetListing> ListTarget(const nlohmann::json& s3_target, storage::StorageRouter& router,
                                 const std::atomic<bool>& stop) {
  TargetListing out;
  out.path = s3_target.value("Path", "");
  ASSIGN_OR_RETURN(std::vector<std::string> exclusions, Exclusions(s3_target));
  ASSIGN_OR_RETURN(out.location, router.Resolve(out.path));
  storage::ObjectStore* store = out.location.store;
  std::string prefix = out.location.key;
  // A path without a trailing '/' names one object if it exists, else a folder.
  if (!prefix.empty() && prefix.back() != '/') {
    ASSIGN_OR_RETURN(auto single, store->Head(out.location.container, prefix));
    if (single) {
      size_t slash = prefix.rfind('/');
      out.files.push_back({prefix, prefix.substr(slash == std::string::npos ? 0 : slash + 1),
                           single->size, single->last_modified_ms});
      out.location.key = slash == std::string::npos ? "" : prefix.substr(0, slash + 1);
      return out;
    }
    prefix += '/';
    out.path += '/';
  }
  out.location.key = prefix;
  storage::ListOptions options;
  options.prefix = prefix;
  while (!stop.load()) {
    ASSIGN_OR_RETURN(storage::ListPage page, store->List(out.location.container, options));
    for (const storage::ObjectInfo& o : page.objects) {
      std::string relative = o.key.substr(prefix.size());
      if (IsArtifact(relative)) {
        ++out.artifacts_skipped;
        continue;
      }
      if (Excluded(exclusions, relative)) {
        ++out.excluded;
        continue;
      }
      out.files.push_back({o.key, std::move(relative), o.size, o.last_modified_ms});
    }
    if (!page.truncated) break;
    options.start_after = page.last;
  }
  return out;
}

}  // namespace sluice::crawler
