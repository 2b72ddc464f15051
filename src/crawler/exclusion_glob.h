// Glue's exclusion globs, matched against a key relative to the crawl's include path:
//   *  any characters within one folder level      **  any characters across levels
//   ?  one character (not '/')                      [abc] [a-z] [!a-c]  one character of a set
//   {a,b}  one of the alternatives (not nested)     \x  the character x
// A leading '.' is ordinary ('*' matches ".hidden"). Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"

namespace sluice::crawler {

bool GlobMatches(std::string_view pattern, std::string_view path);

// InvalidInput for an unterminated '[' or '{', a nested '{', or a trailing '\'.
Status ValidateGlob(std::string_view pattern);

}  // namespace sluice::crawler
