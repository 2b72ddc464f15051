// JsonTypeBuilder: an nlohmann::json SAX handler that infers the GlueType of JSON values without
// building a DOM. Used by json_inference.cc; exposed for its tests.
//
// Types: object -> struct<...> (keys in first-seen order, repeated keys widened, matched
// case-insensitively), array -> array<widened elements> (array<null> when empty), integer ->
// bigint (int when it fits 32 bits and `small_ints_as_int`, as Glue does), integers beyond int64 ->
// decimal(38,0) up to 38 digits else double, other numbers -> double, true/false -> boolean,
// null -> unknown, string -> string (date/timestamp with `infer_temporal`, see value_types.h).
//
// Values at `record_depth` (0: each top-level value; 1: each element of a top-level array) are
// handed to the RecordSink instead of being kept. Nesting deeper than `max_depth` stops the parse.
// nlohmann's SAX parser is iterative, so deep input cannot overflow the stack. Not thread-safe:
// one builder per parse.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "formats/glue_type.h"

namespace sluice::formats {

struct JsonTypeOptions {
  bool infer_temporal = true;
  bool small_ints_as_int = false;
  size_t max_depth = 64;
};

class JsonTypeBuilder {
 public:
  // Receives each record-level value's type; returns false to stop parsing.
  using RecordSink = std::function<bool(const GlueType&)>;

  JsonTypeBuilder(const JsonTypeOptions& options, size_t record_depth, RecordSink sink)
      : options_(options), record_depth_(record_depth), sink_(std::move(sink)) {}

  // Why the last parse stopped early: a syntax error (message and byte offset), too deep, or
  // stopped by the sink. All false/empty after a parse that succeeded.
  bool syntax_error() const { return syntax_error_; }
  size_t error_position() const { return error_position_; }
  const std::string& error_message() const { return error_message_; }
  bool too_deep() const { return too_deep_; }
  bool stopped_by_sink() const { return stopped_by_sink_; }

  // The nlohmann SAX interface.
  bool null();
  bool boolean(bool value);
  bool number_integer(int64_t value);
  bool number_unsigned(uint64_t value);
  bool number_float(double value, const std::string& text);
  bool string(std::string& value);
  bool binary(nlohmann::json::binary_t& value);
  bool start_object(size_t elements);
  bool key(std::string& name);
  bool end_object();
  bool start_array(size_t elements);
  bool end_array();
  bool parse_error(size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error);

 private:
  struct Frame {
    bool is_object = false;
    std::vector<StructField> fields;                  // objects
    std::unordered_map<std::string, size_t> by_name;  // large objects: lower-cased key -> field
    std::string key;                                  // objects: the pending key
    GlueType element;                                 // arrays
  };

  bool Deliver(GlueType type);
  bool Open(bool is_object);

  JsonTypeOptions options_;
  size_t record_depth_;
  RecordSink sink_;
  std::vector<Frame> stack_;
  bool syntax_error_ = false;
  size_t error_position_ = 0;
  std::string error_message_;
  bool too_deep_ = false;
  bool stopped_by_sink_ = false;
};

}  // namespace sluice::formats
