#include "storage/object_events.h"

namespace sluice::storage {

using metastore::Row;
using metastore::Session;

Status RecordObjectEvent(Session& s, const ObjectEvent& e) {
  return s.Execute(
      "INSERT INTO storage_events (bucket, key, size, etag, event_ms, kind) VALUES (?, ?, ?, ?, ?, "
      "?)",
      {std::string_view(e.bucket), std::string_view(e.key), static_cast<int64_t>(e.size),
       std::string_view(e.etag), e.event_ms, std::string_view(e.kind)});
}

Result<std::vector<ObjectEvent>> ReadObjectEvents(metastore::Metastore& store, int64_t after_id,
                                                  int limit) {
  std::vector<ObjectEvent> out;
  RETURN_NOT_OK(store.Read([&](Session& s) {
    return s.Query(
        "SELECT id, bucket, key, size, etag, event_ms, kind FROM storage_events WHERE id > ? "
        "ORDER BY id LIMIT ?",
        {after_id, int64_t{limit}}, [&](const Row& r) {
          out.push_back({r.Int(0), std::string(r.Text(1)), std::string(r.Text(2)),
                         static_cast<uint64_t>(r.Int(3)), std::string(r.Text(4)), r.Int(5),
                         std::string(r.Text(6))});
          return true;
        });
  }));
  return out;
}

Result<int64_t> LatestObjectEventId(metastore::Metastore& store) {
  int64_t id = 0;
  RETURN_NOT_OK(store.Read([&](Session& s) {
    return s.Query("SELECT max(id) FROM storage_events", {}, [&](const Row& r) {
      if (!r.IsNull(0)) id = r.Int(0);
      return false;
    });
  }));
  return id;
}

Result<bool> HasObjectEvent(metastore::Metastore& store, std::string_view bucket,
                            std::string_view kind, int64_t up_to_id) {
  bool found = false;
  RETURN_NOT_OK(store.Read([&](Session& s) {
    return s.Query("SELECT 1 FROM storage_events WHERE bucket = ? AND kind = ? AND id <= ? LIMIT 1",
                   {bucket, kind, up_to_id}, [&](const Row&) {
                     found = true;
                     return false;
                   });
  }));
  return found;
}

Result<int64_t> PruneObjectEvents(metastore::Metastore& store, int64_t before_ms) {
  int64_t n = 0;
  RETURN_NOT_OK(store.Write([&](Session& s) -> Status {
    RETURN_NOT_OK(s.Execute("DELETE FROM storage_events WHERE event_ms < ?", {before_ms}));
    n = s.ChangedRows();
    return Status::OK();
  }));
  return n;
}

}  // namespace sluice::storage
