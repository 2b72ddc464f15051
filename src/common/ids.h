// Identifiers: request ids and run ids. Thread-safe (per-thread generators).
#pragma once

#include <string>

namespace sluice {

// A random RFC 4122 version-4 UUID, lowercase ("3f2b...-...."). Never fails.
std::string NewUuid();

}  // namespace sluice
