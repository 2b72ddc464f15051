#include "query/partition_pruning.h"

#include <cctype>

#include "query/text_util.h"

namespace sluice::query {

using nlohmann::json;

namespace {

std::string Type(const json& node) { return node.value("type", std::string()); }

// The partition key a COLUMN_REF names in this scope, or nullopt.
std::optional<std::string> KeyOf(const json& node, const PruneScope& scope) {
  if (Type(node) != "COLUMN_REF" || !node.contains("column_names")) return std::nullopt;
  const json& names = node["column_names"];
  if (!names.is_array() || names.empty() || names.size() > 2) return std::nullopt;
  if (names.size() == 2 && Lower(names[0].get<std::string>()) != Lower(scope.qualifier)) {
    return std::nullopt;
  }
  if (names.size() == 1 && !scope.allow_unqualified) return std::nullopt;
  std::string key = Lower(names.back().get<std::string>());
  if (!scope.keys.count(key)) return std::nullopt;
  return key;
}

bool IsIntegerKey(const std::string& glue_type) {
  return glue_type == "tinyint" || glue_type == "smallint" || glue_type == "int" ||
         glue_type == "integer" || glue_type == "bigint";
}

bool IsStringKey(const std::string& glue_type) {
  return glue_type == "string" || glue_type.rfind("varchar", 0) == 0 ||
         glue_type.rfind("char", 0) == 0;
}

// A constant as a Glue literal of the key's type: strings for string/date/timestamp keys,
// integers (or digit strings) for integer keys. nullopt otherwise.
std::optional<std::string> Literal(const json& node, const std::string& key_type) {
  if (Type(node) != "VALUE_CONSTANT" || !node.contains("value")) return std::nullopt;
  const json& value = node["value"];
  if (value.value("is_null", false) || !value.contains("value")) return std::nullopt;
  std::string id = value.contains("type") ? value["type"].value("id", std::string()) : "";
  const json& v = value["value"];
  if (id == "VARCHAR" && v.is_string()) {
    if (IsIntegerKey(key_type)) {
      const std::string& s = v.get_ref<const std::string&>();
      if (s.empty() || s.size() > 18) return std::nullopt;
      for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      }
      return s;
    }
    if (!IsStringKey(key_type) && key_type != "date" && key_type != "timestamp") {
      return std::nullopt;
    }
    std::string out = "'";
    for (char c : v.get_ref<const std::string&>()) {
      if (c == '\'') out += '\'';
      out += c;
    }
    return out + "'";
  }
  if ((id == "INTEGER" || id == "BIGINT" || id == "SMALLINT" || id == "TINYINT") &&
      v.is_number_integer() && IsIntegerKey(key_type)) {
    return std::to_string(v.get<int64_t>());
  }
  return std::nullopt;
}

std::string Quoted(const std::string& key) { return "`" + key + "`"; }

std::optional<std::string> Comparison(const json& expr, const PruneScope& scope) {
  static const std::map<std::string, std::pair<std::string, std::string>> kOps = {
      {"COMPARE_EQUAL", {"=", "="}},
      {"COMPARE_NOTEQUAL", {"<>", "<>"}},
      {"COMPARE_LESSTHAN", {"<", ">"}},
      {"COMPARE_GREATERTHAN", {">", "<"}},
      {"COMPARE_LESSTHANOREQUALTO", {"<=", ">="}},
      {"COMPARE_GREATERTHANOREQUALTO", {">=", "<="}},
  };
  auto op = kOps.find(Type(expr));
  if (op == kOps.end() || !expr.contains("left") || !expr.contains("right")) return std::nullopt;
  const json* column = &expr["left"];
  const json* constant = &expr["right"];
  std::string symbol = op->second.first;
  if (!KeyOf(*column, scope)) {
    std::swap(column, constant);
    symbol = op->second.second;
  }
  auto key = KeyOf(*column, scope);
  if (!key) return std::nullopt;
  auto literal = Literal(*constant, scope.keys.at(*key));
  if (!literal) return std::nullopt;
  return Quoted(*key) + " " + symbol + " " + *literal;
}

std::optional<std::string> InList(const json& expr, const PruneScope& scope) {
  const json& children = expr["children"];
  if (!children.is_array() || children.size() < 2) return std::nullopt;
  auto key = KeyOf(children[0], scope);
  if (!key) return std::nullopt;
  std::string list;
  for (size_t i = 1; i < children.size(); ++i) {
    auto literal = Literal(children[i], scope.keys.at(*key));
    if (!literal) return std::nullopt;
    list += (i > 1 ? ", " : "") + *literal;
  }
  bool negated = Type(expr) == "COMPARE_NOT_IN";
  return Quoted(*key) + (negated ? " NOT IN (" : " IN (") + list + ")";
}

std::optional<std::string> Between(const json& expr, const PruneScope& scope) {
  if (!expr.contains("input") || !expr.contains("lower") || !expr.contains("upper")) {
    return std::nullopt;
  }
  auto key = KeyOf(expr["input"], scope);
  if (!key) return std::nullopt;
  auto lower = Literal(expr["lower"], scope.keys.at(*key));
  auto upper = Literal(expr["upper"], scope.keys.at(*key));
  if (!lower || !upper) return std::nullopt;
  return Quoted(*key) + " BETWEEN " + *lower + " AND " + *upper;
}

// `exact`: the translation must select exactly the rows the term does (under a NOT); otherwise it
// may select more (an AND may then drop the terms it cannot translate).
std::optional<std::string> Translate(const json& expr, const PruneScope& scope, bool exact) {
  if (!expr.is_object()) return std::nullopt;
  std::string type = Type(expr);
  if (type == "CONJUNCTION_AND" || type == "CONJUNCTION_OR") {
    if (!expr.contains("children") || !expr["children"].is_array()) return std::nullopt;
    std::string joined;
    for (const json& child : expr["children"]) {
      auto part = Translate(child, scope, exact);
      if (!part) {
        if (type == "CONJUNCTION_OR" || exact) return std::nullopt;  // an OR needs every branch
        continue;                                                    // an AND may drop a term
      }
      joined += (joined.empty() ? "(" : (type == "CONJUNCTION_OR" ? " OR " : " AND ")) + *part;
    }
    if (joined.empty()) return std::nullopt;
    return joined + ")";
  }
  if (type == "OPERATOR_NOT") {
    // NOT over a partial translation would prune wrongly: the inside must be exact.
    if (!expr.contains("children") || expr["children"].size() != 1) return std::nullopt;
    auto inner = Translate(expr["children"][0], scope, /*exact=*/true);
    if (!inner) return std::nullopt;
    return "NOT (" + *inner + ")";
  }
  if (type == "COMPARE_IN" || type == "COMPARE_NOT_IN") {
    if (!expr.contains("children")) return std::nullopt;
    return InList(expr, scope);
  }
  if (type == "COMPARE_BETWEEN") return Between(expr, scope);
  if (type == "OPERATOR_IS_NULL" || type == "OPERATOR_IS_NOT_NULL") {
    if (!expr.contains("children") || expr["children"].size() != 1) return std::nullopt;
    auto key = KeyOf(expr["children"][0], scope);
    if (!key) return std::nullopt;
    return Quoted(*key) + (type == "OPERATOR_IS_NULL" ? " IS NULL" : " IS NOT NULL");
  }
  return Comparison(expr, scope);
}

}  // namespace

std::optional<std::string> PartitionExpression(const json& expr, const PruneScope& scope) {
  return Translate(expr, scope, /*exact=*/false);
}

std::string PruningExpression(const TableRef& ref, const PruneScope& scope) {
  std::string out;
  for (const json& term : ref.conjuncts) {
    auto part = PartitionExpression(term, scope);
    if (!part) continue;
    out += (out.empty() ? "" : " AND ") + *part;
  }
  return out;
}

}  // namespace sluice::query
