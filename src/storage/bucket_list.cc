// BucketStore::List: ListObjects(V2) over the storage_objects index, with S3's delimiter
// semantics. Keys are compared bytewise (UTF-8 binary order), as S3 lists them.
#include "storage/bucket_store.h"
#include "storage/bucket_store_internal.h"

namespace sluice::storage {

using metastore::Row;
using metastore::Session;

namespace {

// The smallest string greater than every string starting with `prefix`; "" when unbounded.
std::string Successor(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<unsigned char>(prefix.back());
    if (last < 0xff) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

// The common prefix `key` rolls into under `prefix`/`delimiter`, or "" when it is listed itself.
std::string CommonPrefixOf(std::string_view key, const ListOptions& o) {
  if (o.delimiter.empty() || key.size() < o.prefix.size()) return "";
  size_t pos = key.find(o.delimiter, o.prefix.size());
  if (pos == std::string_view::npos) return "";
  return std::string(key.substr(0, pos + o.delimiter.size()));
}

}  // namespace

Result<ListPage> BucketStore::List(std::string_view bucket, const ListOptions& options) {
  ListPage page;
  int max = std::max(0, options.max_keys);
  // Lower bound: after start_after (skipping the whole group when it is a common prefix) and at
  // or after the prefix.
  std::string lower = options.prefix;
  bool inclusive = true;
  if (!options.start_after.empty() && options.start_after >= lower) {
    std::string group = CommonPrefixOf(options.start_after, options);
    if (!group.empty() && group == options.start_after) {
      lower = Successor(group);
      inclusive = true;
      if (lower.empty()) return page;  // nothing sorts after it
    } else {
      lower = options.start_after;
      inclusive = false;
    }
  }
  std::string upper = options.prefix.empty() ? "" : Successor(options.prefix);

  RETURN_NOT_OK(impl_->meta->Read([&](Session& s) -> Status {
    RETURN_NOT_OK(impl_->RequireBucket(s, bucket));
    int count = 0;
    bool restart = true;
    while (restart && !page.truncated) {
      restart = false;
      std::string sql =
          "SELECT key, size, etag, last_modified_ms, content_type, content_encoding, "
          "user_metadata, "
          "headers FROM storage_objects WHERE bucket = ? AND key ";
      sql += inclusive ? ">= ?" : "> ?";
      if (!upper.empty()) sql += " AND key < ?";
      sql += " ORDER BY key LIMIT ?";
      int64_t limit = max - count + 1;
      std::string next_lower;
      auto on_row = [&](const Row& r) {
        std::string key(r.Text(0));
        if (count == max) {
          page.truncated = true;
          return false;
        }
        std::string group = CommonPrefixOf(key, options);
        if (!group.empty()) {
          page.common_prefixes.push_back(group);
          page.last = group;
          ++count;
          next_lower = Successor(group);  // skip the rest of the group with a new range
          restart = !next_lower.empty();
          return false;
        }
        ObjectInfo info;
        info.key = key;
        info.size = static_cast<uint64_t>(r.Int(1));
        info.etag = r.Text(2);
        info.last_modified_ms = r.Int(3);
        info.content_type = r.Text(4);
        info.content_encoding = r.Text(5);
        info.user_metadata = ParseMetadataJson(r.Text(6));
        info.headers = ParseMetadataJson(r.Text(7));
        page.objects.push_back(std::move(info));
        page.last = key;
        ++count;
        return true;
      };
      if (upper.empty()) {
        RETURN_NOT_OK(s.Query(sql, {bucket, std::string_view(lower), limit}, on_row));
      } else {
        RETURN_NOT_OK(s.Query(
            sql, {bucket, std::string_view(lower), std::string_view(upper), limit}, on_row));
      }
      if (restart) {
        if (!upper.empty() && next_lower >= upper) break;
        lower = next_lower;
        inclusive = true;
      }
    }
    return Status::OK();
  }));
  return page;
}

}  // namespace sluice::storage
