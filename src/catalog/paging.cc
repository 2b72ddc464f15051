#include "catalog/paging.h"

#include "common/base64.h"

namespace sluice::catalog {

using nlohmann::json;

std::string MakeToken(std::string_view kind, const json& cursor) {
  json token = {{"k", kind}, {"c", cursor}};
  return Base64UrlEncode(token.dump(-1, ' ', false, json::error_handler_t::replace));
}

Result<json> ReadToken(std::string_view kind, const std::string& token) {
  auto bytes = Base64UrlDecode(token);
  if (bytes) {
    json doc = json::parse(*bytes, nullptr, false);
    if (doc.is_object() && doc.value("k", "") == kind && doc.contains("c")) return doc["c"];
  }
  return Status::InvalidInput(
      "Invalid NextToken: pass back exactly the NextToken of the previous "
      "response of the same operation");
}

}  // namespace sluice::catalog
