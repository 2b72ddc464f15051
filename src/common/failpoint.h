// Failpoints: named places where a test can make Sluice fail on purpose, to show that a failure
// at that instant leaves nothing half-done. Armed by the SLUICE_FAILPOINTS environment variable
// (comma-separated names) read once at first use; unarmed, a check costs one string search.
#pragma once

#include <string_view>

#include "common/status.h"

namespace sluice {

// Internal("failpoint <name>") when `name` is armed, OK otherwise. Thread-safe.
Status CheckFailpoint(std::string_view name);

}  // namespace sluice
