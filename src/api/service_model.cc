#include "api/service_model.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <regex>

namespace sluice::api {

using nlohmann::json;

// The two "printable text" patterns of the AWS models are written with Java \u escapes and
// surrogate ranges; they are checked by code-point class instead of a regex engine.
enum class PatternKind { kNone, kSingleLine, kMultiLine, kRegex, kUnchecked };

struct ServiceModel::Shape {
  std::string name;
  std::string type;
  std::vector<std::pair<std::string, std::string>> member_names;  // member → shape name
  std::vector<std::pair<std::string, const Shape*>> members;
  std::vector<std::string> required;
  std::string element_name, key_name, value_name;
  const Shape* element = nullptr;
  const Shape* key = nullptr;
  const Shape* value = nullptr;
  std::optional<double> min, max;
  std::vector<std::string> enum_values;
  PatternKind pattern_kind = PatternKind::kNone;
  std::string pattern;
  std::regex regex;
};

namespace {

// Decodes UTF-8 code points; returns false on invalid UTF-8.
bool ForEachCodePoint(std::string_view s, const auto& fn) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp;
    size_t n;
    if (c < 0x80) {
      cp = c;
      n = 1;
    } else if ((c >> 5) == 0x6) {
      cp = c & 0x1f;
      n = 2;
    } else if ((c >> 4) == 0xe) {
      cp = c & 0x0f;
      n = 3;
    } else if ((c >> 3) == 0x1e) {
      cp = c & 0x07;
      n = 4;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    if (!fn(cp)) return false;
    i += n;
  }
  return true;
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

bool PrintableCodePoint(uint32_t cp, bool multi_line) {
  if (cp == '\t') return true;
  if (multi_line && (cp == '\r' || cp == '\n')) return true;
  return (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

std::string Quote(std::string_view s) {
  std::string out = "'";
  out += s.size() > 64 ? std::string(s.substr(0, 61)) + "..." : std::string(s);
  out += "'";
  return out;
}

std::string FormatNumber(double v) {
  if (v == static_cast<double>(static_cast<long long>(v)))
    return std::to_string(static_cast<long long>(v));
  return std::to_string(v);
}

Status Violation(const std::string& path, const std::string& constraint) {
  return Status::InvalidInput("Value at '" + path +
                              "' failed to satisfy constraint: " + constraint);
}

Status Validate(const ServiceModel::Shape& shape, const json& v, const std::string& path);

Status ValidateString(const ServiceModel::Shape& shape, const json& v, const std::string& path) {
  if (!v.is_string()) return Violation(path, "Member must be a string");
  const std::string& s = v.get_ref<const std::string&>();
  if (shape.min || shape.max) {
    double len = static_cast<double>(CodePointCount(s));
    if (shape.min && len < *shape.min) {
      return Violation(
          path, "Member must have length greater than or equal to " + FormatNumber(*shape.min));
    }
    if (shape.max && len > *shape.max) {
      return Violation(path,
                       "Member must have length less than or equal to " + FormatNumber(*shape.max));
    }
  }
  if (!shape.enum_values.empty()) {
    bool found = false;
    for (const auto& e : shape.enum_values) found = found || e == s;
    if (!found) {
      std::string list;
      for (const auto& e : shape.enum_values) list += (list.empty() ? "" : ", ") + e;
      return Violation(path,
                       "Member must satisfy enum value set: [" + list + "] (got " + Quote(s) + ")");
    }
  }
  switch (shape.pattern_kind) {
    case PatternKind::kSingleLine:
    case PatternKind::kMultiLine: {
      bool multi = shape.pattern_kind == PatternKind::kMultiLine;
      if (!ForEachCodePoint(s, [&](uint32_t cp) { return PrintableCodePoint(cp, multi); })) {
        return Violation(path, multi ? "Member must not contain control characters"
                                     : "Member must be a single line without control characters");
      }
      break;
    }
    case PatternKind::kRegex:
      if (!std::regex_match(s, shape.regex)) {
        return Violation(path, "Member must satisfy regular expression pattern: " + shape.pattern);
      }
      break;
    case PatternKind::kNone:
    case PatternKind::kUnchecked:
      break;
  }
  return Status::OK();
}

Status ValidateNumber(const ServiceModel::Shape& shape, const json& v, const std::string& path) {
  bool integral = shape.type == "integer" || shape.type == "long";
  if (integral ? !v.is_number_integer() : !v.is_number()) {
    return Violation(path, integral ? "Member must be an integer" : "Member must be a number");
  }
  double d = v.get<double>();
  if (shape.min && d < *shape.min) {
    return Violation(path,
                     "Member must have value greater than or equal to " + FormatNumber(*shape.min));
  }
  if (shape.max && d > *shape.max) {
    return Violation(path,
                     "Member must have value less than or equal to " + FormatNumber(*shape.max));
  }
  return Status::OK();
}

Status ValidateStructure(const ServiceModel::Shape& shape, const json& v, const std::string& path) {
  if (!v.is_object()) return Violation(path.empty() ? "request" : path, "Member must be an object");
  for (const std::string& r : shape.required) {
    auto it = v.find(r);
    if (it == v.end() || it->is_null()) {
      return Status::InvalidInput("Missing required member '" +
                                  (path.empty() ? r : path + "." + r) + "'");
    }
  }
  for (const auto& [name, member] : shape.members) {
    auto it = v.find(name);
    if (it == v.end() || it->is_null()) continue;
    RETURN_NOT_OK(Validate(*member, *it, path.empty() ? name : path + "." + name));
  }
  return Status::OK();
}

Status ValidateCount(const ServiceModel::Shape& shape, size_t n, const std::string& path) {
  if (shape.min && static_cast<double>(n) < *shape.min) {
    return Violation(
        path, "Member must have length greater than or equal to " + FormatNumber(*shape.min));
  }
  if (shape.max && static_cast<double>(n) > *shape.max) {
    return Violation(path,
                     "Member must have length less than or equal to " + FormatNumber(*shape.max));
  }
  return Status::OK();
}

Status Validate(const ServiceModel::Shape& shape, const json& v, const std::string& path) {
  const std::string& t = shape.type;
  if (t == "structure") return ValidateStructure(shape, v, path);
  if (t == "string") return ValidateString(shape, v, path);
  if (t == "integer" || t == "long" || t == "double" || t == "float") {
    return ValidateNumber(shape, v, path);
  }
  if (t == "boolean")
    return v.is_boolean() ? Status::OK() : Violation(path, "Member must be a boolean");
  if (t == "timestamp") {
    return v.is_number() || v.is_string()
               ? Status::OK()
               : Violation(path, "Member must be a timestamp (epoch seconds)");
  }
  if (t == "blob")
    return v.is_string() ? Status::OK() : Violation(path, "Member must be base64 text");
  if (t == "list") {
    if (!v.is_array()) return Violation(path, "Member must be a list");
    RETURN_NOT_OK(ValidateCount(shape, v.size(), path));
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i].is_null())
        return Violation(path + "[" + std::to_string(i) + "]", "Member must not be null");
      RETURN_NOT_OK(Validate(*shape.element, v[i], path + "[" + std::to_string(i) + "]"));
    }
    return Status::OK();
  }
  if (t == "map") {
    if (!v.is_object()) return Violation(path, "Member must be a map");
    RETURN_NOT_OK(ValidateCount(shape, v.size(), path));
    for (const auto& [k, item] : v.items()) {
      RETURN_NOT_OK(Validate(*shape.key, json(k), path + " key " + Quote(k)));
      if (item.is_null()) return Violation(path + "." + k, "Member must not be null");
      RETURN_NOT_OK(Validate(*shape.value, item, path + "." + k));
    }
    return Status::OK();
  }
  return Status::OK();
}

PatternKind ClassifyPattern(const std::string& p) {
  if (p.empty()) return PatternKind::kNone;
  if (p.find("\\uD7FF") != std::string::npos) {
    return p.find("\\r\\n") != std::string::npos ? PatternKind::kMultiLine
                                                 : PatternKind::kSingleLine;
  }
  if (p.find("\\p{") != std::string::npos || p.find("\\u") != std::string::npos) {
    return PatternKind::kUnchecked;
  }
  return PatternKind::kRegex;
}

}  // namespace

ServiceModel::ServiceModel() = default;
ServiceModel::~ServiceModel() = default;

Result<std::unique_ptr<ServiceModel>> ServiceModel::Load(std::string_view model_json) {
  std::unique_ptr<ServiceModel> model(new ServiceModel());
  try {
    json doc = json::parse(model_json);
    for (const auto& [name, s] : doc.at("shapes").items()) {
      auto shape = std::make_unique<Shape>();
      shape->name = name;
      shape->type = s.at("type").get<std::string>();
      if (s.contains("members")) {
        for (const auto& [m, ref] : s["members"].items()) {
          shape->member_names.emplace_back(m, ref.at("shape").get<std::string>());
        }
      }
      if (s.contains("required")) shape->required = s["required"].get<std::vector<std::string>>();
      if (s.contains("member")) shape->element_name = s["member"]["shape"].get<std::string>();
      if (s.contains("key")) shape->key_name = s["key"]["shape"].get<std::string>();
      if (s.contains("value")) shape->value_name = s["value"]["shape"].get<std::string>();
      if (s.contains("min")) shape->min = s["min"].get<double>();
      if (s.contains("max")) shape->max = s["max"].get<double>();
      if (s.contains("enum")) shape->enum_values = s["enum"].get<std::vector<std::string>>();
      if (s.contains("pattern")) {
        shape->pattern = s["pattern"].get<std::string>();
        shape->pattern_kind = ClassifyPattern(shape->pattern);
        if (shape->pattern_kind == PatternKind::kRegex) {
          shape->regex = std::regex(shape->pattern, std::regex::ECMAScript | std::regex::optimize);
        }
      }
      model->shapes_.emplace(name, std::move(shape));
    }
    model->Link();
    for (const auto& [op, o] : doc.at("operations").items()) {
      const Shape* input = nullptr;
      if (o.contains("input")) input = model->shapes_.at(o["input"].get<std::string>()).get();
      model->operation_inputs_.emplace(op, input);
    }
  } catch (const std::exception& e) {
    return Status::Internal(std::string("cannot load the embedded API model: ") + e.what());
  }
  return model;
}

void ServiceModel::Link() {
  auto find = [&](const std::string& n) -> const Shape* {
    if (n.empty()) return nullptr;
    return shapes_.at(n).get();
  };
  for (auto& [name, shape] : shapes_) {
    for (const auto& [m, target] : shape->member_names)
      shape->members.emplace_back(m, find(target));
    shape->element = find(shape->element_name);
    shape->key = find(shape->key_name);
    shape->value = find(shape->value_name);
  }
}

bool ServiceModel::HasOperation(std::string_view operation) const {
  return operation_inputs_.count(std::string(operation)) > 0;
}

Status ServiceModel::ValidateInput(std::string_view operation, const json& input) const {
  auto it = operation_inputs_.find(std::string(operation));
  if (it == operation_inputs_.end()) {
    return Status::UnknownOperation("Unknown operation " + std::string(operation));
  }
  if (it->second == nullptr) return Status::OK();
  return Validate(*it->second, input, "");
}

}  // namespace sluice::api
