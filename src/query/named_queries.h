// NamedQueries: Athena's saved queries (botocore shape NamedQuery), kept in the metastore as their
// NamedQuery documents, each in a workgroup ("primary" when none is named).
//
// CreateNamedQuery is idempotent by ClientRequestToken: the same token with the same query returns
// the first call's NamedQueryId; with a different query it is InvalidInput.
// Errors (all InvalidRequestException on the wire): NotFound for a missing named query or
// workgroup, InvalidInput for a reused token or a bad NextToken. Thread-safe (the metastore
// serializes writers).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/paging.h"
#include "metastore/metastore.h"

namespace sluice::query {

using nlohmann::json;

class NamedQueries {
 public:
  explicit NamedQueries(metastore::Metastore& store) : store_(store) {}

  // CreateNamedQuery input (already validated against the model). Returns the NamedQueryId.
  Result<std::string> Create(const json& input);
  // The NamedQuery document.
  Result<json> Get(std::string_view id);
  // The NamedQueryIds (JSON strings) of one workgroup, oldest first.
  Result<catalog::Page> List(std::string_view workgroup, const catalog::PageRequest& page);
  // BatchGetNamedQuery: the NamedQuery documents found, in request order, and an
  // UnprocessedNamedQueryId document for each id that is not.
  struct Batch {
    std::vector<json> named_queries;
    std::vector<json> unprocessed;
  };
  Result<Batch> BatchGet(const std::vector<std::string>& ids);
  Status Delete(std::string_view id);

 private:
  metastore::Metastore& store_;
};

}  // namespace sluice::query
