// Versioned schema migrations. Each migration runs once, in its own transaction, in order;
// the applied versions are recorded in table schema_migrations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "metastore/metastore.h"

namespace sluice::metastore {

struct Migration {
  int64_t version;                      // strictly increasing, starting at 1
  std::string description;              // what it changes, for logs
  std::vector<std::string> statements;  // portable DDL, run in order
};

// The migrations of the Sluice metastore schema (schema.cc).
const std::vector<Migration>& SchemaMigrations();

// Applies every migration newer than the store's version. A failing migration rolls back
// entirely and returns Internal naming the version; earlier ones stay applied.
Status ApplyMigrations(Metastore& store, const std::vector<Migration>& migrations);

}  // namespace sluice::metastore
