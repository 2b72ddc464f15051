#include "formats/json_type_builder.h"

#include <limits>
#include <utility>

#include "formats/column_name.h"
#include "formats/type_lattice.h"
#include "formats/value_types.h"

namespace sluice::formats {
namespace {

constexpr size_t kMaxDecimalDigits = 38;
constexpr size_t kIndexFieldsFrom = 16;  // objects with this many keys get a name index

// nlohmann reports integers beyond 64 bits through number_float with their text.
GlueType LargeIntegerOrDouble(const std::string& text) {
  const size_t sign = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() == sign) return GlueType::Double();
  for (size_t i = sign; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return GlueType::Double();
  }
  return text.size() - sign <= kMaxDecimalDigits ? GlueType::Decimal(38, 0) : GlueType::Double();
}

}  // namespace

bool JsonTypeBuilder::Deliver(GlueType type) {
  if (stack_.size() == record_depth_) {
    if (!sink_(type)) {
      stopped_by_sink_ = true;
      return false;
    }
    return true;
  }
  if (stack_.size() < record_depth_) return true;  // the wrapper around the records
  Frame& parent = stack_.back();
  if (!parent.is_object) {
    parent.element = Widen(parent.element, type);
    return true;
  }
  // Keys repeat rarely: find a repeat by scanning small objects, by an index in large ones.
  std::vector<StructField>& fields = parent.fields;
  if (fields.size() < kIndexFieldsFrom) {
    for (StructField& f : fields) {
      if (EqualsIgnoreAsciiCase(f.name, parent.key)) {
        f.type = Widen(f.type, type);
        return true;
      }
    }
    fields.push_back({std::move(parent.key), std::move(type)});
    return true;
  }
  if (parent.by_name.empty()) {
    for (size_t i = 0; i < fields.size(); ++i)
      parent.by_name.emplace(LowerAscii(fields[i].name), i);
  }
  auto [it, inserted] = parent.by_name.emplace(LowerAscii(parent.key), fields.size());
  if (inserted) {
    fields.push_back({std::move(parent.key), std::move(type)});
  } else {
    GlueType& existing = fields[it->second].type;
    existing = Widen(existing, type);
  }
  return true;
}

bool JsonTypeBuilder::Open(bool is_object) {
  if (stack_.size() >= options_.max_depth) {
    too_deep_ = true;
    return false;
  }
  stack_.emplace_back();
  stack_.back().is_object = is_object;
  return true;
}

bool JsonTypeBuilder::null() { return Deliver(GlueType::Null()); }

bool JsonTypeBuilder::boolean(bool /*value*/) { return Deliver(GlueType::Boolean()); }

bool JsonTypeBuilder::number_integer(int64_t value) {
  const bool small =
      value >= std::numeric_limits<int32_t>::min() && value <= std::numeric_limits<int32_t>::max();
  return Deliver(options_.small_ints_as_int && small ? GlueType::Of(TypeKind::kInt)
                                                     : GlueType::BigInt());
}

bool JsonTypeBuilder::number_unsigned(uint64_t value) {
  if (value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return number_integer(static_cast<int64_t>(value));
  }
  return Deliver(GlueType::Decimal(38, 0));
}

bool JsonTypeBuilder::number_float(double /*value*/, const std::string& text) {
  return Deliver(LargeIntegerOrDouble(text));
}

bool JsonTypeBuilder::string(std::string& value) {
  if (options_.infer_temporal) {
    if (IsIsoDate(value)) return Deliver(GlueType::Of(TypeKind::kDate));
    if (IsIsoTimestamp(value)) return Deliver(GlueType::Of(TypeKind::kTimestamp));
  }
  return Deliver(GlueType::String());
}

bool JsonTypeBuilder::binary(nlohmann::json::binary_t& /*value*/) {
  return Deliver(GlueType::Of(TypeKind::kBinary));
}

bool JsonTypeBuilder::start_object(size_t /*elements*/) { return Open(true); }

bool JsonTypeBuilder::key(std::string& name) {
  stack_.back().key = std::move(name);
  return true;
}

bool JsonTypeBuilder::end_object() {
  Frame frame = std::move(stack_.back());
  stack_.pop_back();
  return Deliver(GlueType::Struct(std::move(frame.fields)));
}

bool JsonTypeBuilder::start_array(size_t /*elements*/) { return Open(false); }

bool JsonTypeBuilder::end_array() {
  GlueType element = std::move(stack_.back().element);
  stack_.pop_back();
  return Deliver(GlueType::Array(std::move(element)));
}

bool JsonTypeBuilder::parse_error(size_t position, const std::string& /*last_token*/,
                                  const nlohmann::detail::exception& error) {
  syntax_error_ = true;
  error_position_ = position;
  error_message_ = error.what();
  return false;
}

}  // namespace sluice::formats
