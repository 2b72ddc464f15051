// Pagination shared by every list operation backed by the metastore (catalog entities,
// crawlers, classifiers, ...): a page request, a page of JSON documents, opaque tokens and the
// filler that builds a page in key order. Thread-compatible value types; pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace sluice::catalog {

// A page request: MaxResults (already range-checked by the model) and an opaque token.
struct PageRequest {
  int max_results = 100;
  std::optional<std::string> next_token;
};

// A page of JSON documents (each the text of one item) and the token for the next page.
struct Page {
  std::vector<std::string> items;
  std::optional<std::string> next_token;
  // Rows read from the metastore to build the page (GetPartitions: candidates from the index
  // ranges). Shows that a filter was answered by index, not by reading the whole table.
  size_t rows_examined = 0;
};

// Tokens: opaque base64url JSON {"k": kind, "c": cursor}. Decode errors, and tokens of another
// kind, are InvalidInput ("Invalid NextToken ...").
std::string MakeToken(std::string_view kind, const nlohmann::json& cursor);
Result<nlohmann::json> ReadToken(std::string_view kind, const std::string& token);

// Fills a page in key order: Offer() items until it returns false (the page is full and one
// more item exists), then Finish() adds a token holding the last key returned.
class PageFiller {
 public:
  PageFiller(std::string_view kind, int max_results) : kind_(kind), max_(max_results) {}
  bool Offer(nlohmann::json key, std::string_view item) {
    if (static_cast<int>(page_.items.size()) == max_) {
      more_ = true;
      return false;
    }
    last_ = std::move(key);
    page_.items.emplace_back(item);
    return true;
  }
  Page Finish() {
    if (more_) page_.next_token = MakeToken(kind_, last_);
    return std::move(page_);
  }

 private:
  std::string_view kind_;
  int max_;
  Page page_;
  nlohmann::json last_;
  bool more_ = false;
};

}  // namespace sluice::catalog
