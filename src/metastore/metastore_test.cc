#include "metastore/metastore.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "common/ids.h"
#include "metastore/migrations.h"

namespace sluice::metastore {
namespace {

std::unique_ptr<Metastore> OpenOrDie(const std::string& path) {
  auto store = OpenSqliteMetastore({.path = path});
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return std::move(*store);
}

std::string ReadName(Metastore& store) {
  std::string name;
  EXPECT_TRUE(store
                  .Read([&](Session& s) {
                    return s.Query("SELECT name FROM catalog_databases", {}, [&](const Row& r) {
                      name += std::string(r.Text(0)) + ";";
                      return true;
                    });
                  })
                  .ok());
  return name;
}

TEST(SqliteMetastoreTest, WriteCommitsAndFailedWriteRollsBack) {
  auto store = OpenOrDie("");
  ASSERT_TRUE(store
                  ->Write([](Session& s) {
                    return s.Execute("INSERT INTO catalog_databases (name, body) VALUES (?, ?)",
                                     {std::string_view("a"), std::string_view("{}")});
                  })
                  .ok());
  Status st = store->Write([](Session& s) {
    RETURN_NOT_OK(s.Execute("INSERT INTO catalog_databases (name, body) VALUES ('b', '{}')"));
    return Status::InvalidInput("caller changed its mind");
  });
  EXPECT_EQ(st.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ReadName(*store), "a;");
}

TEST(SqliteMetastoreTest, UniqueViolationIsAlreadyExists) {
  auto store = OpenOrDie("");
  auto insert = [](Session& s) {
    return s.Execute("INSERT INTO catalog_databases (name, body) VALUES ('a', '{}')");
  };
  ASSERT_TRUE(store->Write(insert).ok());
  EXPECT_EQ(store->Write(insert).code(), StatusCode::kAlreadyExists);
}

TEST(SqliteMetastoreTest, BadSqlIsInternalWithStatement) {
  auto store = OpenOrDie("");
  Status st = store->Read([](Session& s) { return s.Execute("SELEC nonsense"); });
  EXPECT_EQ(st.code(), StatusCode::kInternal);
  EXPECT_NE(st.message().find("SELEC nonsense"), std::string::npos);
}

TEST(SqliteMetastoreTest, BlobsCompareBytewise) {
  auto store = OpenOrDie("");
  std::string low("\x01\x00", 2), high("\x01\xff", 2);
  ASSERT_TRUE(store
                  ->Write([&](Session& s) {
                    RETURN_NOT_OK(
                        s.Execute("INSERT INTO catalog_partitions (table_id, sort_key, "
                                  "partition_values, body) VALUES (1, ?, '[]', 'h')",
                                  {Blob{high}}));
                    return s.Execute(
                        "INSERT INTO catalog_partitions (table_id, sort_key, partition_values, "
                        "body) VALUES (1, ?, '[]', 'l')",
                        {Blob{low}});
                  })
                  .ok());
  std::string order;
  ASSERT_TRUE(store
                  ->Read([&](Session& s) {
                    return s.Query(
                        "SELECT body FROM catalog_partitions WHERE sort_key >= ? "
                        "ORDER BY sort_key",
                        {Blob{std::string_view("\x01", 1)}}, [&](const Row& r) {
                          order += r.Text(0);
                          return true;
                        });
                  })
                  .ok());
  EXPECT_EQ(order, "lh");
}

TEST(SqliteMetastoreTest, PersistsAcrossReopen) {
  auto dir = std::filesystem::temp_directory_path() / ("sluice-ms-" + NewUuid());
  std::filesystem::create_directories(dir);
  std::string path = (dir / "metastore.db").string();
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store
                    ->Write([](Session& s) {
                      return s.Execute(
                          "INSERT INTO catalog_databases (name, body) VALUES ('kept', '{}')");
                    })
                    .ok());
  }
  auto reopened = OpenOrDie(path);
  EXPECT_EQ(ReadName(*reopened), "kept;");
  auto version = reopened->SchemaVersion();
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, static_cast<int64_t>(SchemaMigrations().size()));
  std::filesystem::remove_all(dir);
}

TEST(SqliteMetastoreTest, UnopenablePathIsIOError) {
  auto store = OpenSqliteMetastore({.path = "/proc/definitely/not/here/metastore.db"});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace sluice::metastore
