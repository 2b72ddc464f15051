#include "metastore/migrations.h"

#include <string>

#include "common/logging.h"
#include "common/time.h"

namespace sluice::metastore {

Status ApplyMigrations(Metastore& store, const std::vector<Migration>& migrations) {
  RETURN_NOT_OK(store.Write([](Session& s) {
    return s.Execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version BIGINT PRIMARY KEY, description TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)");
  }));
  int64_t previous = 0;
  for (const Migration& m : migrations) {
    if (m.version <= previous) {
      return Status::Internal("migration versions must increase: " + std::to_string(m.version) +
                              " after " + std::to_string(previous));
    }
    previous = m.version;
    Status st = store.Write([&](Session& s) {
      bool applied = false;
      RETURN_NOT_OK(s.Query("SELECT 1 FROM schema_migrations WHERE version = ?", {m.version},
                            [&](const Row&) {
                              applied = true;
                              return false;
                            }));
      if (applied) return Status::OK();
      for (const std::string& sql : m.statements) RETURN_NOT_OK(s.Execute(sql));
      LogInfo("metastore: applied migration " + std::to_string(m.version) + " (" + m.description +
              ")");
      return s.Execute(
          "INSERT INTO schema_migrations (version, description, applied_at_ms) VALUES (?, ?, ?)",
          {m.version, std::string_view(m.description), NowEpochMillis()});
    });
    if (!st.ok()) {
      return Status::Internal("migration " + std::to_string(m.version) + " (" + m.description +
                              ") failed: " + st.message());
    }
  }
  return Status::OK();
}

}  // namespace sluice::metastore
