#include "crawler/classifier_registry.h"

#include "common/time.h"

namespace sluice::crawler {

using metastore::Row;
using metastore::Session;
using nlohmann::json;

namespace {

constexpr const char* kKinds[] = {"CsvClassifier", "GrokClassifier", "JsonClassifier",
                                  "XMLClassifier"};

std::string Dump(const json& doc) {
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The one kind present in a Create/UpdateClassifier input.
Result<std::string> KindOf(const json& input, const char* op) {
  std::string kind;
  for (const char* k : kKinds) {
    if (!input.contains(k)) continue;
    if (!kind.empty()) {
      return Status::InvalidInput(std::string(op) +
                                  " takes exactly one of CsvClassifier, "
                                  "GrokClassifier, JsonClassifier, XMLClassifier");
    }
    kind = k;
  }
  if (kind.empty()) {
    return Status::InvalidInput(std::string(op) +
                                " needs one of CsvClassifier, GrokClassifier, "
                                "JsonClassifier, XMLClassifier");
  }
  return kind;
}

Status Check(const std::string& kind, const json& c) {
  if (kind == "CsvClassifier") {
    if (c.contains("Delimiter") && c.contains("QuoteSymbol") &&
        c["Delimiter"] == c["QuoteSymbol"]) {
      return Status::InvalidInput("CsvClassifier: Delimiter and QuoteSymbol must differ");
    }
  }
  if (kind == "JsonClassifier") {
    std::string path = c.value("JsonPath", "");
    if (path.empty() || path[0] != '$') {
      return Status::InvalidInput(
          "JsonClassifier: JsonPath must start with '$', e.g. $[*] or "
          "$.records[*]");
    }
  }
  return Status::OK();
}

Result<json> Load(Session& s, std::string_view name) {
  std::optional<json> doc;
  RETURN_NOT_OK(
      s.Query("SELECT body FROM crawler_classifiers WHERE name = ?", {name}, [&](const Row& r) {
        doc = json::parse(r.Text(0));
        return false;
      }));
  if (!doc) return Status::NotFound("Classifier " + std::string(name) + " not found");
  return std::move(*doc);
}

}  // namespace

Status ClassifierRegistry::Create(const json& input) {
  ASSIGN_OR_RETURN(std::string kind, KindOf(input, "CreateClassifier"));
  json c = input[kind];
  RETURN_NOT_OK(Check(kind, c));
  std::string name = c["Name"].get<std::string>();
  double now = NowEpochSeconds();
  c["CreationTime"] = now;
  c["LastUpdated"] = now;
  c["Version"] = 1;
  std::string body = Dump(json{{kind, c}});
  Status st = store_.Write([&](Session& s) {
    return s.Execute("INSERT INTO crawler_classifiers (name, body) VALUES (?, ?)",
                     {std::string_view(name), std::string_view(body)});
  });
  if (st.code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists("Classifier " + name + " already exists");
  }
  return st;
}

Result<json> ClassifierRegistry::Get(std::string_view name) {
  json doc;
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(doc, Load(s, name));
    return Status::OK();
  }));
  return doc;
}

Result<catalog::Page> ClassifierRegistry::List(const catalog::PageRequest& page) {
  std::string after;
  if (page.next_token) {
    ASSIGN_OR_RETURN(json cursor, catalog::ReadToken("classifiers", *page.next_token));
    after = cursor.get<std::string>();
  }
  catalog::PageFiller out("classifiers", page.max_results);
  RETURN_NOT_OK(store_.Read([&](Session& s) {
    return s.Query(
        "SELECT name, body FROM crawler_classifiers WHERE name > ? ORDER BY name LIMIT ?",
        {std::string_view(after), int64_t{page.max_results} + 1},
        [&](const Row& r) { return out.Offer(std::string(r.Text(0)), r.Text(1)); });
  }));
  return out.Finish();
}

Status ClassifierRegistry::Update(const json& input) {
  ASSIGN_OR_RETURN(std::string kind, KindOf(input, "UpdateClassifier"));
  const json& changes = input[kind];
  std::string name = changes["Name"].get<std::string>();
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(json doc, Load(s, name));
    if (!doc.contains(kind)) {
      return Status::InvalidInput("Classifier " + name + " is a " + doc.begin().key() + ", not a " +
                                  kind + ": delete and recreate it to change kind");
    }
    json& c = doc[kind];
    for (const auto& [k, v] : changes.items()) c[k] = v;
    RETURN_NOT_OK(Check(kind, c));
    c["LastUpdated"] = NowEpochSeconds();
    c["Version"] = c.value("Version", 1) + 1;
    std::string body = Dump(doc);
    return s.Execute("UPDATE crawler_classifiers SET body = ? WHERE name = ?",
                     {std::string_view(body), std::string_view(name)});
  });
}

Status ClassifierRegistry::Delete(std::string_view name) {
  return store_.Write([&](Session& s) -> Status {
    RETURN_NOT_OK(Load(s, name).status());
    std::string user;
    RETURN_NOT_OK(s.Query("SELECT name, body FROM crawler_definitions", {}, [&](const Row& r) {
      json crawler = json::parse(r.Text(1));
      for (const auto& c : crawler.value("Classifiers", json::array())) {
        if (c == name) {
          user = std::string(r.Text(0));
          return false;
        }
      }
      return true;
    }));
    if (!user.empty()) {
      return Status::InvalidInput("Classifier " + std::string(name) + " is used by crawler " +
                                  user + ": remove it from the crawler's Classifiers first");
    }
    return s.Execute("DELETE FROM crawler_classifiers WHERE name = ?", {name});
  });
}

}  // namespace sluice::crawler
