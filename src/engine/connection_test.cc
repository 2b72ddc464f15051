#include "engine/connection.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "engine/engine_test_util.h"

namespace sluice::engine {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using testing::ConnectTo;
using testing::kLongQuery;
using testing::OpenMemoryDb;

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenMemoryDb();
    ASSERT_NE(db_, nullptr);
    conn_ = ConnectTo(*db_);
    ASSERT_NE(conn_, nullptr);
  }
  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(ConnectionTest, SyntaxErrorIsInvalidInputWithTheStatement) {
  auto result = conn_->Query("SELEC 1 FROM nowhere_at_all");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(result.status().message().find("Parser Error"), std::string::npos);
  EXPECT_NE(result.status().message().find("(statement: SELEC 1 FROM nowhere_at_all)"),
            std::string::npos)
      << result.status().ToString();
}

TEST_F(ConnectionTest, MissingTableIsInvalidInput) {
  auto result = conn_->Query("SELECT * FROM no_such_table");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(result.status().message().find("Catalog Error"), std::string::npos)
      << result.status().ToString();
}

TEST_F(ConnectionTest, LongStatementsAreTruncatedInMessages) {
  std::string sql = "SELECT * FROM no_such_table WHERE x IN (" + std::string(500, '1') + ")";
  auto result = conn_->Query(sql);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message().find(sql), std::string::npos);
  EXPECT_NE(result.status().message().find(sql.substr(0, 200) + "...)"), std::string::npos);
}

TEST_F(ConnectionTest, RuntimeErrorsAreMappedByType) {
  auto conversion = conn_->Query("SELECT 'abc'::INTEGER");
  EXPECT_EQ(conversion.status().code(), StatusCode::kInvalidInput)
      << conversion.status().ToString();
  auto io = conn_->Query("SELECT * FROM read_csv('/no/such/file.csv')");
  EXPECT_EQ(io.status().code(), StatusCode::kIOError) << io.status().ToString();
}

TEST(ConnectionMemoryTest, OutOfMemoryIsResourceLimit) {
  DatabaseOptions options;
  options.memory_limit = "10MB";
  options.threads = 1;
  auto db = OpenMemoryDb(options);
  ASSERT_NE(db, nullptr);
  auto conn = ConnectTo(*db);
  ASSERT_NE(conn, nullptr);
  // Nothing to spill to: an in-memory database with spilling switched off.
  ASSERT_TRUE(conn->Query("SET temp_directory = ''").ok());
  auto result = conn->Query("SELECT list(i) FROM range(20000000) t(i)");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kResourceLimit) << result.status().ToString();
}

TEST_F(ConnectionTest, InterruptFromAnotherThread) {
  auto start = steady_clock::now();
  std::thread interrupter([&] {
    std::this_thread::sleep_for(milliseconds(300));
    conn_->Interrupt();
  });
  auto result = conn_->Query(kLongQuery);
  auto elapsed = steady_clock::now() - start;
  interrupter.join();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(result.status().message().find("interrupted"), std::string::npos)
      << result.status().ToString();
  EXPECT_LT(elapsed, milliseconds(1300));
  // The connection is usable afterwards.
  auto after = conn_->Query("SELECT 1");
  ASSERT_TRUE(after.ok()) << after.status().ToString();
}

TEST_F(ConnectionTest, TimeoutInterruptsAndNamesTheLimit) {
  auto start = steady_clock::now();
  auto result = conn_->Query(kLongQuery, QueryOptions{milliseconds(200)});
  auto elapsed = steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kResourceLimit);
  EXPECT_NE(result.status().message().find("200 ms"), std::string::npos)
      << result.status().ToString();
  EXPECT_GE(elapsed, milliseconds(200));
  EXPECT_LT(elapsed, milliseconds(1200));
}

TEST_F(ConnectionTest, AFinishedTimedQueryLeavesNoInterruptBehind) {
  auto fast = conn_->Query("SELECT 42", QueryOptions{milliseconds(50)});
  ASSERT_TRUE(fast.ok()) << fast.status().ToString();
  std::this_thread::sleep_for(milliseconds(120));
  auto next = conn_->Query("SELECT count(*) FROM range(3000000)");
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->rows[0][0], "3000000");
}

TEST_F(ConnectionTest, TimeoutAppliesToAStreamUntilItIsRead) {
  auto stream =
      conn_->Stream("SELECT i FROM range(100000000000) t(i)", QueryOptions{milliseconds(200)});
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  auto start = steady_clock::now();
  Status failure;
  for (;;) {
    auto chunk = stream->Next();
    if (!chunk.ok()) {
      failure = chunk.status();
      break;
    }
    ASSERT_TRUE(chunk->has_value());
    ASSERT_LT(steady_clock::now() - start, std::chrono::seconds(5));
  }
  EXPECT_EQ(failure.code(), StatusCode::kResourceLimit) << failure.ToString();
  // Later calls repeat the failure.
  EXPECT_EQ(stream->Next().status().code(), StatusCode::kResourceLimit);
}

TEST_F(ConnectionTest, StreamRejectsSeveralStatements) {
  auto stream = conn_->Stream("SELECT 1; SELECT 2");
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.status().code(), StatusCode::kInvalidInput) << stream.status().ToString();
}

TEST_F(ConnectionTest, ALaterStatementClosesAnOpenStream) {
  auto stream = conn_->Stream("SELECT i FROM range(100000) t(i)");
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  auto first = stream->Next();
  ASSERT_TRUE(first.ok() && first->has_value());
  ASSERT_TRUE(conn_->Query("SELECT 1").ok());
  auto next = stream->Next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kFailedPrecondition) << next.status().ToString();
}

}  // namespace
}  // namespace sluice::engine
