#include "api/sigv4.h"

#include <vector>

namespace sluice::api {

std::optional<SigV4Credential> ParseSigV4Authorization(std::string_view header) {
  constexpr std::string_view kScheme = "AWS4-HMAC-SHA256";
  if (header.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  size_t pos = header.find("Credential=");
  if (pos == std::string_view::npos) return std::nullopt;
  std::string_view scope = header.substr(pos + 11);
  size_t end = scope.find_first_of(", ");
  if (end != std::string_view::npos) scope = scope.substr(0, end);
  std::vector<std::string_view> parts;
  while (true) {
    size_t slash = scope.find('/');
    parts.push_back(scope.substr(0, slash));
    if (slash == std::string_view::npos) break;
    scope.remove_prefix(slash + 1);
  }
  if (parts.size() != 5 || parts[0].empty() || parts[4] != "aws4_request") return std::nullopt;
  return SigV4Credential{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]),
                         std::string(parts[3])};
}

}  // namespace sluice::api
