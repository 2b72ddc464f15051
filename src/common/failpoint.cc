#include "common/failpoint.h"

#include <cstdlib>
#include <string>

namespace sluice {

Status CheckFailpoint(std::string_view name) {
  static const std::string armed = [] {
    const char* value = std::getenv("SLUICE_FAILPOINTS");
    return value ? "," + std::string(value) + "," : std::string();
  }();
  if (armed.empty()) return Status::OK();
  if (armed.find("," + std::string(name) + ",") == std::string::npos) return Status::OK();
  return Status::Internal("failpoint " + std::string(name) + " (SLUICE_FAILPOINTS)");
}

}  // namespace sluice
