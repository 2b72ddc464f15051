#include "formats/xml_inference.h"

#include <algorithm>
#include <pugixml.hpp>
#include <unordered_map>
#include <utility>

#include "formats/column_name.h"
#include "formats/type_lattice.h"

namespace sluice::formats {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kAttributePrefix = "_";
constexpr std::string_view kValueField = "_VALUE";

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view TrimXmlSpace(std::string_view text) {
  while (!text.empty() && IsXmlSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsXmlSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool IsValidRowTag(std::string_view tag) {
  if (tag.empty()) return true;  // choose one
  const char first = tag.front();
  if ((first >= '0' && first <= '9') || first == '-' || first == '.') return false;
  return std::none_of(tag.begin(), tag.end(), [](char c) {
    return IsXmlSpace(c) || std::string_view("<>/\"'=&!?").find(c) != std::string_view::npos;
  });
}

// Walks the tags of a possibly truncated XML text and finds the end of the last complete row:
// an element named `row_tag` with no row-tag ancestor, or with an empty row_tag, an element that
// closes back to depth 1 (a child of the root). Stops at the first construct cut by the end.
class XmlCutFinder {
 public:
  explicit XmlCutFinder(std::string_view row_tag) : row_tag_(row_tag) {}

  // Returns the offset just past the last complete row, or npos when there is none. `open`
  // receives the elements open at that point, outermost first.
  size_t Find(std::string_view text, std::vector<std::string>& open) {
    const size_t cut = Scan(text);
    open.clear();
    if (cut == std::string_view::npos) return cut;
    Scan(text.substr(0, cut));
    for (std::string_view name : stack_) open.emplace_back(name);
    return cut;
  }

 private:
  static std::string_view NameAt(std::string_view text, size_t pos) {
    size_t end = pos;
    while (end < text.size() && !IsXmlSpace(text[end]) && text[end] != '/' && text[end] != '>') {
      ++end;
    }
    return text.substr(pos, end - pos);
  }

  // The offset of the '>' closing the tag that starts at `lt`, skipping quoted attribute values.
  static size_t TagEnd(std::string_view text, size_t lt) {
    char quote = 0;
    for (size_t i = lt + 1; i < text.size(); ++i) {
      const char c = text[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return i;
      }
    }
    return std::string_view::npos;
  }

  // The offset of the '>' ending "<!DOCTYPE ... [ internal subset ]>".
  static size_t DoctypeEnd(std::string_view text, size_t lt) {
    char quote = 0;
    int brackets = 0;
    for (size_t i = lt + 2; i < text.size(); ++i) {
      const char c = text[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        ++brackets;
      } else if (c == ']') {
        --brackets;
      } else if (c == '>' && brackets <= 0) {
        return i;
      }
    }
    return std::string_view::npos;
  }

  bool IsRowEnd(std::string_view name) const {
    if (row_tag_.empty()) return stack_.size() == 1;
    return name == row_tag_ && std::find(stack_.begin(), stack_.end(), row_tag_) == stack_.end();
  }

  // Scans `text`, leaving the open elements in stack_; returns the last row end or npos.
  size_t Scan(std::string_view text) {
    stack_.clear();
    size_t last_row_end = std::string_view::npos;
    size_t pos = 0;
    while (true) {
      const size_t lt = text.find('<', pos);
      if (lt == std::string_view::npos) return last_row_end;
      const std::string_view rest = text.substr(lt);
      size_t end = std::string_view::npos;  // offset of the construct's last character
      if (rest.starts_with("<!--")) {
        const size_t close = text.find("-->", lt + 4);
        end = close == std::string_view::npos ? close : close + 2;
      } else if (rest.starts_with("<![CDATA[")) {
        const size_t close = text.find("]]>", lt + 9);
        end = close == std::string_view::npos ? close : close + 2;
      } else if (rest.starts_with("<?")) {
        const size_t close = text.find("?>", lt + 2);
        end = close == std::string_view::npos ? close : close + 1;
      } else if (rest.starts_with("<!")) {
        end = DoctypeEnd(text, lt);
      } else if (rest.starts_with("</")) {
        end = TagEnd(text, lt);
        if (end == std::string_view::npos) return last_row_end;
        const std::string_view name = NameAt(text, lt + 2);
        if (!stack_.empty()) stack_.pop_back();
        if (IsRowEnd(name)) last_row_end = end + 1;
      } else {
        end = TagEnd(text, lt);
        if (end == std::string_view::npos) return last_row_end;
        const std::string_view name = NameAt(text, lt + 1);
        if (text[end - 1] == '/') {
          if (IsRowEnd(name)) last_row_end = end + 1;
        } else {
          stack_.push_back(name);
        }
      }
      if (end == std::string_view::npos) return last_row_end;
      pos = end + 1;
    }
  }

  std::string_view row_tag_;
  std::vector<std::string_view> stack_;
};

bool IsNamespaceDeclaration(std::string_view name) {
  return name == "xmlns" || name.starts_with("xmlns:");
}

GlueType MergeXmlTypes(const GlueType& a, const GlueType& b);

// Adds `incoming` to `fields`, merging with a field of the same name (ignoring ASCII case).
// Returns the field's index.
size_t MergeField(std::vector<StructField>& fields, const StructField& incoming) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (EqualsIgnoreAsciiCase(fields[i].name, incoming.name)) {
      fields[i].type = MergeXmlTypes(fields[i].type, incoming.type);
      return i;
    }
  }
  fields.push_back(incoming);
  return fields.size() - 1;
}

bool IsScalar(const GlueType& t) {
  return t.kind() != TypeKind::kStruct && t.kind() != TypeKind::kArray &&
         t.kind() != TypeKind::kMap && !t.is_null();
}

GlueType TextOnlyStruct(const GlueType& text) {
  return GlueType::Struct({StructField{std::string(kValueField), text}});
}

// Widen, plus spark-xml's rules: single meets array -> array; text meets struct -> the struct
// with the text in _VALUE.
GlueType MergeXmlTypes(const GlueType& a, const GlueType& b) {
  if (a.is_null()) return b;
  if (b.is_null()) return a;
  const bool a_array = a.kind() == TypeKind::kArray, b_array = b.kind() == TypeKind::kArray;
  if (a_array || b_array) {
    return GlueType::Array(MergeXmlTypes(a_array ? a.element() : a, b_array ? b.element() : b));
  }
  const bool a_struct = a.kind() == TypeKind::kStruct, b_struct = b.kind() == TypeKind::kStruct;
  if (a_struct && b_struct) {
    std::vector<StructField> fields = a.fields();
    for (const StructField& f : b.fields()) MergeField(fields, f);
    return GlueType::Struct(std::move(fields));
  }
  if (a_struct && IsScalar(b)) return MergeXmlTypes(a, TextOnlyStruct(b));
  if (b_struct && IsScalar(a)) return MergeXmlTypes(TextOnlyStruct(a), b);
  return Widen(a, b);
}

class RowTyper {
 public:
  explicit RowTyper(const ValueTypeOptions& options) : options_(options) {}

  // The struct of one row element.
  GlueType RowType(const pugi::xml_node& row) const {
    GlueType type = ElementType(row, 0);
    if (type.kind() == TypeKind::kStruct) return type;
    if (type.is_null()) return GlueType::Struct({});
    return TextOnlyStruct(type);
  }

 private:
  GlueType ElementType(const pugi::xml_node& element, int depth) const {
    if (depth > kMaxXmlRowDepth) return GlueType::String();
    std::vector<StructField> fields;
    for (const pugi::xml_attribute& attr : element.attributes()) {
      const std::string_view name = attr.name();
      if (IsNamespaceDeclaration(name)) continue;
      MergeField(fields,
                 {std::string(kAttributePrefix) + std::string(name), ValueType(attr.value())});
    }
    std::string text;
    std::vector<size_t> occurrences(fields.size(), 0);
    for (const pugi::xml_node& child : element.children()) {
      if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
        text += child.value();
        continue;
      }
      if (child.type() != pugi::node_element) continue;
      const size_t index = MergeField(fields, {child.name(), ElementType(child, depth + 1)});
      occurrences.resize(fields.size(), 0);
      ++occurrences[index];
    }
    const GlueType text_type = ValueType(text);
    if (fields.empty()) return text_type;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (occurrences[i] > 1 && fields[i].type.kind() != TypeKind::kArray) {
        fields[i].type = GlueType::Array(fields[i].type);
      }
    }
    if (!text_type.is_null()) MergeField(fields, {std::string(kValueField), text_type});
    return GlueType::Struct(std::move(fields));
  }

  GlueType ValueType(std::string_view text) const {
    return InferValueType(TrimXmlSpace(text), options_);
  }

  const ValueTypeOptions& options_;
};

// The elements named `tag` in document order, not descending into them.
std::vector<pugi::xml_node> FindRows(const pugi::xml_document& doc, std::string_view tag) {
  std::vector<pugi::xml_node> rows;
  std::vector<pugi::xml_node> pending;  // explicit stack: documents may nest deeply
  for (pugi::xml_node n = doc.last_child(); n; n = n.previous_sibling()) pending.push_back(n);
  while (!pending.empty()) {
    const pugi::xml_node node = pending.back();
    pending.pop_back();
    if (node.type() != pugi::node_element) continue;
    if (tag == node.name()) {
      rows.push_back(node);
      continue;
    }
    for (pugi::xml_node n = node.last_child(); n; n = n.previous_sibling()) pending.push_back(n);
  }
  return rows;
}

// The most frequent element name among the root's children; empty with `why` when none.
std::string ChooseRowTag(const pugi::xml_document& doc, std::string& why) {
  const pugi::xml_node root = doc.document_element();
  std::vector<std::pair<std::string, size_t>> counts;  // first-seen order
  std::unordered_map<std::string, size_t> index;       // name -> position in counts
  size_t children = 0;
  for (const pugi::xml_node& child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    ++children;
    auto [it, added] = index.emplace(child.name(), counts.size());
    if (added) counts.emplace_back(child.name(), 0);
    ++counts[it->second].second;
  }
  if (counts.empty()) {
    why = "the root element <" + std::string(root.name()) +
          "> has no child elements to use as rows (give a RowTag)";
    return "";
  }
  const auto best =
      std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
        return a.second < b.second;  // max_element keeps the first of equal maxima
      });
  why = "chosen as the most frequent child element of the root <" + std::string(root.name()) +
        "> (" + std::to_string(best->second) + " of " + std::to_string(children) +
        " child elements)";
  return best->first;
}

XmlInference NotXml(XmlInference result, std::string reason) {
  result.certainty = 0.0;
  result.reason = std::move(reason);
  return result;
}

std::string ParseError(const pugi::xml_parse_result& parsed) {
  return std::string(parsed.description()) + " at offset " + std::to_string(parsed.offset);
}

}  // namespace

Result<XmlInference> InferXmlSchema(std::string_view sample, std::string_view row_tag,
                                    bool sample_is_complete,
                                    const ValueTypeOptions& value_options) {
  if (!IsValidRowTag(row_tag)) {
    return Status::InvalidInput("XML RowTag '" + std::string(row_tag) +
                                "' is not an element name: give the tag without '<' and '>' and "
                                "without spaces, e.g. 'record'");
  }
  XmlInference result;
  std::string_view body = sample;
  if (body.starts_with(kUtf8Bom)) body.remove_prefix(kUtf8Bom.size());
  const size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || body[first] != '<') {
    return NotXml(std::move(result), "not XML: the sample does not start with '<'");
  }

  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(sample.data(), sample.size());
  if (!parsed && !sample_is_complete) {
    std::vector<std::string> open;
    const size_t cut = XmlCutFinder(row_tag).Find(body, open);
    if (cut == std::string_view::npos) {
      return NotXml(std::move(result),
                    "the sample holds no complete " +
                        (row_tag.empty() ? std::string("child of the root element")
                                         : "<" + std::string(row_tag) + "> element") +
                        " (read more of the file); parsing it whole failed: " + ParseError(parsed));
    }
    std::string repaired(body.substr(0, cut));
    for (auto it = open.rbegin(); it != open.rend(); ++it) repaired += "</" + *it + ">";
    parsed = doc.load_buffer(repaired.data(), repaired.size());
    if (!parsed) {
      return NotXml(
          std::move(result),
          "not well-formed XML even when cut after its last complete row: " + ParseError(parsed));
    }
    result.cut_at_last_row = true;
  } else if (!parsed) {
    return NotXml(std::move(result), "not well-formed XML: " + ParseError(parsed));
  }
  if (!doc.document_element()) return NotXml(std::move(result), "not XML: no root element");

  if (row_tag.empty()) {
    result.row_tag = ChooseRowTag(doc, result.row_tag_reason);
    if (result.row_tag.empty()) return NotXml(std::move(result), result.row_tag_reason);
  } else {
    result.row_tag = std::string(row_tag);
    result.row_tag_reason = "given";
  }

  const std::vector<pugi::xml_node> rows = FindRows(doc, result.row_tag);
  result.rows = rows.size();
  if (rows.empty()) {
    return NotXml(std::move(result), "no <" + result.row_tag + "> element in the sample");
  }
  const RowTyper typer(value_options);
  for (const pugi::xml_node& row : rows) {
    result.record_type = MergeXmlTypes(result.record_type, typer.RowType(row));
  }
  for (const StructField& field : result.record_type.fields()) {
    result.columns.push_back({LowerAscii(field.name), ResolveForCatalog(field.type)});
  }
  result.certainty = 1.0;
  result.reason =
      std::to_string(result.rows) + " <" + result.row_tag + "> row" +
      (result.rows == 1 ? "" : "s") + " found (row tag " + result.row_tag_reason + ")" +
      (result.cut_at_last_row ? "; the sample was cut after its last complete row" : "");
  result.table_parameters = {{"classification", "xml"}, {"rowTag", result.row_tag}};
  return result;
}

}  // namespace sluice::formats
