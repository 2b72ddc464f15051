// Error messages as a query's user should read them: DuckDB's text without the rewritten
// statement Sluice ran (its positions point into text the user never wrote), without DuckDB's
// advice about reader options Sluice sets itself, and with storage URIs instead of local paths.
#pragma once

#include <string>

#include "query/scan_files.h"

namespace sluice::query {

// `files` may be null.
std::string UserFacingError(std::string message, const ScanFiles* files);

// True for errors that a lenient read (unconvertible values as NULL) avoids.
bool IsConversionError(const std::string& message);

}  // namespace sluice::query
