#include "formats/avro_schema.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "common/json_depth.h"
#include "formats/column_name.h"
#include "formats/type_lattice.h"

namespace sluice::formats {

namespace {

using nlohmann::json;

constexpr size_t kSyncSize = 16;

// Reads the Avro binary encoding of the header: zig-zag varint longs and length-prefixed bytes.
class HeaderReader {
 public:
  explicit HeaderReader(std::string_view bytes) : bytes_(bytes) {}

  size_t position() const { return pos_; }

  Result<int64_t> ReadLong() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) return CutShort();
      const auto byte = static_cast<unsigned char>(bytes_[pos_++]);
      value |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) {
        return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
      }
    }
    return Malformed("a variable-length integer longer than 10 bytes");
  }

  Result<std::string_view> ReadBytes() {
    ASSIGN_OR_RETURN(int64_t length, ReadLong());
    if (length < 0) return Malformed("a negative length " + std::to_string(length));
    if (static_cast<uint64_t>(length) > bytes_.size() - pos_) return CutShort();
    std::string_view out = bytes_.substr(pos_, static_cast<size_t>(length));
    pos_ += static_cast<size_t>(length);
    return out;
  }

  Status Skip(size_t n) {
    if (n > bytes_.size() - pos_) return CutShort();
    pos_ += n;
    return Status::OK();
  }

  Status Malformed(const std::string& what) const {
    return Status::InvalidInput("malformed Avro file header: " + what + " at byte " +
                                std::to_string(pos_));
  }

  Status CutShort() const {
    return Status::InvalidInput("the Avro file header is cut short after " +
                                std::to_string(bytes_.size()) +
                                " bytes (its metadata is longer: read more of the file)");
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

bool IsPrimitive(std::string_view name) {
  static const std::set<std::string_view> kPrimitives = {"null",  "boolean", "int",   "long",
                                                         "float", "double",  "bytes", "string"};
  return kPrimitives.count(name) > 0;
}

GlueType PrimitiveType(std::string_view name) {
  if (name == "boolean") return GlueType::Boolean();
  if (name == "int") return GlueType::Of(TypeKind::kInt);
  if (name == "long") return GlueType::BigInt();
  if (name == "float") return GlueType::Of(TypeKind::kFloat);
  if (name == "double") return GlueType::Double();
  if (name == "bytes") return GlueType::Of(TypeKind::kBinary);
  if (name == "string") return GlueType::String();
  return GlueType::Null();
}

std::string StringAttribute(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// `base` with the schema's logicalType applied where Glue has a type for it.
GlueType WithLogicalType(const json& schema, std::string_view base_name, GlueType base) {
  const std::string logical = StringAttribute(schema, "logicalType");
  if (logical == "date" && base_name == "int") return GlueType::Of(TypeKind::kDate);
  if (base_name == "long" &&
      (logical == "timestamp-millis" || logical == "timestamp-micros" ||
       logical == "local-timestamp-millis" || logical == "local-timestamp-micros")) {
    return GlueType::Of(TypeKind::kTimestamp);
  }
  if (logical == "decimal" && (base_name == "bytes" || base_name == "fixed")) {
    auto precision = schema.find("precision");
    auto scale = schema.find("scale");
    if (precision == schema.end() || !precision->is_number_integer()) return base;
    const int64_t p = precision->get<int64_t>();
    int64_t s = 0;  // the default scale
    if (scale != schema.end()) s = scale->is_number_integer() ? scale->get<int64_t>() : -1;
    if (p >= 1 && p <= 38 && s >= 0 && s <= p) {
      return GlueType::Decimal(static_cast<int>(p), static_cast<int>(s));
    }
  }
  return base;
}

// Maps one schema and the named types it defines, in document order (Avro requires a name to
// be defined before it is used).
class AvroTypeMapper {
 public:
  Result<GlueType> Map(const json& schema, const std::string& ns, int depth) {
    if (depth > kMaxGlueTypeDepth) {
      return Invalid("the schema nests deeper than " + std::to_string(kMaxGlueTypeDepth) +
                     " levels");
    }
    if (schema.is_string()) return MapName(schema.get<std::string>(), ns);
    if (schema.is_array()) return MapUnion(schema, ns, depth);
    if (!schema.is_object()) {
      return Invalid("a schema must be a string, object or array: " + Excerpt(schema));
    }
    auto type = schema.find("type");
    if (type == schema.end() || !type->is_string()) {
      return Invalid("a schema object without a string \"type\": " + Excerpt(schema));
    }
    const std::string name = type->get<std::string>();
    if (IsPrimitive(name)) return WithLogicalType(schema, name, PrimitiveType(name));
    if (name == "record" || name == "error") return MapRecord(schema, ns, depth);
    if (name == "enum" || name == "fixed") {
      ASSIGN_OR_RETURN(std::string full, Define(schema, ns));
      GlueType t = name == "enum"
                       ? GlueType::String()
                       : WithLogicalType(schema, "fixed", GlueType::Of(TypeKind::kBinary));
      defined_[full] = t;
      return t;
    }
    if (name == "array") {
      auto items = schema.find("items");
      if (items == schema.end()) return Invalid("an array without \"items\"");
      ASSIGN_OR_RETURN(GlueType element, Map(*items, ns, depth + 1));
      return GlueType::Array(std::move(element));
    }
    if (name == "map") {
      auto values = schema.find("values");
      if (values == schema.end()) return Invalid("a map without \"values\"");
      ASSIGN_OR_RETURN(GlueType value, Map(*values, ns, depth + 1));
      return GlueType::Map(GlueType::String(), std::move(value));
    }
    return MapName(name, ns);  // {"type": "com.example.Named"}
  }

  static Status Invalid(const std::string& what) {
    return Status::InvalidInput("invalid Avro schema: " + what);
  }

 private:
  static std::string Excerpt(const json& j) {
    std::string text = j.dump(-1, ' ', false, json::error_handler_t::replace);
    return text.size() > 80 ? text.substr(0, 77) + "..." : text;
  }

  // A reference to a named type: a full name, or a name in the enclosing namespace.
  Result<GlueType> MapName(const std::string& name, const std::string& ns) {
    if (IsPrimitive(name)) return PrimitiveType(name);
    const bool qualify = !ns.empty() && name.find('.') == std::string::npos;
    for (const std::string& full : {qualify ? ns + "." + name : name, name}) {
      if (in_progress_.count(full)) {
        return Invalid("the record '" + full +
                       "' contains itself; a recursive type has no Glue type");
      }
      auto it = defined_.find(full);
      if (it != defined_.end()) return it->second;
    }
    return Invalid("unknown type '" + name + "' (not a primitive, nor a type defined before)");
  }

  // Registers a named type's full name; returns it.
  Result<std::string> Define(const json& schema, const std::string& ns) {
    std::string name = StringAttribute(schema, "name");
    if (name.empty()) return Invalid("a named type without a \"name\": " + Excerpt(schema));
    if (name.find('.') == std::string::npos) {
      std::string space = schema.contains("namespace") ? StringAttribute(schema, "namespace") : ns;
      if (!space.empty()) name = space + "." + name;
    }
    if (defined_.count(name) || in_progress_.count(name)) {
      return Invalid("the type '" + name + "' is defined twice");
    }
    return name;
  }

  static std::string NamespaceOf(const std::string& full) {
    size_t dot = full.rfind('.');
    return dot == std::string::npos ? std::string() : full.substr(0, dot);
  }

  Result<GlueType> MapRecord(const json& schema, const std::string& ns, int depth) {
    ASSIGN_OR_RETURN(std::string full, Define(schema, ns));
    auto fields = schema.find("fields");
    if (fields == schema.end() || !fields->is_array()) {
      return Invalid("the record '" + full + "' has no \"fields\" array");
    }
    in_progress_.insert(full);
    std::vector<StructField> out;
    for (const json& field : *fields) {
      std::string field_name = field.is_object() ? StringAttribute(field, "name") : "";
      if (field_name.empty() || !field.contains("type")) {
        return Invalid("a field of record '" + full +
                       "' without a name or type: " + Excerpt(field));
      }
      ASSIGN_OR_RETURN(GlueType type, Map(field["type"], NamespaceOf(full), depth + 1));
      out.push_back({std::move(field_name), std::move(type)});
    }
    in_progress_.erase(full);
    GlueType t = GlueType::Struct(std::move(out));
    defined_[full] = t;
    return t;
  }

  Result<GlueType> MapUnion(const json& branches, const std::string& ns, int depth) {
    std::vector<GlueType> types;
    for (const json& branch : branches) {
      ASSIGN_OR_RETURN(GlueType t, Map(branch, ns, depth + 1));
      if (!t.is_null()) types.push_back(std::move(t));  // every branch is mapped: it may define
    }
    if (types.empty()) return GlueType::String();
    if (types.size() == 1) return types[0];
    if (types.size() == 2) {
      auto is = [&](TypeKind a, TypeKind b) {
        return (types[0].kind() == a && types[1].kind() == b) ||
               (types[0].kind() == b && types[1].kind() == a);
      };
      if (is(TypeKind::kInt, TypeKind::kBigInt)) return GlueType::BigInt();
      if (is(TypeKind::kFloat, TypeKind::kDouble)) return GlueType::Double();
    }
    std::vector<StructField> members;
    for (size_t i = 0; i < types.size(); ++i) {
      members.push_back({"member" + std::to_string(i), std::move(types[i])});
    }
    return GlueType::Struct(std::move(members));
  }

  std::map<std::string, GlueType> defined_;  // full name -> type
  std::set<std::string> in_progress_;        // records being mapped
};

}  // namespace

Result<std::vector<Column>> AvroSchemaColumns(std::string_view schema_json) {
  // Each Avro level costs up to four JSON levels (record, fields, field, type).
  constexpr size_t kMaxJsonDepth = 4 * kMaxGlueTypeDepth;
  if (JsonNestingDepth(schema_json, kMaxJsonDepth) > kMaxJsonDepth) {
    return AvroTypeMapper::Invalid("the schema JSON nests deeper than " +
                                   std::to_string(kMaxJsonDepth) + " levels");
  }
  json schema;
  try {
    schema = json::parse(schema_json);
  } catch (const json::exception& e) {
    return AvroTypeMapper::Invalid(std::string("the schema is not JSON: ") + e.what());
  }
  AvroTypeMapper mapper;
  ASSIGN_OR_RETURN(GlueType root, mapper.Map(schema, "", 0));
  if (root.kind() != TypeKind::kStruct) {
    return AvroTypeMapper::Invalid("the top-level schema is " + root.ToString() +
                                   ", not a record: a table needs a record's fields as columns");
  }
  if (root.fields().empty()) {
    return AvroTypeMapper::Invalid("the top-level record has no fields, so no columns");
  }
  std::vector<std::string> names;
  for (const StructField& f : root.fields()) names.push_back(LowerAscii(f.name));
  MakeColumnNamesUnique(names);
  std::vector<Column> columns;
  for (size_t i = 0; i < names.size(); ++i) {
    columns.push_back({std::move(names[i]), ResolveForCatalog(root.fields()[i].type)});
  }
  return columns;
}

Result<AvroSchema> ReadAvroSchema(std::string_view file_start) {
  if (file_start.substr(0, kAvroMagic.size()) != kAvroMagic) {
    if (file_start.size() < kAvroMagic.size() &&
        kAvroMagic.substr(0, file_start.size()) == file_start) {
      return Status::InvalidInput("the Avro file header is cut short after " +
                                  std::to_string(file_start.size()) + " bytes");
    }
    return Status::InvalidInput("not an Avro object container file (no \"Obj\\x01\" magic)");
  }
  HeaderReader reader(file_start.substr(kAvroMagic.size()));
  AvroSchema out;
  bool has_schema = false;
  while (true) {
    ASSIGN_OR_RETURN(int64_t count, reader.ReadLong());
    if (count == 0) break;
    if (count < 0) {  // a block with its size in bytes
      if (count == INT64_MIN) return reader.Malformed("an impossible map block count");
      count = -count;
      ASSIGN_OR_RETURN(int64_t block_bytes, reader.ReadLong());
      if (block_bytes < 0) return reader.Malformed("a negative map block size");
    }
    for (int64_t i = 0; i < count; ++i) {  // each entry consumes input: bounded by its size
      ASSIGN_OR_RETURN(std::string_view key, reader.ReadBytes());
      ASSIGN_OR_RETURN(std::string_view value, reader.ReadBytes());
      if (key == "avro.schema") {
        out.schema_json = std::string(value);
        has_schema = true;
      } else if (key == "avro.codec") {
        out.codec = std::string(value);
      }
    }
  }
  RETURN_NOT_OK(reader.Skip(kSyncSize));
  if (!has_schema) {
    return Status::InvalidInput("the Avro file header has no avro.schema entry");
  }
  if (out.codec.empty()) out.codec = "null";
  ASSIGN_OR_RETURN(out.columns, AvroSchemaColumns(out.schema_json));
  return out;
}

}  // namespace sluice::formats
