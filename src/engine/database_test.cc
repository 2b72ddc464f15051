#include "engine/database.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/ids.h"
#include "engine/engine_test_util.h"

namespace sluice::engine {
namespace {

using testing::ConnectTo;
using testing::OpenMemoryDb;

std::string Setting(Connection& conn, const std::string& name) {
  auto result = conn.Query("SELECT current_setting('" + name + "')");
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok() || result->rows.empty()) return "";
  return result->rows[0][0].value_or("");
}

TEST(DatabaseTest, AppliesOptions) {
  auto temp = std::filesystem::temp_directory_path() / ("sluice-duck-tmp-" + NewUuid());
  DatabaseOptions options;
  options.memory_limit = "512MB";
  options.threads = 1;
  options.temp_directory = temp.string();
  auto db = OpenMemoryDb(options);
  ASSERT_NE(db, nullptr);
  auto conn = ConnectTo(*db);
  ASSERT_NE(conn, nullptr);
  // DuckDB reports the limit in its own units (512MB = 488.2 MiB).
  EXPECT_NE(Setting(*conn, "memory_limit").find("MiB"), std::string::npos);
  EXPECT_EQ(Setting(*conn, "threads"), "1");
  EXPECT_EQ(Setting(*conn, "temp_directory"), temp.string());
  std::filesystem::remove_all(temp);
}

TEST(DatabaseTest, RejectsABadOption) {
  DatabaseOptions options;
  options.memory_limit = "lots";
  auto db = Database::Open("", options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kInvalidInput) << db.status().ToString();
  EXPECT_NE(db.status().message().find("lots"), std::string::npos) << db.status().ToString();

  options.memory_limit.clear();
  options.threads = -1;
  EXPECT_EQ(Database::Open("", options).status().code(), StatusCode::kInvalidInput);
}

TEST(DatabaseTest, OpenFailsWithIOErrorForAnUnreachablePath) {
  auto db = Database::Open("/proc/no-such-dir/x.duckdb");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kIOError) << db.status().ToString();
}

}  // namespace
}  // namespace sluice::engine
