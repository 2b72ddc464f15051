// SQLite implementation of Metastore: WAL mode, a pool of connections with cached prepared
// statements, and one in-process writer at a time (SQLite allows one writer; serializing here
// avoids its sleep-and-retry busy handler on the hot path).
#include <sqlite3.h>

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/ids.h"
#include "metastore/metastore.h"
#include "metastore/migrations.h"

namespace sluice::metastore {
namespace {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) return Status::AlreadyExists(msg);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Status::Unavailable(msg);
  if (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN ||
      primary == SQLITE_READONLY) {
    return Status::IOError(msg);
  }
  return Status::Internal(msg);
}

class SqliteRow final : public Row {
 public:
  explicit SqliteRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const override { return sqlite3_column_double(stmt_, col); }
  std::string_view Text(int col) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p == nullptr ? std::string_view()
                        : std::string_view(p, sqlite3_column_bytes(stmt_, col));
  }
  std::string_view Bytes(int col) const override {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p == nullptr ? std::string_view()
                        : std::string_view(p, sqlite3_column_bytes(stmt_, col));
  }

 private:
  sqlite3_stmt* stmt_;
};

class SqliteSession final : public Session {
 public:
  explicit SqliteSession(sqlite3* db) : db_(db) {}
  ~SqliteSession() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Status Execute(std::string_view sql, std::initializer_list<SqlArg> args = {}) override {
    return Run(sql, args, nullptr);
  }
  Status Query(std::string_view sql, std::initializer_list<SqlArg> args,
               const RowCallback& on_row) override {
    return Run(sql, args, &on_row);
  }
  int64_t ChangedRows() override { return sqlite3_changes64(db_); }

 private:
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "preparing '" + std::string(sql) + "'");
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

  Status Bind(sqlite3_stmt* stmt, std::initializer_list<SqlArg> args) {
    int i = 1;
    for (const SqlArg& arg : args) {
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(arg)) {
        rc = sqlite3_bind_null(stmt, i);
      } else if (const auto* v = std::get_if<int64_t>(&arg)) {
        rc = sqlite3_bind_int64(stmt, i, *v);
      } else if (const auto* d = std::get_if<double>(&arg)) {
        rc = sqlite3_bind_double(stmt, i, *d);
      } else if (const auto* t = std::get_if<std::string_view>(&arg)) {
        rc = sqlite3_bind_text64(stmt, i, t->data(), t->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else if (const auto* b = std::get_if<Blob>(&arg)) {
        rc = sqlite3_bind_blob64(stmt, i, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "binding parameter " + std::to_string(i));
      ++i;
    }
    return Status::OK();
  }

  Status Run(std::string_view sql, std::initializer_list<SqlArg> args, const RowCallback* on_row) {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    RETURN_NOT_OK(Bind(stmt, args));
    SqliteRow row(stmt);
    while (true) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) return Status::OK();
      if (rc != SQLITE_ROW) return SqliteError(db_, rc, "running '" + std::string(sql) + "'");
      if (on_row != nullptr && !(*on_row)(row)) return Status::OK();
    }
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

class SqliteMetastore final : public Metastore {
 public:
  explicit SqliteMetastore(SqliteOptions options) : options_(std::move(options)) {
    if (options_.path.empty()) {
      // A named shared-cache in-memory database, so every pooled connection sees the same data.
      uri_ = "file:sluice-mem-" + NewUuid() + "?mode=memory&cache=shared";
    } else {
      uri_ = options_.path;
    }
  }

  Status Init() {
    ASSIGN_OR_RETURN(auto first, OpenSession());
    keep_alive_ = std::move(first);  // holds an in-memory database open for the store's lifetime
    return Status::OK();
  }

  Status Read(const SessionFn& fn) override {
    ASSIGN_OR_RETURN(auto session, Acquire());
    Status st = session->Execute("BEGIN");
    if (st.ok()) {
      st = fn(*session);
      Status end = session->Execute(st.ok() ? "COMMIT" : "ROLLBACK");
      if (st.ok()) st = end;
    }
    Release(std::move(session));
    return st;
  }

  Status Write(const SessionFn& fn) override {
    std::lock_guard<std::mutex> writer(writer_mu_);
    ASSIGN_OR_RETURN(auto session, Acquire());
    Status st = session->Execute("BEGIN IMMEDIATE");
    if (st.ok()) {
      st = fn(*session);
      if (st.ok()) {
        st = session->Execute("COMMIT");
        if (!st.ok()) IgnoreStatus(session->Execute("ROLLBACK"));
      } else {
        IgnoreStatus(session->Execute("ROLLBACK"));  // fn's status is what the caller needs
      }
    }
    Release(std::move(session));
    return st;
  }

  Result<int64_t> SchemaVersion() override {
    int64_t version = 0;
    RETURN_NOT_OK(Read([&](Session& s) {
      return s.Query("SELECT MAX(version) FROM schema_migrations", {}, [&](const Row& r) {
        version = r.IsNull(0) ? 0 : r.Int(0);
        return false;
      });
    }));
    return version;
  }

 private:
  Result<std::unique_ptr<SqliteSession>> OpenSession() {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(uri_.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
      Status st = SqliteError(db, rc, "opening metastore '" + options_.path + "'");
      sqlite3_close_v2(db);
      return Status::IOError(st.message());
    }
    auto session = std::make_unique<SqliteSession>(db);
    sqlite3_busy_timeout(db, options_.busy_timeout_ms);
    // Statement journals (upserts) and sorts stay in memory: a temp file per statement costs
    // an inode allocation each time, which dominated small writes.
    RETURN_NOT_OK(session->Execute("PRAGMA temp_store=MEMORY"));
    if (!options_.path.empty()) {
      RETURN_NOT_OK(session->Execute("PRAGMA journal_mode=WAL"));
      RETURN_NOT_OK(session->Execute("PRAGMA synchronous=NORMAL"));
    }
    return session;
  }

  Result<std::unique_ptr<SqliteSession>> Acquire() {
    {
      std::lock_guard<std::mutex> lock(pool_mu_);
      if (!idle_.empty()) {
        auto s = std::move(idle_.back());
        idle_.pop_back();
        return s;
      }
    }
    return OpenSession();
  }

  void Release(std::unique_ptr<SqliteSession> session) {
    std::lock_guard<std::mutex> lock(pool_mu_);
    idle_.push_back(std::move(session));
  }

  SqliteOptions options_;
  std::string uri_;
  std::mutex writer_mu_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<SqliteSession>> idle_;  // GUARDED_BY(pool_mu_)
  std::unique_ptr<SqliteSession> keep_alive_;
};

}  // namespace

Result<std::unique_ptr<Metastore>> OpenSqliteMetastore(const SqliteOptions& options) {
  auto store = std::make_unique<SqliteMetastore>(options);
  RETURN_NOT_OK(store->Init());
  RETURN_NOT_OK(ApplyMigrations(*store, SchemaMigrations()));
  return std::unique_ptr<Metastore>(std::move(store));
}

}  // namespace sluice::metastore
