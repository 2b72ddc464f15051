#include "query/athena_statement.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/athena_statement_testing.h"

namespace sluice::query {
namespace {

using testing::ErrorOf;
using testing::ParseAs;
using testing::Table;

TEST(AthenaStatementTest, QueriesKeepTheirTextWithoutLeadingCommentsAndTheSemicolon) {
  EXPECT_EQ(ParseAs<Query>("SELECT 1").sql, "SELECT 1");
  EXPECT_EQ(ParseAs<Query>("  -- the count\n/* block */ select count(*) from t ; ").sql,
            "select count(*) from t");
  EXPECT_EQ(ParseAs<Query>("WITH a AS (SELECT 1 x) SELECT x FROM a").sql,
            "WITH a AS (SELECT 1 x) SELECT x FROM a");
  EXPECT_EQ(ParseAs<Query>("VALUES (1, 'a'), (2, 'b');").sql, "VALUES (1, 'a'), (2, 'b')");
  EXPECT_EQ(ParseAs<Query>("TABLE sales").sql, "TABLE sales");
  EXPECT_EQ(ParseAs<Query>("EXPLAIN SELECT * FROM t").sql, "EXPLAIN SELECT * FROM t");
  EXPECT_EQ(ParseAs<Query>("(SELECT 1) UNION ALL (SELECT 2)").sql,
            "(SELECT 1) UNION ALL (SELECT 2)");
  // Comments inside stay; a ';' inside a string or comment is text.
  EXPECT_EQ(ParseAs<Query>("SELECT 'a;b' /* ; */ -- x\n, \"c;d\" FROM t; -- done").sql,
            "SELECT 'a;b' /* ; */ -- x\n, \"c;d\" FROM t");
  EXPECT_EQ(ParseAs<Query>("SELECT 'it''s', x->>'$.a', y::int FROM t").sql,
            "SELECT 'it''s', x->>'$.a', y::int FROM t");
}

TEST(AthenaStatementTest, QueryErrors) {
  EXPECT_EQ(ErrorOf("SELECT 1; SELECT 2"),
            "line 1:11: only one statement can be run at a time; remove the text after ';'");
  EXPECT_EQ(ErrorOf(""), "line 1:1: the statement is empty; write one SQL statement");
  EXPECT_EQ(ErrorOf("  -- nothing\n"), "line 2:1: the statement is empty; write one SQL statement");
  EXPECT_EQ(ErrorOf("SELECT 'abc"), "line 1:8: unterminated string literal (close it with ')");
  EXPECT_EQ(ErrorOf("SELECT \"abc"), "line 1:8: unterminated quoted name (close it with \")");
  EXPECT_EQ(ErrorOf("SELECT 1 /* never closed"),
            "line 1:10: unterminated comment (close it with */)");
  EXPECT_EQ(ErrorOf("FOO bar"),
            "line 1:1: mismatched input 'FOO'. Expecting: 'ALTER', 'CREATE', 'DESCRIBE', 'DROP', "
            "'EXPLAIN', 'INSERT', 'MSCK', 'SELECT', 'SHOW', 'TABLE', 'VALUES', 'WITH'");
}

TEST(AthenaStatementTest, ErrorPositionsCountLinesAndCharacters) {
  EXPECT_EQ(ErrorOf("SHOW TABLES\n  IN db extra"),
            "line 2:9: mismatched input 'extra'. Expecting: <EOF>");
  EXPECT_EQ(ErrorOf("SHOW TABLES IN \"dé\" extra"),
            "line 1:21: mismatched input 'extra'. Expecting: <EOF>");
}

TEST(AthenaStatementTest, CreateDatabase) {
  auto db = ParseAs<CreateDatabase>("CREATE DATABASE Sales");
  EXPECT_EQ(db.name, "sales");
  EXPECT_FALSE(db.if_not_exists);
  EXPECT_FALSE(db.comment);
  db = ParseAs<CreateDatabase>(
      "create schema if not exists `Raw_Zone` COMMENT 'landing data' "
      "LOCATION 's3://lake/raw/' WITH DBPROPERTIES ('creator'='etl', 'team'='data');");
  EXPECT_EQ(db.name, "raw_zone");
  EXPECT_TRUE(db.if_not_exists);
  EXPECT_EQ(db.comment, "landing data");
  EXPECT_EQ(db.location, "s3://lake/raw/");
  EXPECT_EQ(db.properties, (PropertyMap{{"creator", "etl"}, {"team", "data"}}));
  EXPECT_EQ(ParseAs<CreateDatabase>("CREATE DATABASE \"x\" COMMENT \"it's\"").comment, "it's");
}

TEST(AthenaStatementTest, CreateDatabaseErrors) {
  EXPECT_EQ(ErrorOf("CREATE DATABASE db LOCATION 's3://x/' COMMENT 'late'"),
            "line 1:39: mismatched input 'COMMENT'. Expecting: 'WITH', <EOF>");
  EXPECT_EQ(ErrorOf("CREATE DATABASE IF EXISTS db"),
            "line 1:20: mismatched input 'EXISTS'. Expecting: 'NOT'");
  EXPECT_EQ(ErrorOf("CREATE DATABASE db WITH DBPROPERTIES ('a'='1', 'a'='2')"),
            "line 1:48: property 'a' is given twice");
  EXPECT_EQ(ErrorOf("CREATE DATABASE"),
            "line 1:16: mismatched input '<EOF>'. Expecting: <identifier>");
}

TEST(AthenaStatementTest, DropDatabaseAndTable) {
  auto db = ParseAs<DropDatabase>("DROP DATABASE IF EXISTS Sales CASCADE");
  EXPECT_EQ(db.name, "sales");
  EXPECT_TRUE(db.if_exists);
  EXPECT_TRUE(db.cascade);
  db = ParseAs<DropDatabase>("DROP SCHEMA sales RESTRICT;");
  EXPECT_FALSE(db.if_exists);
  EXPECT_FALSE(db.cascade);
  auto t = ParseAs<DropTable>("DROP TABLE IF EXISTS awsdatacatalog.Raw.`Orders`");
  EXPECT_EQ(t.table, Table("raw", "orders"));
  EXPECT_TRUE(t.if_exists);
  EXPECT_EQ(ParseAs<DropTable>("DROP TABLE orders").table, Table("orders"));
  EXPECT_EQ(ErrorOf("DROP VIEW v"), "line 1:1: DROP VIEW is not supported by Sluice");
  EXPECT_EQ(ErrorOf("DROP INDEX i"),
            "line 1:6: mismatched input 'INDEX'. Expecting: 'DATABASE', 'SCHEMA', 'TABLE'");
}

TEST(AthenaStatementTest, Show) {
  EXPECT_FALSE(ParseAs<ShowDatabases>("SHOW DATABASES").pattern);
  EXPECT_EQ(ParseAs<ShowDatabases>("SHOW SCHEMAS LIKE 'sales*'").pattern, "sales*");
  EXPECT_EQ(ParseAs<ShowDatabases>("show databases 'a|b'").pattern, "a|b");

  auto tables = ParseAs<ShowTables>("SHOW TABLES");
  EXPECT_FALSE(tables.database);
  EXPECT_FALSE(tables.pattern);
  tables = ParseAs<ShowTables>("SHOW TABLES IN Raw 'ord*'");
  EXPECT_EQ(tables.database, "raw");
  EXPECT_EQ(tables.pattern, "ord*");
  tables = ParseAs<ShowTables>("SHOW TABLES FROM raw LIKE 'x'");
  EXPECT_EQ(tables.database, "raw");
  EXPECT_EQ(tables.pattern, "x");

  EXPECT_EQ(ParseAs<ShowPartitions>("SHOW PARTITIONS raw.orders").table, Table("raw", "orders"));
  EXPECT_EQ(ParseAs<ShowColumns>("SHOW COLUMNS IN raw.orders").table, Table("raw", "orders"));
  EXPECT_EQ(ParseAs<ShowColumns>("SHOW COLUMNS FROM orders FROM raw").table,
            Table("raw", "orders"));
  EXPECT_EQ(ParseAs<ShowCreateTable>("SHOW CREATE TABLE `Orders`").table, Table("orders"));
  auto props = ParseAs<ShowTblProperties>("SHOW TBLPROPERTIES raw.orders");
  EXPECT_EQ(props.table, Table("raw", "orders"));
  EXPECT_FALSE(props.property);
  EXPECT_EQ(ParseAs<ShowTblProperties>("SHOW TBLPROPERTIES orders('classification')").property,
            "classification");
}

TEST(AthenaStatementTest, ShowErrors) {
  EXPECT_EQ(ErrorOf("SHOW VIEWS"), "line 1:1: SHOW VIEWS is not supported by Sluice");
  EXPECT_EQ(ErrorOf("SHOW CREATE VIEW v"), "line 1:1: SHOW CREATE VIEW is not supported by Sluice");
  EXPECT_EQ(ErrorOf("SHOW COLUMNS IN raw.orders IN raw"), "line 1:28: the database is named twice");
  EXPECT_EQ(ErrorOf("SHOW COLUMNS orders"),
            "line 1:14: mismatched input 'orders'. Expecting: 'FROM', 'IN'");
  EXPECT_EQ(ErrorOf("SHOW TABLE"),
            "line 1:6: mismatched input 'TABLE'. Expecting: 'COLUMNS', 'CREATE', 'DATABASES', "
            "'PARTITIONS', 'SCHEMAS', 'TABLES', 'TBLPROPERTIES'");
}

TEST(AthenaStatementTest, Describe) {
  auto d = ParseAs<Describe>("DESCRIBE raw.orders");
  EXPECT_EQ(d.table, Table("raw", "orders"));
  EXPECT_FALSE(d.formatted);
  EXPECT_FALSE(d.column);
  EXPECT_TRUE(ParseAs<Describe>("DESCRIBE FORMATTED orders").formatted);
  EXPECT_TRUE(ParseAs<Describe>("desc extended orders;").formatted);
  EXPECT_EQ(ParseAs<Describe>("DESCRIBE orders `Amount`").column, "amount");
  EXPECT_EQ(ErrorOf("DESCRIBE orders PARTITION (dt='x')"),
            "line 1:1: DESCRIBE ... PARTITION is not supported by Sluice");
}

TEST(AthenaStatementTest, TableNames) {
  EXPECT_EQ(ParseAs<MsckRepair>("MSCK REPAIR TABLE AwsDataCatalog.raw.orders").table,
            Table("raw", "orders"));
  EXPECT_EQ(ParseAs<MsckRepair>("MSCK REPAIR TABLE \"Raw\".\"Orders\"").table,
            Table("raw", "orders"));
  EXPECT_EQ(ParseAs<MsckRepair>("msck repair table `my db`.`my table`").table,
            Table("my db", "my table"));
  EXPECT_EQ(ErrorOf("MSCK REPAIR TABLE hive.raw.orders"),
            "line 1:19: catalog 'hive' does not exist; Sluice has one catalog, AwsDataCatalog");
  EXPECT_EQ(ErrorOf("MSCK REPAIR TABLE a.b.c.d"),
            "line 1:24: a table name has at most three parts: catalog.database.table");
  EXPECT_EQ(ErrorOf("MSCK REPAIR TABLE ``"), "line 1:19: a quoted name cannot be empty");
  EXPECT_EQ(ErrorOf("MSCK TABLE t"), "line 1:6: mismatched input 'TABLE'. Expecting: 'REPAIR'");
}

TEST(AthenaStatementTest, AlterTableAddPartitions) {
  auto add = ParseAs<AlterTableAddPartitions>(
      "ALTER TABLE raw.orders ADD IF NOT EXISTS\n"
      "  PARTITION (Dt = '2024-01-01', hour=7) LOCATION 's3://lake/orders/2024-01-01/07/'\n"
      "  PARTITION (dt='2024-01-02', hour=-1)");
  EXPECT_EQ(add.table, Table("raw", "orders"));
  EXPECT_TRUE(add.if_not_exists);
  ASSERT_EQ(add.partitions.size(), 2u);
  EXPECT_EQ(add.partitions[0], (PartitionSpec{{{"dt", "2024-01-01"}, {"hour", "7"}},
                                              std::string("s3://lake/orders/2024-01-01/07/")}));
  EXPECT_EQ(add.partitions[1], (PartitionSpec{{{"dt", "2024-01-02"}, {"hour", "-1"}}, {}}));
  add = ParseAs<AlterTableAddPartitions>("ALTER TABLE t ADD PARTITION (flag=true)");
  EXPECT_FALSE(add.if_not_exists);
  EXPECT_EQ(add.partitions[0].values[0].second, "true");
  // Hive DDL strings take backslash escapes.
  add = ParseAs<AlterTableAddPartitions>(R"(ALTER TABLE t ADD PARTITION (k='a\'b'))");
  EXPECT_EQ(add.partitions[0].values[0].second, "a'b");
}

TEST(AthenaStatementTest, AlterTableDropPartitions) {
  auto drop = ParseAs<AlterTableDropPartitions>(
      "ALTER TABLE orders DROP IF EXISTS PARTITION (dt='2024-01-01', country='IN'), "
      "PARTITION (dt='2024-01-02', country='IN');");
  EXPECT_EQ(drop.table, Table("orders"));
  EXPECT_TRUE(drop.if_exists);
  ASSERT_EQ(drop.partitions.size(), 2u);
  EXPECT_EQ(drop.partitions[1].values, (std::vector<std::pair<std::string, std::string>>{
                                           {"dt", "2024-01-02"}, {"country", "IN"}}));
}

TEST(AthenaStatementTest, AlterTableErrors) {
  EXPECT_EQ(ErrorOf("ALTER TABLE t RENAME TO u"),
            "line 1:1: ALTER TABLE RENAME is not supported by Sluice; Sluice runs ALTER TABLE ADD "
            "PARTITION and DROP PARTITION");
  EXPECT_EQ(ErrorOf("ALTER TABLE t ADD COLUMNS (x int)"),
            "line 1:1: ALTER TABLE ADD COLUMNS is not supported by Sluice; Sluice runs ALTER TABLE "
            "ADD PARTITION and DROP PARTITION");
  EXPECT_EQ(ErrorOf("ALTER VIEW v AS SELECT 1"), "line 1:1: ALTER VIEW is not supported by Sluice");
  EXPECT_EQ(ErrorOf("ALTER TABLE t"),
            "line 1:14: mismatched input '<EOF>'. Expecting: 'ADD', 'DROP'");
  EXPECT_EQ(ErrorOf("ALTER TABLE t ADD PARTITION (dt='a', dt='b')"),
            "line 1:38: partition key 'dt' is given twice");
  EXPECT_EQ(ErrorOf("ALTER TABLE t ADD PARTITION (dt=x)"),
            "line 1:33: mismatched input 'x'. Expecting: <string>, <number>");
  EXPECT_EQ(ErrorOf("ALTER TABLE t ADD PARTITION (dt='a') FOO"),
            "line 1:38: mismatched input 'FOO'. Expecting: 'PARTITION', <EOF>");
  EXPECT_EQ(ErrorOf("ALTER TABLE t DROP PARTITION (dt='a') LOCATION 's3://x/'"),
            "line 1:39: mismatched input 'LOCATION'. Expecting: ',', <EOF>");
}

TEST(AthenaStatementTest, InsertInto) {
  auto insert = ParseAs<InsertInto>("INSERT INTO raw.orders SELECT * FROM staging.orders;");
  EXPECT_EQ(insert.table, Table("raw", "orders"));
  EXPECT_TRUE(insert.columns.empty());
  EXPECT_EQ(insert.query, "SELECT * FROM staging.orders");
  EXPECT_FALSE(insert.overwrite);

  insert = ParseAs<InsertInto>("insert into orders (ID, \"Amount\") values (1, 2.5), (2, 3)");
  EXPECT_EQ(insert.columns, (std::vector<std::string>{"id", "amount"}));
  EXPECT_EQ(insert.query, "values (1, 2.5), (2, 3)");

  insert = ParseAs<InsertInto>("INSERT INTO orders (SELECT 1)");  // a parenthesised query
  EXPECT_TRUE(insert.columns.empty());
  EXPECT_EQ(insert.query, "(SELECT 1)");

  insert = ParseAs<InsertInto>("INSERT INTO TABLE orders WITH x AS (SELECT 1 a) SELECT a FROM x");
  EXPECT_EQ(insert.query, "WITH x AS (SELECT 1 a) SELECT a FROM x");

  insert = ParseAs<InsertInto>("INSERT OVERWRITE TABLE db.orders SELECT * FROM s");
  EXPECT_TRUE(insert.overwrite);
  EXPECT_EQ(insert.table, Table("db", "orders"));
  // Trino strings: a backslash is a backslash.
  EXPECT_EQ(ParseAs<InsertInto>(R"(INSERT INTO t VALUES ('a\'))").query, R"(VALUES ('a\'))");
}

TEST(AthenaStatementTest, InsertErrors) {
  EXPECT_EQ(ErrorOf("INSERT orders SELECT 1"),
            "line 1:8: mismatched input 'orders'. Expecting: 'INTO', 'OVERWRITE'");
  EXPECT_EQ(ErrorOf("INSERT OVERWRITE orders SELECT 1"),
            "line 1:18: mismatched input 'orders'. Expecting: 'TABLE'");
  EXPECT_EQ(ErrorOf("INSERT INTO orders"),
            "line 1:19: mismatched input '<EOF>'. Expecting: '(', 'SELECT', 'TABLE', 'VALUES', "
            "'WITH'");
  EXPECT_EQ(ErrorOf("INSERT INTO orders (a, a) SELECT 1, 2"),
            "line 1:24: column 'a' is listed twice");
  EXPECT_EQ(ErrorOf("INSERT OVERWRITE TABLE t PARTITION (dt='x') SELECT 1"),
            "line 1:1: INSERT ... PARTITION (...) is not supported by Sluice; the partitions come "
            "from the query's last columns");
}

TEST(AthenaStatementTest, UnsupportedStatementsNameTheirKind) {
  EXPECT_EQ(ErrorOf("UPDATE t SET a = 1"),
            "line 1:1: UPDATE is not supported by Sluice (Athena runs it on Iceberg tables only)");
  EXPECT_EQ(ErrorOf("  delete from t"),
            "line 1:3: DELETE is not supported by Sluice (Athena runs it on Iceberg tables only)");
  EXPECT_EQ(ErrorOf("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE"),
            "line 1:1: MERGE is not supported by Sluice (Athena runs it on Iceberg tables only)");
  EXPECT_EQ(ErrorOf("CREATE VIEW v AS SELECT 1"),
            "line 1:1: CREATE VIEW is not supported by Sluice");
  EXPECT_EQ(ErrorOf("CREATE OR REPLACE VIEW v AS SELECT 1"),
            "line 1:1: CREATE OR REPLACE VIEW is not supported by Sluice");
  EXPECT_EQ(ErrorOf("UNLOAD (SELECT 1) TO 's3://x/' WITH (format='PARQUET')"),
            "line 1:1: UNLOAD is not supported by Sluice");
  EXPECT_EQ(ErrorOf("PREPARE s FROM SELECT 1"), "line 1:1: PREPARE is not supported by Sluice");
}

TEST(AthenaStatementTest, EveryPrefixAndMutationParsesOrFailsCleanly) {
  const std::vector<std::string> statements = {
      "CREATE EXTERNAL TABLE IF NOT EXISTS db.t (a array<struct<b:int,`c d`:map<string,int>>> "
      "COMMENT 'x', e decimal(10,2)) COMMENT 'y' PARTITIONED BY (dt string) CLUSTERED BY (a) "
      "INTO 2 BUCKETS ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' STORED AS TEXTFILE "
      "WITH SERDEPROPERTIES ('k'='v') LOCATION 's3://b/t/' TBLPROPERTIES ('a'='b');",
      "CREATE TABLE t WITH (format='PARQUET', partitioned_by=ARRAY['dt'], bucket_count=-2) AS "
      "SELECT * FROM s WITH NO DATA",
      "ALTER TABLE t ADD IF NOT EXISTS PARTITION (a='1', b=2) LOCATION 's3://x/' PARTITION (a=3)",
      "INSERT INTO t (a, b) SELECT 1, 2 /* c */ -- d",
      "CREATE DATABASE d COMMENT 'c' LOCATION 's3://x/' WITH DBPROPERTIES ('a'='b')",
      "SHOW COLUMNS IN t FROM d",
  };
  for (const std::string& sql : statements) {
    for (size_t n = 0; n <= sql.size(); ++n) {
      Result<AthenaStatement> r = ParseAthenaStatement(std::string_view(sql).substr(0, n));
      EXPECT_TRUE(r.ok() || r.status().code() == StatusCode::kInvalidInput) << sql.substr(0, n);
    }
    for (size_t i = 0; i < sql.size(); ++i) {
      for (char c : {'(', ')', '\'', '"', '`', ',', '<', '>', ';', '-', '/', '*', ' '}) {
        std::string mutated = sql;
        mutated[i] = c;
        Result<AthenaStatement> r = ParseAthenaStatement(mutated);
        EXPECT_TRUE(r.ok() || r.status().code() == StatusCode::kInvalidInput) << mutated;
      }
    }
  }
}

}  // namespace
}  // namespace sluice::query
