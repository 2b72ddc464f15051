// Helpers shared by the memory and local object stores. Not part of the module's interface.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/object_store.h"

namespace sluice::storage::internal {

// Checks a container name that both stores can hold (the local store makes it a directory):
// 1..255 bytes, no '/' or NUL, not "." or "..". S3's stricter bucket rules are the API's concern.
Status ValidateContainerName(std::string_view name);

// NotFound for a container that does not exist, saying what to do.
Status NoSuchContainer(std::string_view container);

// IOError "<what> '<path>': <strerror(errno)>"; reads errno, so call it right after the failure.
Status ErrnoStatus(std::string_view what, const std::string& path);

// InvalidInput for an Open whose offset lies beyond the object (S3's InvalidRange); OK when the
// range can be served. As S3 does, offset == size is allowed only for an empty object.
Status CheckRangeStart(std::string_view key, uint64_t offset, uint64_t size);

// InvalidInput when `expected_md5_hex` (any case) is given and differs from `actual_md5_hex`.
Status CheckExpectedMd5(std::string_view key, const std::optional<std::string>& expected_md5_hex,
                        std::string_view actual_md5_hex);

// Builds one ListPage from keys offered in bytewise order, with S3's delimiter semantics: a key
// after `prefix` that contains the delimiter rolls up into the common prefix ending there, each
// common prefix is listed once, and a start_after that is itself a common prefix (the `last` of a
// previous page) skips that whole group. The local store also uses the subtree queries to skip
// directories without reading them. Not thread-safe; one per List call.
class ListPageBuilder {
 public:
  enum class Verdict {
    kSkip,    // not listed (outside the prefix, not after start_after, or rolled up)
    kObject,  // list it: call AddObject with its info
    kDone,    // the page is full and this key would have been on the next one: stop
  };

  explicit ListPageBuilder(const ListOptions& options);

  // Classifies the next key (keys must come in strictly increasing bytewise order).
  Verdict Offer(std::string_view key);
  void AddObject(ObjectInfo info);

  // Whether a subtree whose keys all start with `subtree` (ending with '/') can hold a key this
  // listing returns.
  bool MayList(std::string_view subtree) const;
  // The common prefix every key under `subtree` rolls up into, if the delimiter fixes one.
  std::optional<std::string> CollapsedPrefix(std::string_view subtree) const;
  // Lists a common prefix found without offering its keys (the caller checked that the group
  // holds a key after start_after). False when the page is full: stop.
  bool OfferPrefix(const std::string& common_prefix);
  // False when `common_prefix` would be skipped anyway (already listed, or start_after).
  bool WantsPrefix(std::string_view common_prefix) const;

  const std::string& start_after() const { return options_.start_after; }
  ListPage Finish() { return std::move(page_); }

 private:
  bool Full() const;

  const ListOptions& options_;
  size_t max_;
  ListPage page_;
};

}  // namespace sluice::storage::internal
