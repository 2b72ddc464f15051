// CREATE [EXTERNAL] TABLE and CREATE TABLE AS.
#include <gtest/gtest.h>

#include <string>

#include "query/athena_statement.h"
#include "query/athena_statement_testing.h"

namespace sluice::query {
namespace {

using nlohmann::json;
using testing::ErrorOf;
using testing::ParseAs;
using testing::Table;

ColumnDefinition Col(std::string name, std::string type) {
  return ColumnDefinition{std::move(name), std::move(type), std::nullopt};
}

TEST(AthenaCreateTableTest, EveryClause) {
  auto t = ParseAs<CreateExternalTable>(R"(
    CREATE EXTERNAL TABLE IF NOT EXISTS Raw.`Orders` (
      `ID` bigint COMMENT 'order id',
      "Amount" decimal(10, 2),
      items array<struct<sku:string,qty:int>>,
      attrs MAP<STRING, INT> COMMENT 'free-form'
    )
    COMMENT 'orders as they land'
    PARTITIONED BY (dt string COMMENT 'day', hour int)
    CLUSTERED BY (id) INTO 8 BUCKETS
    ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
      COLLECTION ITEMS TERMINATED BY '\002' MAP KEYS TERMINATED BY '\u0003'
      LINES TERMINATED BY '\n' NULL DEFINED AS ''
    STORED AS TEXTFILE
    LOCATION 's3://lake/raw/orders/'
    TBLPROPERTIES ('skip.header.line.count'='1', 'has_encrypted_data'='false');)");
  EXPECT_EQ(t.table, Table("raw", "orders"));
  EXPECT_TRUE(t.if_not_exists);
  EXPECT_TRUE(t.external);
  EXPECT_EQ(t.columns, (std::vector<ColumnDefinition>{
                           {"id", "bigint", std::string("order id")},
                           Col("amount", "decimal(10,2)"),
                           Col("items", "array<struct<sku:string,qty:int>>"),
                           {"attrs", "map<string,int>", std::string("free-form")}}));
  EXPECT_EQ(t.comment, "orders as they land");
  EXPECT_EQ(t.partition_keys, (std::vector<ColumnDefinition>{{"dt", "string", std::string("day")},
                                                             Col("hour", "int")}));
  EXPECT_EQ(t.bucket_columns, std::vector<std::string>{"id"});
  EXPECT_EQ(t.bucket_count, 8);
  EXPECT_EQ(t.row_format.kind, RowFormat::Kind::kDelimited);
  EXPECT_EQ(t.row_format.fields_terminated_by, "\t");
  EXPECT_EQ(t.row_format.escaped_by, "\\");
  EXPECT_EQ(t.row_format.collection_items_terminated_by, "\x02");
  EXPECT_EQ(t.row_format.map_keys_terminated_by, "\x03");
  EXPECT_EQ(t.row_format.lines_terminated_by, "\n");
  EXPECT_EQ(t.row_format.null_defined_as, "");
  EXPECT_EQ(t.stored_as, "TEXTFILE");
  EXPECT_EQ(t.location, "s3://lake/raw/orders/");
  EXPECT_EQ(t.table_properties,
            (PropertyMap{{"skip.header.line.count", "1"}, {"has_encrypted_data", "false"}}));
}

TEST(AthenaCreateTableTest, MinimalAndSerdeForms) {
  auto t = ParseAs<CreateExternalTable>(
      "create external table t (a int) stored as parquet location 's3://b/t/'");
  EXPECT_EQ(t.table, Table("t"));
  EXPECT_EQ(t.stored_as, "PARQUET");
  EXPECT_EQ(t.row_format.kind, RowFormat::Kind::kDefault);
  EXPECT_TRUE(t.partition_keys.empty());

  t = ParseAs<CreateExternalTable>(
      "CREATE EXTERNAL TABLE t (a string, b string)\n"
      "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'\n"
      "WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '\"', 'escapeChar' = '\\\\')\n"
      "LOCATION 's3://b/t/'");
  EXPECT_EQ(t.row_format.kind, RowFormat::Kind::kSerde);
  EXPECT_EQ(t.row_format.serde_class, "org.apache.hadoop.hive.serde2.OpenCSVSerde");
  EXPECT_EQ(t.row_format.serde_properties,
            (PropertyMap{{"separatorChar", ","}, {"quoteChar", "\""}, {"escapeChar", "\\"}}));

  // WITH SERDEPROPERTIES after STORED AS, as Athena's docs write it.
  t = ParseAs<CreateExternalTable>(
      "CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' "
      "STORED AS TEXTFILE WITH SERDEPROPERTIES ('ignore.malformed.json'='true') "
      "LOCATION 's3://b/t/'");
  EXPECT_EQ(t.row_format.serde_properties, (PropertyMap{{"ignore.malformed.json", "true"}}));

  t = ParseAs<CreateExternalTable>(
      "CREATE EXTERNAL TABLE t (a string) STORED AS INPUTFORMAT 'my.In' OUTPUTFORMAT 'my.Out' "
      "LOCATION 'file:///data/t/'");
  EXPECT_EQ(t.input_format, "my.In");
  EXPECT_EQ(t.output_format, "my.Out");
  EXPECT_FALSE(t.stored_as);
  EXPECT_EQ(t.location, "file:///data/t/");

  // CREATE TABLE with a column list is a Hive table too.
  t = ParseAs<CreateExternalTable>("CREATE TABLE db.t (a int) LOCATION 's3://b/t/'");
  EXPECT_FALSE(t.external);
  EXPECT_EQ(t.table, Table("db", "t"));
  EXPECT_EQ(t.row_format.kind, RowFormat::Kind::kDefault);
  EXPECT_FALSE(t.stored_as);
}

TEST(AthenaCreateTableTest, ColumnTypes) {
  auto t = ParseAs<CreateExternalTable>(
      "CREATE EXTERNAL TABLE t (\n"
      "  a ARRAY < STRUCT < `first name` : STRING, b : MAP<string, array<int>> > >,\n"
      "  b decimal, c varchar(20), d char(3), e integer, f long, g timestamp, h date,\n"
      "  i binary, j boolean, k tinyint, l smallint, m float, n double,\n"
      "  `date` string, `comment` int COMMENT 'keywords as names'\n"
      ") LOCATION 's3://b/t/'");
  ASSERT_EQ(t.columns.size(), 16u);
  EXPECT_EQ(t.columns[0].type, "array<struct<`first name`:string,b:map<string,array<int>>>>");
  EXPECT_EQ(t.columns[1].type, "decimal(10,0)");
  EXPECT_EQ(t.columns[2].type, "varchar(20)");
  EXPECT_EQ(t.columns[4].type, "int");
  EXPECT_EQ(t.columns[5].type, "bigint");
  EXPECT_EQ(t.columns[14].name, "date");
  EXPECT_EQ(t.columns[15].name, "comment");
  EXPECT_EQ(t.columns[15].comment, "keywords as names");
}

TEST(AthenaCreateTableTest, Errors) {
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a strin) LOCATION 's3://b/'"),
            "line 1:28: column 'a' has an unknown type 'strin' (Invalid Glue type 'strin': "
            "unknown type 'strin' (supported: boolean, tinyint, smallint, int, bigint, float, "
            "double, decimal(p,s), string, varchar(n), char(n), date, timestamp, binary, "
            "array<T>, map<K,V>, struct<name:T,...>) at position 0 (found 's'))");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a, b int) LOCATION 's3://b/'"),
            "line 1:27: mismatched input ','. Expecting: <type>");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int b int) LOCATION 's3://b/'"),
            "line 1:32: mismatched input 'b'. Expecting: ',', ')', 'COMMENT'");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int, A string) LOCATION 's3://b/'"),
            "line 1:33: column 'a' is listed twice");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int) PARTITIONED BY (a string) LOCATION 's3://b/'"),
            "line 1:48: partition key 'a' is also a column; a partition key is not listed among "
            "the table's columns");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int) STORED AS PARQUET"),
            "line 1:50: mismatched input '<EOF>'. Expecting: 'WITH', 'LOCATION'");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int) STORED AS PARQUET ROW FORMAT DELIMITED "
                    "LOCATION 's3://b/'"),
            "line 1:51: mismatched input 'ROW'. Expecting: 'WITH', 'LOCATION'");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int) STORED AS CSV LOCATION 's3://b/'"),
            "line 1:43: mismatched input 'CSV'. Expecting: 'AVRO', 'INPUTFORMAT', 'ION', "
            "'JSONFILE', 'ORC', 'PARQUET', 'RCFILE', 'SEQUENCEFILE', 'TEXTFILE'");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int) LOCATION '/tmp/t'"),
            "line 1:42: LOCATION '/tmp/t' is not a folder URI; write s3://bucket/path/ (or "
            "file:///path/ for a local folder)");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/' TBLPROPERTIES"),
            "line 1:65: mismatched input '<EOF>'. Expecting: '('");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/' extra"),
            "line 1:52: mismatched input 'extra'. Expecting: 'TBLPROPERTIES', <EOF>");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t AS SELECT 1"),
            "line 1:25: mismatched input 'AS'. Expecting: '('");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int) ROW FORMAT JSON LOCATION 's3://b/'"),
            "line 1:44: mismatched input 'JSON'. Expecting: 'DELIMITED', 'SERDE'");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int) CLUSTERED BY (a) INTO 0 BUCKETS "
                    "LOCATION 's3://b/'"),
            "line 1:55: mismatched input '0'. Expecting: <number of buckets>");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a int) STORED BY 'x' LOCATION 's3://b/'"),
            "line 1:1: STORED BY (storage handlers) is not supported by Sluice");
  EXPECT_EQ(ErrorOf("CREATE EXTERNAL TABLE t (a array<int) LOCATION 's3://b/'"),
            "line 1:28: column 'a' has an unknown type 'array<int)' (Invalid Glue type "
            "'array<int)': expected '>' to close array< at position 9 (found ')'))");
}

TEST(AthenaCreateTableAsTest, PropertiesAndQuery) {
  auto ctas = ParseAs<CreateTableAs>(
      "CREATE TABLE IF NOT EXISTS processed.daily\n"
      "WITH (format = 'parquet', external_location = 's3://lake/processed/daily/',\n"
      "      partitioned_by = ARRAY['Dt'], bucketed_by = ARRAY['id'], bucket_count = 4,\n"
      "      write_compression = 'snappy', is_external = true)\n"
      "AS SELECT id, sum(amount) AS total, dt FROM raw.orders GROUP BY id, dt;");
  EXPECT_EQ(ctas.table, Table("processed", "daily"));
  EXPECT_TRUE(ctas.if_not_exists);
  EXPECT_EQ(ctas.properties.at("format"), "PARQUET");
  EXPECT_EQ(ctas.properties.at("external_location"), "s3://lake/processed/daily/");
  EXPECT_EQ(ctas.properties.at("partitioned_by"), json::array({"dt"}));
  EXPECT_EQ(ctas.properties.at("bucket_count"), 4);
  EXPECT_EQ(ctas.properties.at("write_compression"), "SNAPPY");
  EXPECT_EQ(ctas.properties.at("is_external"), true);
  EXPECT_EQ(ctas.query, "SELECT id, sum(amount) AS total, dt FROM raw.orders GROUP BY id, dt");
  EXPECT_TRUE(ctas.with_data);

  ctas = ParseAs<CreateTableAs>("CREATE TABLE t AS SELECT 1 AS x");
  EXPECT_TRUE(ctas.properties.empty());
  EXPECT_EQ(ctas.query, "SELECT 1 AS x");

  ctas = ParseAs<CreateTableAs>(
      "CREATE TABLE t COMMENT 'copy' WITH (format='TEXTFILE', field_delimiter='\\t') "
      "AS (SELECT * FROM s) WITH NO DATA");
  EXPECT_EQ(ctas.comment, "copy");
  EXPECT_EQ(ctas.properties.at("field_delimiter"), "\t");
  EXPECT_EQ(ctas.query, "(SELECT * FROM s)");
  EXPECT_FALSE(ctas.with_data);

  ctas = ParseAs<CreateTableAs>(
      "CREATE TABLE t WITH (compression_level = 3, format = 'JSON') AS "
      "WITH a AS (SELECT 1) SELECT * FROM a WITH DATA");
  EXPECT_EQ(ctas.properties.at("compression_level"), 3);
  EXPECT_EQ(ctas.query, "WITH a AS (SELECT 1) SELECT * FROM a");
  EXPECT_TRUE(ctas.with_data);
}

TEST(AthenaCreateTableAsTest, PropertyErrors) {
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (format = 'CSV') AS SELECT 1"),
            "line 1:22: format 'CSV' is not one of PARQUET, ORC, AVRO, JSON, TEXTFILE, ION");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (colour = 'red') AS SELECT 1"),
            "line 1:22: Catalog 'awsdatacatalog' table property 'colour' does not exist (known "
            "properties: bucket_count, bucketed_by, compression_level, external_location, "
            "field_delimiter, format, is_external, orc_compression, parquet_compression, "
            "partitioned_by, table_type, write_compression)");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (partitioned_by = 'dt') AS SELECT 1"),
            "line 1:22: table property 'partitioned_by' has the wrong kind of value; write it as "
            "in partitioned_by = ARRAY['dt']");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (bucket_count = '4') AS SELECT 1"),
            "line 1:22: table property 'bucket_count' has the wrong kind of value; write it as in "
            "bucket_count = 8");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (format = 'ORC', format = 'ORC') AS SELECT 1"),
            "line 1:38: Duplicate property: format");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (table_type = 'ICEBERG') AS SELECT 1"),
            "line 1:22: table_type 'ICEBERG' is not supported; Sluice creates HIVE tables");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (location = 's3://x/') AS SELECT 1"),
            "line 1:22: table property 'location' is for Iceberg tables, which Sluice does not "
            "support");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (write_compression = 'RAR') AS SELECT 1"),
            "line 1:22: write_compression 'RAR' is not one of BZIP2, DEFLATE, GZIP, LZ4, LZO, "
            "NONE, SNAPPY, ZLIB, ZSTD");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (field_delimiter = '||') AS SELECT 1"),
            "line 1:22: field_delimiter must be a single character, such as ',' or '|'");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (bucket_count = 2) AS SELECT 1"),
            "line 1:16: bucketed_by and bucket_count go together: give both");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (format='PARQUET', field_delimiter=',') AS SELECT 1"),
            "line 1:16: field_delimiter is for format = 'TEXTFILE' only");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (external_location = 'lake/x') AS SELECT 1"),
            "line 1:22: external_location 'lake/x' is not a folder URI; write s3://bucket/path/ "
            "(or file:///path/)");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (compression_level = -1) AS SELECT 1"),
            "line 1:22: compression_level must be between 1 and 22");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (format = PARQUET) AS SELECT 1"),
            "line 1:31: mismatched input 'PARQUET'. Expecting: <string>, <number>, 'TRUE', "
            "'FALSE', 'ARRAY'");
}

TEST(AthenaCreateTableAsTest, SyntaxErrors) {
  EXPECT_EQ(ErrorOf("CREATE TABLE t FOO SELECT 1"),
            "line 1:16: mismatched input 'FOO'. Expecting: '(', 'AS', 'COMMENT', 'WITH'");
  EXPECT_EQ(ErrorOf("CREATE TABLE t WITH (format = 'ORC') SELECT 1"),
            "line 1:38: mismatched input 'SELECT'. Expecting: 'AS'");
  EXPECT_EQ(ErrorOf("CREATE TABLE t COMMENT 'x' FOO"),
            "line 1:28: mismatched input 'FOO'. Expecting: 'AS', 'WITH'");
  EXPECT_EQ(ErrorOf("CREATE TABLE t AS"),
            "line 1:18: mismatched input '<EOF>'. Expecting: '(', 'SELECT', 'TABLE', 'VALUES', "
            "'WITH'");
  EXPECT_EQ(ErrorOf("CREATE TABLE t AS WITH DATA"), "line 1:19: a query is missing here");
  EXPECT_EQ(ErrorOf("CREATE TABLE t AS SELECT 1; DROP TABLE t"),
            "line 1:29: only one statement can be run at a time; remove the text after ';'");
}

}  // namespace
}  // namespace sluice::query
