#include "crawler/table_planner.h"

#include <gtest/gtest.h>

#include "crawler/crawl_listing.h"

namespace sluice::crawler {
namespace {

using formats::Column;
using formats::GlueType;

SampledFile File(std::string relative, std::string classification, std::vector<std::string> columns,
                 std::string compression = "none") {
  SampledFile f;
  f.file.relative = std::move(relative);
  f.file.key = "raw/" + f.file.relative;
  f.file.size = 100;
  f.compression = std::move(compression);
  formats::FileClassification c;
  c.classification = std::move(classification);
  c.certainty = 1.0;
  c.schema_known = true;
  c.sample_records = 2;
  for (auto& name : columns) c.columns.push_back({name, GlueType::String()});
  f.schema = c;
  f.sample_bytes = 100;
  return f;
}

PlanOptions Options() {
  PlanOptions o;
  o.root_uri = "s3://b/raw/";
  o.root_name = "raw";
  return o;
}

std::vector<PlannedTable> Plan(const std::vector<SampledFile>& files, PlanOptions o = Options()) {
  std::vector<std::string> log;
  auto tables = PlanTables(files, o, log);
  for (const auto& line : log) std::cerr << "  log: " << line << "\n";
  return tables;
}

TEST(TablePlannerTest, DifferentFormatsSplitIntoTablesAndHivePartitionsNameKeys) {
  auto tables = Plan({File("events/a.json", "json", {"id", "amount"}),
                      File("events/year=2024/month=01/b.json", "json", {"id", "amount"}),
                      File("events/year=2024/month=02/c.json", "json", {"id", "amount"}),
                      File("customers/c.csv", "csv", {"customer_id", "name"})});
  ASSERT_EQ(tables.size(), 2u);
  const PlannedTable& customers = tables[0];
  const PlannedTable& events = tables[1];
  EXPECT_EQ(customers.name, "customers");
  EXPECT_TRUE(customers.partition_keys.empty());
  EXPECT_EQ(events.name, "events");
  EXPECT_EQ(events.location, "s3://b/raw/events/");
  EXPECT_EQ(events.partition_keys, (std::vector<std::string>{"year", "month"}));
  ASSERT_EQ(events.partitions.size(), 2u);
  EXPECT_EQ(events.partitions[0].values, (std::vector<std::string>{"2024", "01"}));
  EXPECT_EQ(events.partitions[0].location, "s3://b/raw/events/year=2024/month=01/");
  EXPECT_EQ(events.objects, 3u);
}

TEST(TablePlannerTest, SimilarFoldersBecomeOnePartitionedTableAtTheRoot) {
  auto tables = Plan({File("2024/01/a.csv", "csv", {"a", "b", "c"}),
                      File("2024/02/a.csv", "csv", {"a", "b", "c", "d"}),
                      File("2025/01/a.csv", "csv", {"a", "b", "c"})});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].name, "raw");
  EXPECT_EQ(tables[0].partition_keys, (std::vector<std::string>{"partition_0", "partition_1"}));
  EXPECT_EQ(tables[0].partitions.size(), 3u);
  ASSERT_EQ(tables[0].columns.size(), 4u);  // the union: d is kept
  EXPECT_EQ(tables[0].columns[3].name, "d");
}

TEST(TablePlannerTest, DissimilarSchemasSplitUnlessCombineCompatible) {
  std::vector<SampledFile> files = {File("a/x.json", "json", {"a", "b", "c"}),
                                    File("b/x.json", "json", {"x", "y", "z"})};
  EXPECT_EQ(Plan(files).size(), 2u);
  PlanOptions combine = Options();
  combine.combine_compatible = true;
  auto tables = Plan(files, combine);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].columns.size(), 6u);
}

TEST(TablePlannerTest, CompressionDifferenceSplits) {
  auto tables = Plan({File("a/x.json", "json", {"a"}), File("b/x.json.gz", "json", {"a"}, "gzip")});
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[1].compression, "gzip");
}

TEST(TablePlannerTest, TableLevelConfigurationPicksTheRootLevel) {
  PlanOptions o = Options();
  o.table_level = 3;  // bucket level 1 = raw, 2 = dataset, 3 = year
  o.root_level = 1;
  auto tables = Plan(
      {File("ds/2024/01/a.csv", "csv", {"a", "b"}), File("ds/2025/01/a.csv", "csv", {"a", "b"})},
      o);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].name, "2024");
  EXPECT_EQ(tables[0].partition_keys, (std::vector<std::string>{"partition_0"}));
}

TEST(TablePlannerTest, PrefixNamesAndDuplicates) {
  PlanOptions o = Options();
  o.table_prefix = "raw_";
  auto tables =
      Plan({File("Sales Data/a.json", "json", {"a"}), File("x/sales-data/b.csv", "csv", {"b"}),
            File("x/other/c.json", "json", {"q", "r", "s"})},
           o);
  ASSERT_EQ(tables.size(), 3u);
  EXPECT_EQ(tables[0].name.substr(0, 15), "raw_sales_data_");  // renamed: two "sales_data"
  EXPECT_EQ(tables[0].name.size(), 15u + 8u);
  EXPECT_NE(tables[0].name, tables[2].name);
}

TEST(TablePlannerTest, DataColumnNamedLikeAPartitionKeyIsDropped) {
  auto tables = Plan({File("t/year=2024/a.json", "json", {"id", "year"}),
                      File("t/year=2025/a.json", "json", {"id", "year"})});
  ASSERT_EQ(tables.size(), 1u);
  ASSERT_EQ(tables[0].columns.size(), 1u);
  EXPECT_EQ(tables[0].columns[0].name, "id");
}

TEST(TablePlannerTest, TypedPartitionKeysOnRequest) {
  std::vector<SampledFile> files = {File("year=2024/dt=2024-01-02/r=a/x.json", "json", {"v"}),
                                    File("year=2025/dt=2025-01-02/r=b/x.json", "json", {"v"})};
  EXPECT_EQ(Plan(files)[0].partition_key_types,
            (std::vector<std::string>{"string", "string", "string"}));
  PlanOptions o = Options();
  o.typed_partition_keys = true;
  EXPECT_EQ(Plan(files, o)[0].partition_key_types,
            (std::vector<std::string>{"bigint", "date", "string"}));
}

TEST(TablePlannerTest, UnclassifiedFilesMakeNoTable) {
  SampledFile f = File("a/x.bin", "UNKNOWN", {});
  f.schema->certainty = 0.0;
  EXPECT_TRUE(Plan({f}).empty());
}

TEST(CrawlListingTest, ArtifactsAreSkipped) {
  for (const char* key : {"_SUCCESS", "a/_SUCCESS", "a/_temporary/0/part", ".hidden", "a/.part.crc",
                          "a/part-0.crc", "_spark_metadata/0", "folder/", "a_$folder$"}) {
    EXPECT_TRUE(IsArtifact(key)) << key;
  }
  for (const char* key : {"a/part-0.json", "year=2024/x.csv", "data_file.json"}) {
    EXPECT_FALSE(IsArtifact(key)) << key;
  }
}

TEST(TableNameTest, GlueRules) {
  EXPECT_EQ(TableNameFrom("Sales-Data 2024"), "sales_data_2024");
  EXPECT_EQ(TableNameFrom("year=2017"), "year_2017");
  EXPECT_EQ(TableNameFrom(std::string(200, 'a')).size(), 128u);
}

}  // namespace
}  // namespace sluice::crawler
