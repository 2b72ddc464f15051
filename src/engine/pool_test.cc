#include "engine/pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "engine/engine_test_util.h"

namespace sluice::engine {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

TEST(ConnectionPoolTest, ExhaustionIsUnavailableAfterTheWait) {
  auto db = testing::OpenMemoryDb();
  ASSERT_NE(db, nullptr);
  auto pool = ConnectionPool::Create(*db, 2);
  ASSERT_TRUE(pool.ok()) << pool.status().ToString();
  auto a = (*pool)->Acquire();
  auto b = (*pool)->Acquire();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*pool)->idle(), 0u);

  auto start = steady_clock::now();
  auto c = (*pool)->Acquire(milliseconds(100));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kUnavailable) << c.status().ToString();
  EXPECT_GE(steady_clock::now() - start, milliseconds(100));

  { auto returned = std::move(*a); }  // the lease ends: its connection goes back
  EXPECT_EQ((*pool)->idle(), 1u);
  auto d = (*pool)->Acquire(milliseconds(0));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  auto answer = (*d)->Query("SELECT 6 * 7");
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->rows[0][0], "42");
}

TEST(ConnectionPoolTest, AWaiterGetsTheNextReturnedConnection) {
  auto db = testing::OpenMemoryDb();
  ASSERT_NE(db, nullptr);
  auto pool = ConnectionPool::Create(*db, 1);
  ASSERT_TRUE(pool.ok());
  auto held = (*pool)->Acquire();
  ASSERT_TRUE(held.ok());
  std::thread releaser([lease = std::move(*held)]() mutable {
    std::this_thread::sleep_for(milliseconds(50));
    auto done = std::move(lease);
  });
  auto waited = (*pool)->Acquire(std::chrono::seconds(5));
  releaser.join();
  ASSERT_TRUE(waited.ok()) << waited.status().ToString();
}

TEST(ConnectionPoolTest, ConcurrentUsers) {
  auto db = testing::OpenMemoryDb();
  ASSERT_NE(db, nullptr);
  auto pool = ConnectionPool::Create(*db, 3);
  ASSERT_TRUE(pool.ok());
  std::vector<std::thread> users;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    users.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto lease = (*pool)->Acquire(std::chrono::seconds(30));
        if (!lease.ok()) continue;
        auto r = (*lease)->Query("SELECT " + std::to_string(t * 100 + i));
        if (r.ok() && r->rows[0][0] == std::to_string(t * 100 + i)) ++ok;
      }
    });
  }
  for (auto& u : users) u.join();
  EXPECT_EQ(ok.load(), 40);
  EXPECT_EQ((*pool)->idle(), 3u);
}

TEST(ConnectionPoolTest, SizeZeroIsInvalid) {
  auto db = testing::OpenMemoryDb();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(ConnectionPool::Create(*db, 0).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace sluice::engine
