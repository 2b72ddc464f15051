#include "query/table_refs.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "query/text_util.h"

namespace sluice::query {

using nlohmann::json;

namespace {

constexpr uint64_t kNoLocation = 18446744073709551615ull;

std::string Str(const json& node, const char* key) {
  auto it = node.find(key);
  return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void SplitConjuncts(const json& expr, std::vector<json>& out) {
  if (!expr.is_object()) return;
  if (Str(expr, "type") == "CONJUNCTION_AND" && expr.contains("children")) {
    for (const json& child : expr["children"]) SplitConjuncts(child, out);
    return;
  }
  out.push_back(expr);
}

// Collects the BASE_TABLE nodes of a FROM clause (through joins, not into subqueries).
void FromTables(const json& from, std::vector<const json*>& out) {
  if (!from.is_object()) return;
  std::string type = Str(from, "type");
  if (type == "BASE_TABLE") {
    out.push_back(&from);
  } else if (type == "JOIN") {
    if (from.contains("left")) FromTables(from["left"], out);
    if (from.contains("right")) FromTables(from["right"], out);
  }
}

struct Walker {
  std::string_view sql;
  ParsedQuery result;
  Status status;

  void AddTable(const json& node, const std::vector<json>& conjuncts, bool alone) {
    TableRef ref;
    ref.catalog = Str(node, "catalog_name");
    ref.schema = Str(node, "schema_name");
    ref.table = Str(node, "table_name");
    ref.alias = Str(node, "alias");
    uint64_t location = node.value("query_location", kNoLocation);
    if (location >= sql.size()) {
      status = Status::Internal("the parser gave no position for table " + ref.table);
      return;
    }
    ref.begin = static_cast<size_t>(location);
    ref.end = ScanQualifiedName(sql, ref.begin);
    if (ref.end == ref.begin) {
      status = Status::Internal("cannot find the name of table " + ref.table + " at position " +
                                std::to_string(ref.begin));
      return;
    }
    ref.conjuncts = conjuncts;
    ref.alone_in_from = alone;
    result.tables.push_back(std::move(ref));
  }

  void Walk(const json& node) {
    if (node.is_array()) {
      for (const json& child : node) Walk(child);
      return;
    }
    if (!node.is_object()) return;
    std::string type = Str(node, "type");
    if (type == "SELECT_NODE") {
      std::vector<const json*> tables;
      if (node.contains("from_table")) FromTables(node["from_table"], tables);
      std::vector<json> conjuncts;
      if (node.contains("where_clause")) SplitConjuncts(node["where_clause"], conjuncts);
      for (const json* table : tables) AddTable(*table, conjuncts, tables.size() == 1);
    }
    if (node.contains("cte_map") && node["cte_map"].contains("map")) {
      for (const json& entry : node["cte_map"]["map"]) {
        if (entry.contains("key") && entry["key"].is_string()) {
          result.cte_names.insert(Lower(entry["key"].get<std::string>()));
        }
      }
    }
    for (const auto& [key, child] : node.items()) {
      if (type == "BASE_TABLE") continue;  // added by its SELECT_NODE
      if (child.is_structured()) Walk(child);
    }
  }
};

bool IdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IdentChar(char c) {
  return IdentStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

// The end of one identifier at `i`, or `i` when none starts there.
size_t ScanIdentifier(std::string_view sql, size_t i) {
  if (i >= sql.size()) return i;
  if (sql[i] == '"') {
    for (size_t j = i + 1; j < sql.size(); ++j) {
      if (sql[j] != '"') continue;
      if (j + 1 < sql.size() && sql[j + 1] == '"') {
        ++j;
        continue;
      }
      return j + 1;
    }
    return i;
  }
  if (!IdentStart(sql[i])) return i;
  size_t j = i + 1;
  while (j < sql.size() && IdentChar(sql[j])) ++j;
  return j;
}

size_t SkipSpace(std::string_view sql, size_t i) {
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  return i;
}

}  // namespace

size_t ScanQualifiedName(std::string_view sql, size_t begin) {
  size_t end = ScanIdentifier(sql, begin);
  if (end == begin) return begin;
  for (int parts = 1; parts < 3; ++parts) {
    size_t dot = SkipSpace(sql, end);
    if (dot >= sql.size() || sql[dot] != '.') break;
    size_t next = SkipSpace(sql, dot + 1);
    size_t after = ScanIdentifier(sql, next);
    if (after == next) break;
    end = after;
  }
  return end;
}

Result<ParsedQuery> ReadTableRefs(std::string_view serialized, std::string_view sql) {
  json doc = json::parse(serialized, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Status::Internal("json_serialize_sql returned no JSON object");
  if (doc.value("error", false)) {
    std::string message = Str(doc, "error_message");
    if (message.empty()) message = "the statement could not be parsed";
    return Status::InvalidInput(message);
  }
  if (!doc.contains("statements") || !doc["statements"].is_array() ||
      doc["statements"].size() != 1) {
    return Status::InvalidInput("submit exactly one statement per query");
  }
  Walker walker{sql, {}, Status::OK()};
  const json& top = doc["statements"][0];
  walker.Walk(top);
  if (top.contains("node") && Str(top["node"], "type") == "SELECT_NODE") {
    std::vector<std::string> names;
    bool star = false;
    const json& list = top["node"].value("select_list", json::array());
    for (size_t i = 0; i < list.size(); ++i) {
      std::string kind = Str(list[i], "class");
      if (kind == "STAR") star = true;
      bool named = !Str(list[i], "alias").empty() || kind == "COLUMN_REF";
      names.push_back(named ? "" : "_col" + std::to_string(i));
    }
    if (!star) walker.result.column_names = std::move(names);
  }
  RETURN_NOT_OK(walker.status);
  std::sort(walker.result.tables.begin(), walker.result.tables.end(),
            [](const TableRef& a, const TableRef& b) { return a.begin < b.begin; });
  return std::move(walker.result);
}

}  // namespace sluice::query
