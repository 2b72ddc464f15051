#include "engine/pool.h"

#include <cassert>
#include <string>

namespace sluice::engine {

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

ConnectionPool::Lease::~Lease() { Return(); }

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), conn_(std::move(other.conn_)) {
  other.pool_ = nullptr;
}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Return();
    pool_ = other.pool_;
    conn_ = std::move(other.conn_);
    other.pool_ = nullptr;
  }
  return *this;
}

void ConnectionPool::Lease::Return() {
  if (pool_ != nullptr && conn_ != nullptr) pool_->Release(std::move(conn_));
  pool_ = nullptr;
}

Result<std::unique_ptr<ConnectionPool>> ConnectionPool::Create(Database& db, size_t size) {
  if (size == 0) return Status::InvalidInput("a connection pool needs at least one connection");
  std::vector<std::unique_ptr<Connection>> conns;
  conns.reserve(size);
  for (size_t i = 0; i < size; ++i) {
    ASSIGN_OR_RETURN(auto conn, db.Connect());
    conns.push_back(std::move(conn));
  }
  return std::unique_ptr<ConnectionPool>(new ConnectionPool(size, std::move(conns)));
}

ConnectionPool::ConnectionPool(size_t size, std::vector<std::unique_ptr<Connection>> conns)
    : size_(size), idle_(std::move(conns)) {}

ConnectionPool::~ConnectionPool() {
  std::lock_guard<std::mutex> lock(mu_);
  assert(idle_.size() == size_ && "a ConnectionPool was destroyed while leases were out");
}

Result<ConnectionPool::Lease> ConnectionPool::Acquire(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!returned_.wait_for(lock, wait, [this] { return !idle_.empty(); })) {
    return Status::Unavailable("all " + std::to_string(size_) +
                               " DuckDB connections stayed busy for " +
                               std::to_string(wait.count()) + " ms; retry later");
  }
  std::unique_ptr<Connection> conn = std::move(idle_.back());
  idle_.pop_back();
  return Lease(this, std::move(conn));
}

size_t ConnectionPool::idle() const {
  std::lock_guard<std::mutex> lock(mu_);
  return idle_.size();
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(conn));
  }
  returned_.notify_one();
}

}  // namespace sluice::engine
