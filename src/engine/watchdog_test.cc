#include "engine/watchdog.h"

#include <gtest/gtest.h>

#include <atomic>

namespace sluice::engine {
namespace {

using std::chrono::milliseconds;

TEST(WatchdogTest, FiresAfterTheDeadlineAndRepeatsUntilDisarmed) {
  std::atomic<int> calls{0};
  Watchdog watchdog(
      milliseconds(10), [&] { ++calls; }, milliseconds(5));
  while (calls.load() < 3) std::this_thread::sleep_for(milliseconds(1));
  watchdog.Disarm();
  int after = calls.load();
  std::this_thread::sleep_for(milliseconds(30));
  EXPECT_EQ(calls.load(), after);
  EXPECT_TRUE(watchdog.fired());
}

TEST(WatchdogTest, DisarmedBeforeTheDeadlineNeverFires) {
  std::atomic<int> calls{0};
  {
    Watchdog watchdog(milliseconds(10000), [&] { ++calls; });
    EXPECT_FALSE(watchdog.fired());
  }  // the destructor disarms without waiting for the deadline
  EXPECT_EQ(calls.load(), 0);
}

}  // namespace
}  // namespace sluice::engine
