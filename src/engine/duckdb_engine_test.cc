#include "engine/duckdb_engine.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/ids.h"

namespace sluice::engine {
namespace {

TEST(DuckDbEngineTest, WritesAndReadsBackParquet) {
  auto db = Database::Open("");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto conn = (*db)->Connect();
  ASSERT_TRUE(conn.ok());
  auto dir = std::filesystem::temp_directory_path() / ("sluice-duck-" + NewUuid());
  std::filesystem::create_directories(dir);
  std::string file = (dir / "t.parquet").string();

  auto written = (*conn)->Query(
      "COPY (SELECT i AS id, 'row ' || i AS label, i * 0.5 AS score FROM range(1000) t(i)) TO '" +
      file + "' (FORMAT PARQUET)");
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  ASSERT_TRUE(std::filesystem::exists(file));

  auto read = (*conn)->Query(
      "SELECT count(*), sum(id), max(label), sum(score) FROM read_parquet('" + file + "')");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->rows.size(), 1u);
  EXPECT_EQ(read->rows[0][0], "1000");
  EXPECT_EQ(read->rows[0][1], "499500");
  EXPECT_EQ(read->rows[0][2], "row 999");
  EXPECT_EQ(read->rows[0][3], "249750.0");

  auto schema = (*conn)->Query("SELECT name, type FROM parquet_schema('" + file +
                               "') WHERE name <> 'duckdb_schema' ORDER BY name");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ(schema->rows.size(), 3u);
  std::filesystem::remove_all(dir);
}

TEST(DuckDbEngineTest, ErrorsCarryTheStatement) {
  auto db = Database::Open("");
  ASSERT_TRUE(db.ok());
  auto conn = (*db)->Connect();
  ASSERT_TRUE(conn.ok());
  auto bad = (*conn)->Query("SELECT * FROM no_such_table");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(bad.status().message().find("no_such_table"), std::string::npos);
}

TEST(DuckDbEngineTest, VersionIsPinned) { EXPECT_EQ(Database::LibraryVersion(), "v1.4.4"); }

}  // namespace
}  // namespace sluice::engine
