// UTC time. All times in Sluice are UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice {

// Seconds since the Unix epoch with millisecond precision, as the AWS JSON protocols send
// timestamps.
double NowEpochSeconds();

// Milliseconds since the Unix epoch.
int64_t NowEpochMillis();

// Monotonic nanoseconds, for measuring durations.
int64_t MonotonicNanos();

// HTTP dates (RFC 1123), as in Last-Modified: "Sun, 22 Nov 2026 06:04:04 GMT".
std::string FormatHttpDate(int64_t epoch_ms);
// Epoch milliseconds of an RFC 1123 date; std::nullopt when it is not one.
std::optional<int64_t> ParseHttpDate(std::string_view text);

// "2026-11-22T05:49:28Z" for an epoch-seconds value.
std::string FormatIso8601(double epoch_seconds);

}  // namespace sluice
