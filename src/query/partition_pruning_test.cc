#include "query/partition_pruning.h"

#include <gtest/gtest.h>

#include "engine/connection.h"
#include "engine/database.h"
#include "engine/prepared.h"
#include "query/table_refs.h"

namespace sluice::query {
namespace {

class PruningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = engine::Database::Open("");
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
    auto conn = db_->Connect();
    ASSERT_TRUE(conn.ok());
    conn_ = std::move(*conn);
    scope_.keys = {{"year", "string"}, {"month", "string"}, {"day", "int"}};
    scope_.qualifier = "t";
    scope_.allow_unqualified = true;
  }

  ParsedQuery Parse(const std::string& sql) {
    auto statement = conn_->Prepare("SELECT json_serialize_sql(?::VARCHAR)");
    EXPECT_TRUE(statement.ok());
    EXPECT_TRUE(statement->Bind(1, engine::ParamValue(sql)).ok());
    auto result = statement->Execute();
    EXPECT_TRUE(result.ok());
    auto parsed = ReadTableRefs(*result->rows[0][0], sql);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    return parsed.ok() ? *parsed : ParsedQuery{};
  }

  // The pruning expression of the first table of `sql`.
  std::string Prune(const std::string& sql) {
    ParsedQuery parsed = Parse(sql);
    if (parsed.tables.empty()) return "<no table>";
    PruneScope scope = scope_;
    scope.allow_unqualified = parsed.tables[0].alone_in_from;
    if (!parsed.tables[0].alias.empty()) scope.qualifier = parsed.tables[0].alias;
    return PruningExpression(parsed.tables[0], scope);
  }

  std::unique_ptr<engine::Database> db_;
  std::unique_ptr<engine::Connection> conn_;
  PruneScope scope_;
};

TEST_F(PruningTest, TranslatesComparisonsOnKeys) {
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE year = '2024'"), "`year` = '2024'");
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE '2024' < year"), "`year` > '2024'");
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE day >= 5 AND x = 1"), "`day` >= 5");
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE day = '07'"), "`day` = 07");
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE month IN ('01', '02')"), "`month` IN ('01', '02')");
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE month NOT IN ('01')"), "`month` NOT IN ('01')");
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE day BETWEEN 1 AND 3"), "`day` BETWEEN 1 AND 3");
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE year = 'it''s'"), "`year` = 'it''s'");
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE year IS NULL"), "`year` IS NULL");
  EXPECT_EQ(Prune("SELECT * FROM db.t x WHERE x.year = '2024'"), "`year` = '2024'");
}

TEST_F(PruningTest, LeavesOutWhatCouldPruneWrongly) {
  // A string key compared with a number: DuckDB casts, Glue would compare text.
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE year = 2024"), "");
  // Data columns, functions of keys, and ORs with an untranslatable branch.
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE temp > 3"), "");
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE upper(year) = '2024'"), "");
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE year = '2024' OR temp > 3"), "");
  // NOT needs its inside exactly: NOT (a AND unknown) must not become NOT (a).
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE NOT (year = '2024' AND temp > 3)"), "");
  EXPECT_EQ(Prune("SELECT * FROM db.t WHERE NOT (year = '2024' AND month = '01')"),
            "NOT ((`year` = '2024' AND `month` = '01'))");
  // An unqualified key is ambiguous when the FROM holds two tables.
  EXPECT_EQ(Prune("SELECT * FROM db.t JOIN db.u ON t.a = u.a WHERE year = '2024'"), "");
  EXPECT_EQ(Prune("SELECT * FROM db.t JOIN db.u ON t.a = u.a WHERE t.year = '2024'"),
            "`year` = '2024'");
  // Another table's qualifier.
  EXPECT_EQ(Prune("SELECT * FROM db.t x WHERE t.year = '2024'"), "");
}

TEST_F(PruningTest, FindsTablesAndTheirSpans) {
  std::string sql =
      "WITH c AS (SELECT * FROM awsdatacatalog.db.t1) SELECT * FROM c, db . \"T2\" AS z "
      "WHERE c.a IN (SELECT b FROM t3)";
  ParsedQuery parsed = Parse(sql);
  ASSERT_EQ(parsed.tables.size(), 4u);
  EXPECT_EQ(sql.substr(parsed.tables[0].begin, parsed.tables[0].end - parsed.tables[0].begin),
            "awsdatacatalog.db.t1");
  EXPECT_EQ(parsed.tables[1].table, "c");
  EXPECT_EQ(sql.substr(parsed.tables[2].begin, parsed.tables[2].end - parsed.tables[2].begin),
            "db . \"T2\"");
  EXPECT_EQ(parsed.tables[2].alias, "z");
  EXPECT_EQ(parsed.tables[3].table, "t3");
  EXPECT_EQ(parsed.cte_names.count("c"), 1u);
}

TEST(ScanQualifiedName, StopsAtTheName) {
  EXPECT_EQ(ScanQualifiedName("a.b.c.d x", 0), 5u);
  EXPECT_EQ(ScanQualifiedName("\"a\"\"b\".c x", 0), 8u);
  EXPECT_EQ(ScanQualifiedName("(x)", 0), 0u);
}

}  // namespace
}  // namespace sluice::query
