#include "engine/prepared.h"

#include <gtest/gtest.h>

#include "engine/engine_test_util.h"

namespace sluice::engine {
namespace {

class PreparedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenMemoryDb();
    ASSERT_NE(db_, nullptr);
    conn_ = testing::ConnectTo(*db_);
    ASSERT_NE(conn_, nullptr);
  }
  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(PreparedTest, BindsEachType) {
  auto stmt = conn_->Prepare(
      "SELECT $1 IS NULL, $2::BOOLEAN, $3::BIGINT + 1, $4::DOUBLE * 2, $5::VARCHAR || '!', "
      "$6::DATE + 1");
  ASSERT_TRUE(stmt.ok()) << stmt.status().ToString();
  EXPECT_EQ(stmt->parameter_count(), 6u);
  ASSERT_TRUE(stmt->Bind(1, ParamValue()).ok());
  ASSERT_TRUE(stmt->Bind(2, true).ok());
  ASSERT_TRUE(stmt->Bind(3, int64_t{9007199254740993}).ok());
  ASSERT_TRUE(stmt->Bind(4, 1.25).ok());
  ASSERT_TRUE(stmt->Bind(5, "it's").ok());
  ASSERT_TRUE(stmt->Bind(6, std::string("2024-02-28")).ok());
  auto result = stmt->Execute();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->rows.size(), 1u);
  const auto& row = result->rows[0];
  EXPECT_EQ(row[0], "true");
  EXPECT_EQ(row[1], "true");
  EXPECT_EQ(row[2], "9007199254740994");
  EXPECT_EQ(row[3], "2.5");
  EXPECT_EQ(row[4], "it's!");
  EXPECT_EQ(row[5], "2024-02-29");
}

TEST_F(PreparedTest, ReusesTheStatementWithNewBindings) {
  ASSERT_TRUE(conn_->Query("CREATE TABLE t (id BIGINT, name VARCHAR)").ok());
  auto insert = conn_->Prepare("INSERT INTO t VALUES (?, ?)");
  ASSERT_TRUE(insert.ok()) << insert.status().ToString();
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(insert->Bind(1, i).ok());
    ASSERT_TRUE(insert->Bind(2, i % 2 == 0 ? ParamValue("even") : ParamValue(nullptr)).ok());
    ASSERT_TRUE(insert->Execute().ok());
  }
  auto count = conn_->Query("SELECT count(*), count(name), sum(id) FROM t");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->rows[0][0], "100");
  EXPECT_EQ(count->rows[0][1], "50");
  EXPECT_EQ(count->rows[0][2], "4950");
}

TEST_F(PreparedTest, BadIndexAndUnboundParameters) {
  auto stmt = conn_->Prepare("SELECT ?::INTEGER");
  ASSERT_TRUE(stmt.ok());
  Status bad = stmt->Bind(2, 1);
  EXPECT_EQ(bad.code(), StatusCode::kInvalidInput);
  EXPECT_NE(bad.message().find("out of range"), std::string::npos) << bad.ToString();
  EXPECT_EQ(stmt->Bind(0, 1).code(), StatusCode::kInvalidInput);
  auto unbound = stmt->Execute();
  ASSERT_FALSE(unbound.ok());
  EXPECT_EQ(unbound.status().code(), StatusCode::kInvalidInput) << unbound.status().ToString();
  ASSERT_TRUE(stmt->Bind(1, "not a number").ok());
  auto conversion = stmt->Execute();
  EXPECT_EQ(conversion.status().code(), StatusCode::kInvalidInput)
      << conversion.status().ToString();
}

TEST_F(PreparedTest, PrepareErrorsCarryTheStatement) {
  auto stmt = conn_->Prepare("SELECT * FROM missing_table WHERE id = ?");
  ASSERT_FALSE(stmt.ok());
  EXPECT_EQ(stmt.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(stmt.status().message().find("missing_table WHERE id = ?"), std::string::npos)
      << stmt.status().ToString();
  auto syntax = conn_->Prepare("SELEC ?");
  EXPECT_EQ(syntax.status().code(), StatusCode::kInvalidInput) << syntax.status().ToString();
}

TEST_F(PreparedTest, ExecuteStreaming) {
  auto stmt = conn_->Prepare("SELECT i FROM range(?) t(i)");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(stmt->Bind(1, int64_t{5000}).ok());
  auto stream = stmt->ExecuteStreaming();
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  int64_t rows = 0;
  int64_t sum = 0;
  for (;;) {
    auto chunk = stream->Next();
    ASSERT_TRUE(chunk.ok()) << chunk.status().ToString();
    if (!chunk->has_value()) break;
    for (size_t r = 0; r < (*chunk)->row_count(); ++r) {
      auto value = (*chunk)->GetInt64(r, 0);
      ASSERT_TRUE(value.ok());
      sum += **value;
    }
    rows += static_cast<int64_t>((*chunk)->row_count());
  }
  EXPECT_EQ(rows, 5000);
  EXPECT_EQ(sum, 5000 * 4999 / 2);
}

TEST_F(PreparedTest, ExecuteWithTimeout) {
  auto stmt = conn_->Prepare("SELECT count(*) FROM range(?)");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(stmt->Bind(1, int64_t{100000000000}).ok());
  auto result = stmt->Execute(QueryOptions{std::chrono::milliseconds(200)});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kResourceLimit) << result.status().ToString();
}

}  // namespace
}  // namespace sluice::engine
