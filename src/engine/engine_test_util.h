// Helpers shared by the engine's unit tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "engine/duckdb_engine.h"

namespace sluice::engine::testing {

inline std::unique_ptr<Database> OpenMemoryDb(const DatabaseOptions& options = {}) {
  auto db = Database::Open("", options);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(*db) : nullptr;
}

inline std::unique_ptr<Connection> ConnectTo(Database& db) {
  auto conn = db.Connect();
  EXPECT_TRUE(conn.ok()) << conn.status().ToString();
  return conn.ok() ? std::move(*conn) : nullptr;
}

// A statement that runs for minutes unless interrupted.
inline constexpr const char* kLongQuery = "SELECT count(*) FROM range(100000000000)";

}  // namespace sluice::engine::testing
