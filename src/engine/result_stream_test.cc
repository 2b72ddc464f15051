#include "engine/result_stream.h"

#include <gtest/gtest.h>

#include "engine/engine_test_util.h"

namespace sluice::engine {
namespace {

class ResultStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenMemoryDb();
    ASSERT_NE(db_, nullptr);
    conn_ = testing::ConnectTo(*db_);
    ASSERT_NE(conn_, nullptr);
  }

  // The single row of `sql`, as one Chunk.
  std::optional<Chunk> OneChunk(const std::string& sql) {
    auto stream = conn_->Stream(sql);
    EXPECT_TRUE(stream.ok()) << sql << ": " << stream.status().ToString();
    if (!stream.ok()) return std::nullopt;
    auto chunk = stream->Next();
    EXPECT_TRUE(chunk.ok() && chunk->has_value()) << sql;
    if (!chunk.ok()) return std::nullopt;
    return std::move(*chunk);
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(ResultStreamTest, StreamsTenMillionRowsInChunks) {
  constexpr int64_t kRows = 10'000'000;
  auto stream = conn_->Stream("SELECT i, i % 7 = 0 AS seventh FROM range(10000000) t(i)");
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  EXPECT_EQ(stream->column_names(), (std::vector<std::string>{"i", "seventh"}));
  EXPECT_EQ(stream->column_types(), (std::vector<std::string>{"BIGINT", "BOOLEAN"}));
  int64_t rows = 0;
  int64_t chunks = 0;
  int64_t sevenths = 0;
  size_t largest = 0;
  for (;;) {
    auto chunk = stream->Next();
    ASSERT_TRUE(chunk.ok()) << chunk.status().ToString();
    if (!chunk->has_value()) break;
    const Chunk& c = **chunk;
    ++chunks;
    rows += static_cast<int64_t>(c.row_count());
    largest = std::max(largest, c.row_count());
    auto first = c.GetInt64(0, 0);
    ASSERT_TRUE(first.ok());
    auto seventh = c.GetBool(0, 1);
    ASSERT_TRUE(seventh.ok());
    if (**seventh) ++sevenths;
  }
  EXPECT_EQ(rows, kRows);
  // Each chunk holds at most one vector (2048 rows): the result arrived in pieces.
  EXPECT_LE(largest, 2048u);
  EXPECT_GE(chunks, kRows / 2048);
  EXPECT_GT(sevenths, 0);
  auto after = stream->Next();
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->has_value());
}

TEST_F(ResultStreamTest, TypeNamesMatchTypeof) {
  const char* expressions[] = {
      "1::BIGINT",
      "1.5::DECIMAL(10,2)",
      "{'a': 1::INTEGER}",
      "{'My Col': 'x'}",
      "[1, 2]",
      "[1, 2]::INTEGER[2]",
      "MAP {'k': 1}",
      "'a'::ENUM('a', 'b')",
      "TIMESTAMPTZ '2024-01-01 00:00:00+00'",
      "TIMETZ '10:00:00+00'",
      "1::UHUGEINT",
      "INTERVAL 1 DAY",
      "'101'::BIT",
      "union_value(num := 2)",
      "TIMESTAMP_NS '2024-01-01 00:00:00'",
      "gen_random_uuid()",
      "'\\xAA'::BLOB",
      "[{'x': [1.5::FLOAT]}]",
  };
  for (const char* expression : expressions) {
    std::string sql = std::string("SELECT typeof(x), x FROM (SELECT ") + expression + " AS x)";
    auto stream = conn_->Stream(sql);
    ASSERT_TRUE(stream.ok()) << sql << ": " << stream.status().ToString();
    auto chunk = stream->Next();
    ASSERT_TRUE(chunk.ok() && chunk->has_value()) << sql;
    auto expected = (*chunk)->GetString(0, 0);
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(stream->column_types()[1], std::string(**expected)) << expression;
  }
}

TEST_F(ResultStreamTest, ToTextMatchesDuckDbCasts) {
  const char* expressions[] = {
      "true",
      "false",
      "NULL::INTEGER",
      "42::TINYINT",
      "-7::SMALLINT",
      "123456::INTEGER",
      "(-9223372036854775807 - 1)::BIGINT",
      "255::UTINYINT",
      "65535::USMALLINT",
      "4294967295::UINTEGER",
      "18446744073709551615::UBIGINT",
      "170141183460469231731687303715884105727::HUGEINT",
      "-170141183460469231731687303715884105727::HUGEINT",
      "340282366920938463463374607431768211455::UHUGEINT",
      "1.0::DOUBLE",
      "0.1::DOUBLE",
      "1e15::DOUBLE",
      "1e16::DOUBLE",
      "123456789.125::DOUBLE",
      "1e-4::DOUBLE",
      "1e-5::DOUBLE",
      "-0.0::DOUBLE",
      "'nan'::DOUBLE",
      "'inf'::DOUBLE",
      "'-inf'::DOUBLE",
      "5e-324::DOUBLE",
      "1.7976931348623157e308::DOUBLE",
      "-2.5e-7::DOUBLE",
      "0.1::FLOAT",
      "3.4028235e38::FLOAT",
      "1.5::FLOAT",
      "16777217::FLOAT",
      "12.50::DECIMAL(10,2)",
      "-0.05::DECIMAL(4,2)",
      "123456789012.345678::DECIMAL(18,6)",
      "-12345678901234567890.123456789::DECIMAL(38,9)",
      "42::DECIMAL(5,0)",
      "0::DECIMAL(3,2)",
      "'hello'",
      "''",
      "'a longer string that is not inlined in the vector'",
      "'\\x00\\xFFab''\"\\x5C'::BLOB",
      "DATE '2024-02-29'",
      "DATE '0044-03-15 (BC)'",
      "DATE '0001-01-01'",
      "DATE '1969-12-31'",
      "'infinity'::DATE",
      "'-infinity'::DATE",
      "TIME '10:11:12.5'",
      "TIME '00:00:00'",
      "TIME '23:59:59.999999'",
      "TIMESTAMP '2024-01-05 10:11:12.123456'",
      "TIMESTAMP '1969-12-31 23:59:59.5'",
      "DATE '0044-03-15 (BC)' + TIME '10:00:00.25'",
      "'infinity'::TIMESTAMP",
      "'-infinity'::TIMESTAMP",
      "TIMESTAMP_S '2024-01-05 10:11:12'",
      "TIMESTAMP_MS '2024-01-05 10:11:12.123'",
      "TIMESTAMP_NS '2024-01-05 10:11:12.123456789'",
      "TIMESTAMP_NS '1960-01-05 10:11:12.1'",
      "'12345678-1234-5678-9abc-def012345678'::UUID",
      "'ffffffff-0000-0000-0000-000000000001'::UUID",
      "gen_random_uuid()",
      "'b'::ENUM('a', 'b', 'c')",
  };
  for (const char* expression : expressions) {
    std::string sql =
        std::string("SELECT x, CAST(x AS VARCHAR) FROM (SELECT ") + expression + " AS x)";
    auto chunk = OneChunk(sql);
    if (!chunk.has_value()) continue;  // OneChunk reported it
    auto text = chunk->ToText(0, 0);
    EXPECT_TRUE(text.ok()) << expression << ": " << text.status().ToString();
    auto expected = chunk->GetString(0, 1);
    if (!text.ok() || !expected.ok()) continue;
    if (!expected->has_value()) {
      EXPECT_FALSE(text->has_value()) << expression;
      continue;
    }
    EXPECT_TRUE(text->has_value()) << expression;
    if (text->has_value()) {
      EXPECT_EQ(**text, std::string(**expected)) << expression;
    }
  }
}

TEST_F(ResultStreamTest, TypedGetters) {
  auto chunk = OneChunk(
      "SELECT -5::TINYINT, 200::UTINYINT, 18446744073709551615::UBIGINT, 2.5::FLOAT, 'abc', "
      "DATE '1970-01-02', TIMESTAMP_MS '1970-01-01 00:00:01.5', -12.345::DECIMAL(10,3), "
      "NULL::BIGINT, 1.5::DECIMAL(30,1)");
  ASSERT_TRUE(chunk.has_value());
  EXPECT_EQ(chunk->GetInt64(0, 0).value(), -5);
  EXPECT_EQ(chunk->GetUInt64(0, 1).value(), 200u);
  EXPECT_EQ(chunk->GetInt64(0, 1).value(), 200);
  EXPECT_EQ(chunk->GetUInt64(0, 2).value(), 18446744073709551615u);
  EXPECT_EQ(chunk->GetInt64(0, 2).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(chunk->GetUInt64(0, 0).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(chunk->GetDouble(0, 3).value(), 2.5);
  EXPECT_EQ(chunk->GetString(0, 4).value(), "abc");
  EXPECT_EQ(chunk->GetDate(0, 5).value(), Date{1});
  EXPECT_EQ(chunk->GetTimestamp(0, 6).value(), Timestamp{1500000});
  auto decimal = chunk->GetDecimal(0, 7);
  ASSERT_TRUE(decimal.ok() && decimal->has_value());
  EXPECT_EQ((*decimal)->ToString(), "-12.345");
  EXPECT_DOUBLE_EQ((*decimal)->ToDouble(), -12.345);
  EXPECT_EQ((*decimal)->width, 10);
  EXPECT_EQ((*decimal)->scale, 3);
  EXPECT_TRUE(chunk->IsNull(0, 8));
  auto null = chunk->GetInt64(0, 8);
  ASSERT_TRUE(null.ok());
  EXPECT_FALSE(null->has_value());
  EXPECT_EQ(chunk->GetDecimal(0, 9).value()->ToString(), "1.5");
  // Wrong type and out of range are InvalidInput, with the column's type.
  auto wrong = chunk->GetInt64(0, 4);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("VARCHAR"), std::string::npos);
  EXPECT_EQ(chunk->GetInt64(1, 0).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(chunk->GetInt64(0, 10).status().code(), StatusCode::kInvalidInput);
}

TEST_F(ResultStreamTest, NestedTypesAskForACast) {
  auto chunk = OneChunk("SELECT [1, 2] AS l");
  ASSERT_TRUE(chunk.has_value());
  auto text = chunk->ToText(0, 0);
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("INTEGER[]"), std::string::npos);
}

TEST_F(ResultStreamTest, ChunksOutliveTheirStream) {
  std::optional<Chunk> kept;
  {
    auto stream = conn_->Stream("SELECT 'a string longer than twelve bytes' AS s");
    ASSERT_TRUE(stream.ok());
    auto chunk = stream->Next();
    ASSERT_TRUE(chunk.ok() && chunk->has_value());
    kept = std::move(*chunk);
  }
  EXPECT_EQ(kept->GetString(0, 0).value(), "a string longer than twelve bytes");
}

TEST_F(ResultStreamTest, StatementsWithoutRows) {
  auto created = conn_->Stream("CREATE TABLE t AS SELECT 1 AS x");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  auto next = created->Next();
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  auto empty = conn_->Stream("SELECT x FROM t WHERE x > 1");
  ASSERT_TRUE(empty.ok());
  auto none = empty->Next();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

}  // namespace
}  // namespace sluice::engine
