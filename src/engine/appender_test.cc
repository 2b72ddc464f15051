#include "engine/appender.h"

#include <gtest/gtest.h>

#include "engine/connection.h"
#include "engine/database.h"

namespace sluice::engine {
namespace {

TEST(Appender, AppendsRowsThatQueriesSee) {
  auto db = Database::Open("");
  ASSERT_TRUE(db.ok());
  auto conn = (*db)->Connect();
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE(
      (*conn)->Query("CREATE TABLE t (id BIGINT, name VARCHAR, score DOUBLE, ok BOOLEAN)").ok());
  {
    auto appender = Appender::Open(**conn, "", "t");
    ASSERT_TRUE(appender.ok()) << appender.status().ToString();
    for (int64_t i = 0; i < 3000; ++i) {
      ASSERT_TRUE(appender->Append(i).ok());
      ASSERT_TRUE(appender->Append(i % 2 ? ParamValue("odd") : ParamValue()).ok());
      ASSERT_TRUE(appender->Append(i * 0.5).ok());
      ASSERT_TRUE(appender->Append(i % 3 == 0).ok());
      ASSERT_TRUE(appender->EndRow().ok());
    }
    ASSERT_TRUE(appender->Flush().ok());
  }
  auto result =
      (*conn)->Query("SELECT count(*), count(name), sum(score), count(*) FILTER (WHERE ok) FROM t");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result->rows[0][0], "3000");
  EXPECT_EQ(*result->rows[0][1], "1500");
  EXPECT_EQ(*result->rows[0][2], "2249250.0");
  EXPECT_EQ(*result->rows[0][3], "1000");
}

TEST(Appender, ErrorsSayWhatIsWrong) {
  auto db = Database::Open("");
  ASSERT_TRUE(db.ok());
  auto conn = (*db)->Connect();
  ASSERT_TRUE(conn.ok());
  auto missing = Appender::Open(**conn, "", "nowhere");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nowhere"), std::string::npos);
  ASSERT_TRUE((*conn)->Query("CREATE TABLE t (id BIGINT)").ok());
  auto appender = Appender::Open(**conn, "", "t");
  ASSERT_TRUE(appender.ok());
  EXPECT_FALSE(appender->Append(ParamValue("not a number")).ok());
  auto fresh = Appender::Open(**conn, "", "t");
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE(fresh->EndRow().ok());  // no values for the row's column
}

}  // namespace
}  // namespace sluice::engine
