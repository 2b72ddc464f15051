#include "metastore/migrations.h"

#include <gtest/gtest.h>

namespace sluice::metastore {
namespace {

int64_t CountRows(Metastore& store, const std::string& table) {
  int64_t n = -1;
  EXPECT_TRUE(store
                  .Read([&](Session& s) {
                    return s.Query("SELECT COUNT(*) FROM " + table, {}, [&](const Row& r) {
                      n = r.Int(0);
                      return false;
                    });
                  })
                  .ok());
  return n;
}

TEST(MigrationsTest, FreshStoreIsAtLatestVersionAndReapplyIsNoop) {
  auto store = OpenSqliteMetastore({});
  ASSERT_TRUE(store.ok());
  int64_t latest = SchemaMigrations().back().version;
  EXPECT_EQ(*(*store)->SchemaVersion(), latest);
  ASSERT_TRUE(ApplyMigrations(**store, SchemaMigrations()).ok());
  EXPECT_EQ(CountRows(**store, "schema_migrations"),
            static_cast<int64_t>(SchemaMigrations().size()));
}

TEST(MigrationsTest, UpgradesFromAnOlderVersion) {
  auto store = OpenSqliteMetastore({});
  ASSERT_TRUE(store.ok());
  std::vector<Migration> next = SchemaMigrations();
  next.push_back(
      {next.back().version + 1, "test: add a table", {"CREATE TABLE t_extra (x BIGINT)"}});
  ASSERT_TRUE(ApplyMigrations(**store, next).ok());
  EXPECT_EQ(*(*store)->SchemaVersion(), next.back().version);
  EXPECT_EQ(CountRows(**store, "t_extra"), 0);
}

TEST(MigrationsTest, FailingMigrationRollsBackWhole) {
  auto store = OpenSqliteMetastore({});
  ASSERT_TRUE(store.ok());
  std::vector<Migration> next = SchemaMigrations();
  int64_t before = next.back().version;
  next.push_back({before + 1, "broken", {"CREATE TABLE t_half (x BIGINT)", "CREATE TABLE ((("}});
  Status st = ApplyMigrations(**store, next);
  EXPECT_EQ(st.code(), StatusCode::kInternal);
  EXPECT_NE(st.message().find("migration " + std::to_string(before + 1)), std::string::npos);
  EXPECT_EQ(*(*store)->SchemaVersion(), before);
  // The first statement of the failed migration must not be visible.
  Status probe = (*store)->Read([](Session& s) { return s.Execute("SELECT * FROM t_half"); });
  EXPECT_FALSE(probe.ok());
}

TEST(MigrationsTest, RejectsNonIncreasingVersions) {
  auto store = OpenSqliteMetastore({});
  ASSERT_TRUE(store.ok());
  std::vector<Migration> bad = {{2, "b", {}}, {1, "a", {}}};
  EXPECT_EQ(ApplyMigrations(**store, bad).code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace sluice::metastore
