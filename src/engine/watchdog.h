// Watchdog: calls an interrupt callback when a deadline passes, on its own thread.
//
// Used for statement timeouts: the callback is duckdb_interrupt on the statement's connection.
// After the deadline it calls again every `repeat` until disarmed, because DuckDB clears a
// connection's interrupt flag when a statement starts, so one call that lands just before the
// statement begins would be lost. Thread-safe; Disarm() may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace sluice::engine {

class Watchdog {
 public:
  Watchdog(std::chrono::milliseconds timeout, std::function<void()> on_deadline,
           std::chrono::milliseconds repeat = std::chrono::milliseconds(20));
  ~Watchdog();  // Disarm()s and joins the thread.
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Once this returns, the callback is not running and will not run again. Idempotent.
  void Disarm();
  // True when the deadline passed (the callback ran at least once) before Disarm().
  bool fired() const;
  std::chrono::milliseconds timeout() const { return timeout_; }

 private:
  void Run();

  const std::chrono::milliseconds timeout_;
  const std::chrono::milliseconds repeat_;
  const std::function<void()> on_deadline_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool disarmed_ = false;  // GUARDED_BY(mu_)
  bool fired_ = false;     // GUARDED_BY(mu_)
  std::thread thread_;     // started last, after the members it reads
};

}  // namespace sluice::engine
