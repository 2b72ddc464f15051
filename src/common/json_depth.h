// Guards against hostile JSON before it reaches a recursive parser or destructor.
#pragma once

#include <cstddef>
#include <string_view>

namespace sluice {

// Returns the maximum nesting depth of arrays/objects in `text`, ignoring brackets inside strings,
// stopping early once `limit` is exceeded (then returns limit + 1). Does not validate the JSON.
size_t JsonNestingDepth(std::string_view text, size_t limit);

}  // namespace sluice
