#include "query/athena_ddl_table_input.h"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "formats/storage_formats.h"
#include "query/athena_statement_testing.h"

namespace sluice::query {
namespace {

using nlohmann::json;
using testing::ParseAs;

json InputFor(std::string_view ddl) { return ToGlueTableInput(ParseAs<CreateExternalTable>(ddl)); }

TEST(AthenaDdlTableInputTest, ParquetTable) {
  json t = InputFor(
      "CREATE EXTERNAL TABLE raw.Sales (id bigint COMMENT 'key', amount double) "
      "COMMENT 'daily sales' PARTITIONED BY (dt string) STORED AS PARQUET "
      "LOCATION 's3://lake/sales/' TBLPROPERTIES ('parquet.compression'='SNAPPY')");
  EXPECT_EQ(t["Name"], "sales");
  EXPECT_EQ(t["TableType"], "EXTERNAL_TABLE");
  EXPECT_EQ(t["Parameters"], (json{{"EXTERNAL", "TRUE"},
                                   {"classification", "parquet"},
                                   {"comment", "daily sales"},
                                   {"parquet.compression", "SNAPPY"}}));
  EXPECT_EQ(t["PartitionKeys"], json::parse(R"([{"Name":"dt","Type":"string"}])"));
  const json& sd = t["StorageDescriptor"];
  EXPECT_EQ(sd["Columns"], json::parse(R"([{"Name":"id","Type":"bigint","Comment":"key"},
                                           {"Name":"amount","Type":"double"}])"));
  EXPECT_EQ(sd["Location"], "s3://lake/sales/");
  EXPECT_EQ(sd["InputFormat"], formats::kParquetInputFormat);
  EXPECT_EQ(sd["OutputFormat"], formats::kParquetOutputFormat);
  EXPECT_EQ(sd["SerdeInfo"], (json{{"SerializationLibrary", formats::kParquetSerde},
                                   {"Parameters", {{"serialization.format", "1"}}}}));
  EXPECT_EQ(sd["NumberOfBuckets"], -1);
  EXPECT_EQ(sd["Compressed"], false);
}

TEST(AthenaDdlTableInputTest, DelimitedText) {
  json t = InputFor(
      "CREATE EXTERNAL TABLE t (a int, b array<string>) ROW FORMAT DELIMITED "
      "FIELDS TERMINATED BY ',' ESCAPED BY '\\\\' COLLECTION ITEMS TERMINATED BY '|' "
      "MAP KEYS TERMINATED BY ':' LINES TERMINATED BY '\\n' NULL DEFINED AS 'NA' "
      "LOCATION 's3://b/t/' TBLPROPERTIES ('skip.header.line.count'='1')");
  const json& sd = t["StorageDescriptor"];
  EXPECT_EQ(sd["InputFormat"], formats::kTextInputFormat);
  EXPECT_EQ(sd["OutputFormat"], formats::kTextOutputFormat);
  EXPECT_EQ(sd["SerdeInfo"]["SerializationLibrary"], formats::kLazySimpleSerde);
  EXPECT_EQ(sd["SerdeInfo"]["Parameters"], (json{{"field.delim", ","},
                                                 {"serialization.format", ","},
                                                 {"escape.delim", "\\"},
                                                 {"colelction.delim", "|"},
                                                 {"mapkey.delim", ":"},
                                                 {"line.delim", "\n"},
                                                 {"serialization.null.format", "NA"}}));
  EXPECT_EQ(t["Parameters"]["classification"], "csv");
  EXPECT_EQ(t["Parameters"]["skip.header.line.count"], "1");
}

TEST(AthenaDdlTableInputTest, TextFileDefaultsToHivesControlA) {
  for (const char* ddl :
       {"CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/t/'",
        "CREATE EXTERNAL TABLE t (a int) STORED AS TEXTFILE LOCATION 's3://b/'",
        "CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED LOCATION 's3://b/'"}) {
    json t = InputFor(ddl);
    EXPECT_EQ(t["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"],
              formats::kLazySimpleSerde)
        << ddl;
    EXPECT_EQ(t["StorageDescriptor"]["SerdeInfo"]["Parameters"],
              (json{{"field.delim", "\x01"}, {"serialization.format", "1"}}))
        << ddl;
    EXPECT_EQ(t["Parameters"]["classification"], "csv") << ddl;
  }
}

TEST(AthenaDdlTableInputTest, SerdeClassesChooseTheClassification) {
  json csv = InputFor(
      "CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE "
      "'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('separatorChar'=';') "
      "LOCATION 's3://b/t/'");
  EXPECT_EQ(csv["StorageDescriptor"]["SerdeInfo"],
            (json{{"SerializationLibrary", formats::kOpenCsvSerde},
                  {"Parameters", {{"separatorChar", ";"}}}}));
  EXPECT_EQ(csv["Parameters"]["classification"], "csv");

  json js = InputFor(
      "CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' "
      "LOCATION 's3://b/t/'");
  EXPECT_EQ(js["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"], formats::kOpenXJsonSerde);
  EXPECT_EQ(js["StorageDescriptor"]["InputFormat"], formats::kTextInputFormat);
  EXPECT_EQ(js["Parameters"]["classification"], "json");

  json regex = InputFor(
      "CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE "
      "'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES ('input.regex'='(.*)') "
      "LOCATION 's3://b/t/'");
  EXPECT_FALSE(regex["Parameters"].contains("classification"));

  // TBLPROPERTIES may name the classification itself.
  json named = InputFor(
      "CREATE EXTERNAL TABLE t (a string) STORED AS JSONFILE LOCATION 's3://b/t/' "
      "TBLPROPERTIES ('classification'='custom')");
  EXPECT_EQ(named["Parameters"]["classification"], "custom");
  EXPECT_EQ(named["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"],
            formats::kHiveJsonSerde);
}

TEST(AthenaDdlTableInputTest, OtherStoredAsFormats) {
  const std::vector<std::tuple<std::string, std::string_view, std::string_view, const char*>>
      cases = {
          {"ORC", formats::kOrcInputFormat, formats::kOrcSerde, "orc"},
          {"AVRO", formats::kAvroInputFormat, formats::kAvroSerde, "avro"},
          {"ION", formats::kIonInputFormat, formats::kIonSerde, "ion"},
          {"SEQUENCEFILE", formats::kSequenceFileInputFormat, formats::kLazySimpleSerde, nullptr},
          {"RCFILE", formats::kRcFileInputFormat, formats::kColumnarSerde, nullptr}};
  for (const auto& [stored_as, input, serde, classification] : cases) {
    json t = InputFor("CREATE EXTERNAL TABLE t (a int) STORED AS " + stored_as +
                      " LOCATION 's3://b/t/'");
    EXPECT_EQ(t["StorageDescriptor"]["InputFormat"], input) << stored_as;
    EXPECT_EQ(t["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"], serde) << stored_as;
    if (classification) {
      EXPECT_EQ(t["Parameters"]["classification"], classification) << stored_as;
    } else {
      EXPECT_FALSE(t["Parameters"].contains("classification")) << stored_as;
    }
  }
  json custom = InputFor(
      "CREATE EXTERNAL TABLE t (a int) ROW FORMAT SERDE "
      "'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' STORED AS INPUTFORMAT "
      "'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat' OUTPUTFORMAT "
      "'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat' LOCATION 's3://b/t/'");
  EXPECT_EQ(custom["StorageDescriptor"]["InputFormat"],
            "org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat");
  EXPECT_EQ(custom["Parameters"]["classification"], "parquet");
}

TEST(AthenaDdlTableInputTest, Buckets) {
  json t = InputFor(
      "CREATE EXTERNAL TABLE t (id int, b int) CLUSTERED BY (id, b) INTO 16 BUCKETS "
      "STORED AS PARQUET LOCATION 's3://b/t/'");
  EXPECT_EQ(t["StorageDescriptor"]["NumberOfBuckets"], 16);
  EXPECT_EQ(t["StorageDescriptor"]["BucketColumns"], json::array({"id", "b"}));
}

}  // namespace
}  // namespace sluice::query
