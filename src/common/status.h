// Status: the outcome of an operation that can fail, as a value.
//
// Codes are chosen by what the caller should do next (abseil's rule): fix the input
// (kInvalidInput, kNotFound, kAlreadyExists, kPayloadTooLarge), re-read and retry
// (kConcurrentModification), wait or back off (kUnavailable), or report a fault in Sluice
// (kInternal, kIOError). The api module maps each code to an AWS error name and HTTP status
// (api/error_mapping.h); the run supervisor uses IsRetryable(). Thread-compatible value type.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace sluice {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,            // the request is wrong; retrying the same request cannot succeed
  kNotFound,                // a named entity does not exist
  kAlreadyExists,           // an entity with that identity exists
  kConcurrentModification,  // the entity changed underneath the caller; re-read, then retry
  kResourceLimit,           // a configured limit (count, size) would be exceeded
  kFailedPrecondition,      // the entity's state forbids this now (e.g. a crawler already runs);
                            // the message may start with the AWS error name ("CrawlerRunning...: ")
  kPayloadTooLarge,         // the request body is over the server's limit
  kUnknownOperation,        // the API has no such operation
  kUnavailable,             // transient: busy or shutting down; retry later
  kIOError,                 // the file system or a device failed
  kInternal,                // a bug or an invariant broken inside Sluice
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }
  static Status InvalidInput(std::string m) { return {StatusCode::kInvalidInput, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status ConcurrentModification(std::string m) {
    return {StatusCode::kConcurrentModification, std::move(m)};
  }
  static Status ResourceLimit(std::string m) { return {StatusCode::kResourceLimit, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status PayloadTooLarge(std::string m) {
    return {StatusCode::kPayloadTooLarge, std::move(m)};
  }
  static Status UnknownOperation(std::string m) {
    return {StatusCode::kUnknownOperation, std::move(m)};
  }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }

  // True when the same call may succeed later without changing the request.
  bool IsRetryable() const {
    return code_ == StatusCode::kUnavailable || code_ == StatusCode::kConcurrentModification;
  }

  // "InvalidInput: <message>", for logs.
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// An intentional, greppable ignore of a Status.
inline void IgnoreStatus(const Status&) {}

}  // namespace sluice

#define SLUICE_CONCAT_INNER(a, b) a##b
#define SLUICE_CONCAT(a, b) SLUICE_CONCAT_INNER(a, b)

#define RETURN_NOT_OK(expr)        \
  do {                             \
    ::sluice::Status _st = (expr); \
    if (!_st.ok()) return _st;     \
  } while (0)
