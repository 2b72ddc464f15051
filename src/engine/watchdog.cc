#include "engine/watchdog.h"

#include <utility>

namespace sluice::engine {

Watchdog::Watchdog(std::chrono::milliseconds timeout, std::function<void()> on_deadline,
                   std::chrono::milliseconds repeat)
    : timeout_(timeout), repeat_(repeat), on_deadline_(std::move(on_deadline)) {
  thread_ = std::thread([this] { Run(); });
}

Watchdog::~Watchdog() {
  Disarm();
  if (thread_.joinable()) thread_.join();
}

void Watchdog::Disarm() {
  std::lock_guard<std::mutex> lock(mu_);
  disarmed_ = true;
  cv_.notify_all();
}

bool Watchdog::fired() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fired_;
}

void Watchdog::Run() {
  auto deadline = std::chrono::steady_clock::now() + timeout_;
  std::unique_lock<std::mutex> lock(mu_);
  while (!disarmed_) {
    if (cv_.wait_until(lock, deadline, [this] { return disarmed_; })) return;
    // The callback runs under the lock so that Disarm() returning means it is not running.
    fired_ = true;
    on_deadline_();
    deadline = std::chrono::steady_clock::now() + repeat_;
  }
}

}  // namespace sluice::engine
