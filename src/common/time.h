// UTC time. All times in Sluice are UTC.
#pragma once

#include <cstdint>
#include <string>

namespace sluice {

// Seconds since the Unix epoch with millisecond precision, as the AWS JSON protocols send
// timestamps.
double NowEpochSeconds();

// Milliseconds since the Unix epoch.
int64_t NowEpochMillis();

// Monotonic nanoseconds, for measuring durations.
int64_t MonotonicNanos();

// "2026-11-22T05:49:28Z" for an epoch-seconds value.
std::string FormatIso8601(double epoch_seconds);

}  // namespace sluice
