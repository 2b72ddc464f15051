// ConnectionPool: a fixed set of Connections to one Database, lent out one caller at a time.
//
// Thread-safe. The pool must outlive its leases, and the Database the pool. A lease's
// PreparedStatements and ResultStreams must be destroyed before the lease: the connection
// goes to the next caller as soon as the lease ends.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "common/result.h"
#include "engine/connection.h"
#include "engine/database.h"

namespace sluice::engine {

class ConnectionPool {
 public:
  // A borrowed connection, returned to the pool when the lease is destroyed. Movable.
  class Lease {
   public:
    ~Lease();
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn);
    void Return();
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Opens `size` (≥ 1) connections. Errors: InvalidInput for size 0; Connect()'s errors.
  static Result<std::unique_ptr<ConnectionPool>> Create(Database& db, size_t size);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A free connection, waiting up to `wait` for one. Errors: Unavailable after the wait.
  Result<Lease> Acquire(std::chrono::milliseconds wait = std::chrono::seconds(10));

  size_t size() const { return size_; }
  size_t idle() const;

 private:
  ConnectionPool(size_t size, std::vector<std::unique_ptr<Connection>> conns);
  void Release(std::unique_ptr<Connection> conn);

  const size_t size_;
  mutable std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mu_)
};

}  // namespace sluice::engine
