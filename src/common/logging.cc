#include "common/logging.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include "common/time.h"

namespace sluice {
namespace {

LogLevel ConfiguredLevel() {
  static const LogLevel level = [] {
    const char* v = std::getenv("SLUICE_LOG");
    if (v == nullptr) return LogLevel::kInfo;
    if (std::strcmp(v, "debug") == 0) return LogLevel::kDebug;
    if (std::strcmp(v, "warn") == 0) return LogLevel::kWarn;
    if (std::strcmp(v, "error") == 0) return LogLevel::kError;
    return LogLevel::kInfo;
  }();
  return level;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarn:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
  }
  return "?";
}

}  // namespace

bool LogEnabled(LogLevel level) { return level >= ConfiguredLevel(); }

void Log(LogLevel level, std::string_view message) {
  if (!LogEnabled(level)) return;
  std::string line = FormatIso8601(NowEpochSeconds());
  line += ' ';
  line += LevelName(level);
  line += ' ';
  line += message;
  line += '\n';
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace sluice
