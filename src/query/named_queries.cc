#include "query/named_queries.h"

#include <optional>

#include "common/ids.h"
#include "common/time.h"
#include "query/workgroups.h"

namespace sluice::query {

using metastore::Row;
using metastore::Session;

namespace {

std::string Dump(const json& doc) {
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status NotFound(std::string_view id) {
  return Status::NotFound("NamedQuery " + std::string(id) + " is not found");
}

Result<std::optional<json>> TryLoad(Session& s, std::string_view id) {
  std::optional<json> doc;
  RETURN_NOT_OK(s.Query("SELECT body FROM athena_named_queries WHERE named_query_id = ?", {id},
                        [&](const Row& r) {
                          doc = json::parse(r.Text(0));
                          return false;
                        }));
  return doc;
}

// Two CreateNamedQuery calls ask for the same query when all but the generated id agree.
bool SameQuery(json a, json b) {
  a.erase("NamedQueryId");
  b.erase("NamedQueryId");
  return a == b;
}

}  // namespace

Result<std::string> NamedQueries::Create(const json& input) {
  json doc = {{"Name", input["Name"]},
              {"Database", input["Database"]},
              {"QueryString", input["QueryString"]},
              {"NamedQueryId", NewUuid()},
              {"WorkGroup", input.value("WorkGroup", std::string(kPrimaryWorkGroup))}};
  if (input.contains("Description")) doc["Description"] = input["Description"];
  std::string id = doc["NamedQueryId"].get<std::string>();
  std::string workgroup = doc["WorkGroup"].get<std::string>();
  std::optional<std::string> token;
  if (input.contains("ClientRequestToken")) token = input["ClientRequestToken"].get<std::string>();
  RETURN_NOT_OK(store_.Write([&](Session& s) -> Status {
    RETURN_NOT_OK(RequireWorkGroup(s, workgroup));
    if (token) {
      std::optional<json> earlier;
      RETURN_NOT_OK(s.Query("SELECT body FROM athena_named_queries WHERE client_request_token = ?",
                            {std::string_view(*token)}, [&](const Row& r) {
                              earlier = json::parse(r.Text(0));
                              return false;
                            }));
      if (earlier) {
        if (!SameQuery(*earlier, doc)) {
          return Status::InvalidInput("ClientRequestToken " + *token +
                                      " was already used to create a different named query: "
                                      "send a new token for a new query");
        }
        id = (*earlier)["NamedQueryId"].get<std::string>();
        return Status::OK();
      }
    }
    std::string body = Dump(doc);
    metastore::SqlArg token_arg = nullptr;
    if (token) token_arg = std::string_view(*token);
    return s.Execute(
        "INSERT INTO athena_named_queries (named_query_id, workgroup, created_ms, "
        "client_request_token, body) VALUES (?, ?, ?, ?, ?)",
        {std::string_view(id), std::string_view(workgroup), NowEpochMillis(), token_arg,
         std::string_view(body)});
  }));
  return id;
}

Result<json> NamedQueries::Get(std::string_view id) {
  std::optional<json> doc;
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(doc, TryLoad(s, id));
    return Status::OK();
  }));
  if (!doc) return NotFound(id);
  return std::move(*doc);
}

Result<catalog::Page> NamedQueries::List(std::string_view workgroup,
                                         const catalog::PageRequest& page) {
  // Oldest first: the cursor is (created_ms, named_query_id) of the last id returned.
  int64_t after_ms = INT64_MIN;
  std::string after_id;
  if (page.next_token) {
    ASSIGN_OR_RETURN(json cursor, catalog::ReadToken("named-queries", *page.next_token));
    if (!cursor.is_array() || cursor.size() != 2 || !cursor[0].is_number_integer() ||
        !cursor[1].is_string()) {
      return Status::InvalidInput("Invalid NextToken");
    }
    after_ms = cursor[0].get<int64_t>();
    after_id = cursor[1].get<std::string>();
  }
  catalog::PageFiller out("named-queries", page.max_results);
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    RETURN_NOT_OK(RequireWorkGroup(s, workgroup));
    return s.Query(
        "SELECT created_ms, named_query_id FROM athena_named_queries WHERE workgroup = ? AND "
        "(created_ms > ? OR (created_ms = ? AND named_query_id > ?)) "
        "ORDER BY created_ms, named_query_id LIMIT ?",
        {workgroup, after_ms, after_ms, std::string_view(after_id), int64_t{page.max_results} + 1},
        [&](const Row& r) {
          std::string id(r.Text(1));
          return out.Offer(json::array({r.Int(0), id}), json(id).dump());
        });
  }));
  return out.Finish();
}

Result<NamedQueries::Batch> NamedQueries::BatchGet(const std::vector<std::string>& ids) {
  Batch batch;
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    for (const std::string& id : ids) {
      ASSIGN_OR_RETURN(std::optional<json> doc, TryLoad(s, id));
      if (doc) {
        batch.named_queries.push_back(std::move(*doc));
      } else {
        batch.unprocessed.push_back({{"NamedQueryId", id},
                                     {"ErrorCode", "INVALID_INPUT"},
                                     {"ErrorMessage", NotFound(id).message()}});
      }
    }
    return Status::OK();
  }));
  return batch;
}

Status NamedQueries::Delete(std::string_view id) {
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(std::optional<json> doc, TryLoad(s, id));
    if (!doc) return NotFound(id);
    return s.Execute("DELETE FROM athena_named_queries WHERE named_query_id = ?", {id});
  });
}

}  // namespace sluice::query
