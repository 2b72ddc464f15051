// Metastore: the durable store of catalog and control-plane state, behind one SQL interface.
//
// Callers write portable SQL (SQLite now, PostgreSQL later): `?` placeholders, no
// engine-specific functions, RETURNING instead of last-insert-id, BLOBs compared bytewise.
// Every change that belongs together runs inside one Write() transaction; Read() sees one
// consistent snapshot. Metastore is thread-safe; a Session is used by one thread at a time
// and only inside the callback it is handed to.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "common/result.h"
#include "common/status.h"

namespace sluice::metastore {

// Bytes bound as a BLOB (compared with memcmp), as opposed to text.
struct Blob {
  std::string_view bytes;
};

// One bound parameter. Text and blobs are borrowed for the duration of the call.
using SqlArg = std::variant<std::nullptr_t, int64_t, double, std::string_view, Blob>;

// A result row, valid only inside the row callback. Column indexes are 0-based.
class Row {
 public:
  virtual ~Row() = default;
  virtual bool IsNull(int col) const = 0;
  virtual int64_t Int(int col) const = 0;
  virtual double Double(int col) const = 0;
  // Text and blob bytes; the view is valid until the callback returns.
  virtual std::string_view Text(int col) const = 0;
  virtual std::string_view Bytes(int col) const = 0;
};

// Called per row; return false to stop early.
using RowCallback = std::function<bool(const Row&)>;

class Session {
 public:
  virtual ~Session() = default;
  // Runs a statement that returns no rows. Constraint violations → AlreadyExists, other
  // failures → Internal/IOError with the statement and the engine's message.
  virtual Status Execute(std::string_view sql, std::initializer_list<SqlArg> args = {}) = 0;
  // Runs a query and hands each row to `on_row`.
  virtual Status Query(std::string_view sql, std::initializer_list<SqlArg> args,
                       const RowCallback& on_row) = 0;
  // Rows changed by the last Execute().
  virtual int64_t ChangedRows() = 0;
};

using SessionFn = std::function<Status(Session&)>;

class Metastore {
 public:
  virtual ~Metastore() = default;
  // Runs `fn` in a read transaction (a consistent snapshot). Returns fn's status.
  virtual Status Read(const SessionFn& fn) = 0;
  // Runs `fn` in a write transaction: committed when fn returns OK, rolled back otherwise
  // (then fn's status is returned and nothing is visible).
  virtual Status Write(const SessionFn& fn) = 0;
  // The schema version after migrations (0 for an empty store).
  virtual Result<int64_t> SchemaVersion() = 0;
};

struct SqliteOptions {
  // Path of the database file; "" opens a private in-memory database (for tests).
  std::string path;
  int busy_timeout_ms = 5000;
};

// Opens (creating if needed) a SQLite metastore in WAL mode and applies all migrations.
// Errors: IOError when the file cannot be opened or created, Internal when a migration fails.
Result<std::unique_ptr<Metastore>> OpenSqliteMetastore(const SqliteOptions& options);

}  // namespace sluice::metastore
