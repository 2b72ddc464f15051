#include "storage/store_internal.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace sluice::storage::internal {

Status ValidateContainerName(std::string_view name) {
  std::string shown(name.substr(0, 64));
  if (name.empty()) return Status::InvalidInput("container name is empty: name a bucket");
  if (name.size() > 255) {
    return Status::InvalidInput("container name '" + shown + "...' is longer than 255 bytes");
  }
  if (name.find('/') != std::string_view::npos || name.find('\0') != std::string_view::npos) {
    return Status::InvalidInput("container name '" + shown +
                                "' contains '/' or NUL: a container is one path segment");
  }
  if (name == "." || name == "..") {
    return Status::InvalidInput("container name '" + shown + "' is reserved by the file system");
  }
  return Status::OK();
}

Status NoSuchContainer(std::string_view container) {
  return Status::NotFound("container '" + std::string(container) +
                          "' does not exist (create the bucket first)");
}

Status ErrnoStatus(std::string_view what, const std::string& path) {
  int saved = errno;
  return Status::IOError(std::string(what) + " '" + path + "': " + std::strerror(saved));
}

Status CheckRangeStart(std::string_view key, uint64_t offset, uint64_t size) {
  if (offset < size || (offset == 0 && size == 0)) return Status::OK();
  return Status::InvalidInput("InvalidRange: the range of '" + std::string(key) +
                              "' starts at byte " + std::to_string(offset) +
                              " but the object has " + std::to_string(size) +
                              " bytes (request a range that starts inside the object)");
}

Status CheckExpectedMd5(std::string_view key, const std::optional<std::string>& expected_md5_hex,
                        std::string_view actual_md5_hex) {
  if (!expected_md5_hex) return Status::OK();
  std::string expected = *expected_md5_hex;
  for (char& c : expected) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (expected == actual_md5_hex) return Status::OK();
  return Status::InvalidInput("BadDigest: the MD5 of the bytes written to '" + std::string(key) +
                              "' is " + std::string(actual_md5_hex) + ", not the expected " +
                              *expected_md5_hex + " (the body was damaged in transit: resend it)");
}

ListPageBuilder::ListPageBuilder(const ListOptions& options)
    : options_(options), max_(static_cast<size_t>(std::max(0, options.max_keys))) {}

bool ListPageBuilder::Full() const {
  return page_.objects.size() + page_.common_prefixes.size() >= max_;
}

ListPageBuilder::Verdict ListPageBuilder::Offer(std::string_view key) {
  if (!key.starts_with(options_.prefix)) return Verdict::kSkip;
  if (!options_.start_after.empty() && key <= options_.start_after) return Verdict::kSkip;
  if (!options_.delimiter.empty()) {
    size_t pos = key.find(options_.delimiter, options_.prefix.size());
    if (pos != std::string_view::npos) {
      std::string common(key.substr(0, pos + options_.delimiter.size()));
      if (!WantsPrefix(common)) return Verdict::kSkip;
      return OfferPrefix(common) ? Verdict::kSkip : Verdict::kDone;
    }
  }
  if (Full()) {
    page_.truncated = true;
    return Verdict::kDone;
  }
  return Verdict::kObject;
}

void ListPageBuilder::AddObject(ObjectInfo info) {
  page_.last = info.key;
  page_.objects.push_back(std::move(info));
}

bool ListPageBuilder::MayList(std::string_view subtree) const {
  const std::string& prefix = options_.prefix;
  if (!subtree.starts_with(prefix) && !std::string_view(prefix).starts_with(subtree)) return false;
  // Every key under `subtree` sorts before a start_after that leaves the subtree above it.
  const std::string& after = options_.start_after;
  return !(after > subtree && !std::string_view(after).starts_with(subtree));
}

std::optional<std::string> ListPageBuilder::CollapsedPrefix(std::string_view subtree) const {
  if (options_.delimiter.empty() || !subtree.starts_with(options_.prefix)) return std::nullopt;
  size_t pos = subtree.find(options_.delimiter, options_.prefix.size());
  if (pos == std::string_view::npos) return std::nullopt;
  return std::string(subtree.substr(0, pos + options_.delimiter.size()));
}

bool ListPageBuilder::WantsPrefix(std::string_view common_prefix) const {
  if (common_prefix == options_.start_after) return false;
  return page_.common_prefixes.empty() || page_.common_prefixes.back() != common_prefix;
}

bool ListPageBuilder::OfferPrefix(const std::string& common_prefix) {
  if (Full()) {
    page_.truncated = true;
    return false;
  }
  page_.common_prefixes.push_back(common_prefix);
  page_.last = common_prefix;
  return true;
}

}  // namespace sluice::storage::internal
