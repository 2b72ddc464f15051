// Base64url without padding (RFC 4648 §5), used for opaque pagination tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice {

std::string Base64UrlEncode(std::string_view bytes);

// Returns std::nullopt when `text` holds characters outside the alphabet or has an impossible
// length.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace sluice
