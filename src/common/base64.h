// Base64 (RFC 4648): the url alphabet without padding (§5, opaque pagination tokens) and the
// standard alphabet with padding (§4, Content-MD5, checksums, S3 continuation tokens); and the
// percent-encoding AWS uses in URIs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice {

std::string Base64UrlEncode(std::string_view bytes);

// Returns std::nullopt when `text` holds characters outside the alphabet or has an impossible
// length.
std::optional<std::string> Base64UrlDecode(std::string_view text);

std::string Base64Encode(std::string_view bytes);
// Accepts padding or none; std::nullopt for characters outside the alphabet.
std::optional<std::string> Base64Decode(std::string_view text);

// Percent-encodes every byte but the unreserved A-Z a-z 0-9 - _ . ~ (and '/' when
// `keep_slash`), uppercase hex, as SigV4 and S3's encoding-type=url expect.
std::string UriEncode(std::string_view text, bool keep_slash);

}  // namespace sluice
