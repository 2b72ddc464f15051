#include "query/query_binder.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "engine/connection.h"
#include "engine/database.h"
#include "storage/local_store.h"

namespace sluice::query {
namespace {

using nlohmann::json;

class QueryBinderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/sluice-binder-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    root_ = dir;
    auto meta = metastore::OpenSqliteMetastore({});
    ASSERT_TRUE(meta.ok());
    meta_ = std::move(*meta);
    catalog_ = std::make_unique<catalog::Catalog>(*meta_, catalog::CatalogOptions{});
    ASSERT_TRUE(catalog_->CreateDatabase({{"Name", "lake"}}).ok());
    files_ = std::make_unique<storage::LocalFileStore>("/");
    router_ = std::make_unique<storage::StorageRouter>(nullptr, files_.get());
    binder_ = std::make_unique<QueryBinder>(*catalog_, *router_, root_ + "/scratch");
    auto db = engine::Database::Open("");
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
    auto conn = db_->Connect();
    ASSERT_TRUE(conn.ok());
    conn_ = std::move(*conn);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  void Write(const std::string& relative, const std::string& text) {
    std::filesystem::path path = root_ + "/" + relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  std::string Uri(const std::string& relative) { return "file://" + root_ + "/" + relative; }

  json CsvDescriptor(const std::string& location, json columns) {
    return {{"Columns", columns},
            {"Location", Uri(location)},
            {"InputFormat", "org.apache.hadoop.mapred.TextInputFormat"},
            {"SerdeInfo",
             {{"SerializationLibrary", "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"},
              {"Parameters", {{"field.delim", ","}}}}}};
  }

  // Runs `sql` and returns its rows as "a|b" lines.
  std::vector<std::string> Run(const std::string& sql, BoundQuery* out = nullptr) {
    auto bound = binder_->Bind(*conn_, sql, "lake");
    EXPECT_TRUE(bound.ok()) << bound.status().ToString();
    if (!bound.ok()) return {};
    auto result = conn_->Query(bound->sql);
    EXPECT_TRUE(result.ok()) << result.status().ToString() << "\n" << bound->sql;
    std::vector<std::string> rows;
    if (result.ok()) {
      for (const auto& row : result->rows) {
        std::string line;
        for (size_t i = 0; i < row.size(); ++i) line += (i ? "|" : "") + row[i].value_or("NULL");
        rows.push_back(line);
      }
    }
    if (out) *out = std::move(*bound);
    return rows;
  }

  std::string root_;
  std::unique_ptr<metastore::Metastore> meta_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<storage::LocalFileStore> files_;
  std::unique_ptr<storage::StorageRouter> router_;
  std::unique_ptr<QueryBinder> binder_;
  std::unique_ptr<engine::Database> db_;
  std::unique_ptr<engine::Connection> conn_;
};

TEST_F(QueryBinderTest, PrunesPartitionsByTheirKeys) {
  json columns = json::array(
      {{{"Name", "station"}, {"Type", "string"}}, {{"Name", "temp"}, {"Type", "double"}}});
  json table = {{"Name", "weather"},
                {"StorageDescriptor", CsvDescriptor("weather/", columns)},
                {"PartitionKeys", json::array({{{"Name", "year"}, {"Type", "string"}},
                                               {{"Name", "day"}, {"Type", "string"}}})},
                {"Parameters", {{"classification", "csv"}, {"skip.header.line.count", "1"}}}};
  ASSERT_TRUE(catalog_->CreateTable("lake", table, json::array()).ok());
  json inputs = json::array();
  for (int day = 1; day <= 30; ++day) {
    std::string d = (day < 10 ? "0" : "") + std::to_string(day);
    std::string folder = "weather/year=2024/day=" + d + "/";
    Write(folder + "part-0.csv", "station,temp\ns1," + std::to_string(day) + ".5\ns2,1\n");
    json sd = CsvDescriptor(folder, columns);
    inputs.push_back({{"Values", {"2024", d}}, {"StorageDescriptor", sd}});
  }
  auto created = catalog_->BatchCreatePartition("lake", "weather", inputs);
  ASSERT_TRUE(created.ok()) << created.status().ToString();

  BoundQuery bound;
  EXPECT_EQ(Run("SELECT station, temp, day FROM lake.weather WHERE day = '07' AND year = '2024' "
                "ORDER BY station",
                &bound),
            (std::vector<std::string>{"s1|7.5|07", "s2|1.0|07"}));
  ASSERT_EQ(bound.tables.size(), 1u);
  EXPECT_EQ(bound.tables[0].partitions_read, 1u);
  EXPECT_EQ(bound.tables[0].files, 1u);

  EXPECT_EQ(
      Run("SELECT count(*) FROM \"lake\".\"weather\" w WHERE w.day BETWEEN '10' AND '12'", &bound),
      (std::vector<std::string>{"6"}));
  EXPECT_EQ(bound.tables[0].partitions_read, 3u);

  // A term on a data column does not prune; an OR with an untranslatable branch does not either.
  EXPECT_EQ(
      Run("SELECT count(*) FROM awsdatacatalog.lake.weather WHERE temp > 29 OR day = '01'", &bound),
      (std::vector<std::string>{"4"}));
  EXPECT_EQ(bound.tables[0].partitions_read, 30u);
  // Unqualified names resolve in the default database; CTE names are left alone.
  EXPECT_EQ(Run("WITH w AS (SELECT * FROM weather WHERE day IN ('01', '02')) "
                "SELECT count(*) FROM w",
                &bound),
            (std::vector<std::string>{"4"}));
  EXPECT_EQ(bound.tables[0].partitions_read, 2u);
}

TEST_F(QueryBinderTest, ParquetDriftGivesNullsAndCasts) {
  auto prepared = conn_->Query("COPY (SELECT 1::INTEGER AS id, 'a' AS name) TO '" + root_ +
                               "/p/part=1/f.parquet'");
  std::filesystem::create_directories(root_ + "/p/part=1");
  std::filesystem::create_directories(root_ + "/p/part=2");
  ASSERT_TRUE(conn_
                  ->Query("COPY (SELECT 1::INTEGER AS id, 'a' AS name) TO '" + root_ +
                          "/p/part=1/f.parquet'")
                  .ok());
  ASSERT_TRUE(
      conn_->Query("COPY (SELECT 5000000000::BIGINT AS ID) TO '" + root_ + "/p/part=2/f.parquet'")
          .ok());
  json columns =
      json::array({{{"Name", "id"}, {"Type", "bigint"}}, {{"Name", "name"}, {"Type", "string"}}});
  json sd = {
      {"Columns", columns},
      {"Location", Uri("p/")},
      {"SerdeInfo",
       {{"SerializationLibrary", "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}}}};
  ASSERT_TRUE(
      catalog_
          ->CreateTable("lake",
                        {{"Name", "p"},
                         {"StorageDescriptor", sd},
                         {"PartitionKeys", json::array({{{"Name", "part"}, {"Type", "int"}}})}},
                        json::array())
          .ok());
  json inputs = json::array();
  for (std::string v : {"1", "2"}) {
    json psd = sd;
    psd["Location"] = Uri("p/part=" + v + "/");
    inputs.push_back({{"Values", {v}}, {"StorageDescriptor", psd}});
  }
  ASSERT_TRUE(catalog_->BatchCreatePartition("lake", "p", inputs).ok());
  EXPECT_EQ(Run("SELECT id, name, part FROM lake.p ORDER BY part"),
            (std::vector<std::string>{"1|a|1", "5000000000|NULL|2"}));
  BoundQuery bound;
  EXPECT_EQ(Run("SELECT count(*) FROM lake.p WHERE part = 2", &bound),
            (std::vector<std::string>{"1"}));
  EXPECT_EQ(bound.tables[0].partitions_read, 1u);
}

TEST_F(QueryBinderTest, ErrorsNameWhatToFix) {
  auto missing = binder_->Bind(*conn_, "SELECT * FROM lake.nothere", "lake");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("awsdatacatalog.lake.nothere"), std::string::npos);
  auto syntax = binder_->Bind(*conn_, "SELEC 1", "lake");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().code(), StatusCode::kInvalidInput);
  auto nodb = binder_->Bind(*conn_, "SELECT * FROM t", "");
  ASSERT_FALSE(nodb.ok());
  EXPECT_NE(nodb.status().message().find("QueryExecutionContext.Database"), std::string::npos);
  // Queries without catalog tables pass through unchanged.
  auto plain = binder_->Bind(*conn_, "SELECT 42", "");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->sql, "SELECT 42");
}

}  // namespace
}  // namespace sluice::query
