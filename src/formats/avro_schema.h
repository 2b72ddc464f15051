// Avro schemas, read from the first bytes of an Avro object container file.
//
// The header — magic "Obj\x01", the file metadata map (avro.schema, avro.codec), the 16-byte sync
// marker — is parsed here rather than by avro-c, for two reasons: avro-c 1.11's file reader reads
// on into the first data block (a sample that holds only the header fails), and its schema parser
// drops logicalType attributes, so date, timestamp and decimal columns would be lost. The schema
// JSON is parsed with nlohmann-json after a nesting-depth guard. Pure and thread-safe.
//
// Avro → Glue types:
//   boolean int long float double string → boolean int bigint float double string;
//   bytes, fixed → binary; enum → string; array<T> → array<T>; map<V> → map<string,V>;
//   record → struct<...> (field names keep their case; top-level fields are the columns, names
//   lower-cased as Glue does, made unique with "_2"...);
//   unions: nulls dropped; one branch left → that branch; {int,long} → bigint; {float,double}
//   → double; a union of only null → string; other unions → struct<member0:T0,member1:T1,...>,
//   the shape Spark's Avro reader (spark-avro SchemaConverters) gives, so Glue Spark jobs agree;
//   logical types: date → date; timestamp-millis/-micros and local-timestamp-millis/-micros →
//   timestamp; decimal(p,s) on bytes or fixed → decimal(p,s); time-millis/-micros → int/bigint;
//   a decimal Glue cannot hold (precision over 38) or an invalid one keeps its underlying type
//   (binary), as the Avro spec says of invalid logical types; unknown logical types are ignored.
// Recursive types (a record that contains itself) have no Glue type: InvalidInput.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "formats/glue_type.h"

namespace sluice::formats {

inline constexpr std::string_view kAvroMagic{"Obj\x01", 4};

struct AvroSchema {
  std::vector<Column> columns;
  std::string schema_json;  // avro.schema as the writer stored it
  std::string codec;        // avro.codec: "null" when absent, else e.g. "deflate", "snappy"
};

// Reads the schema and codec from the start of an Avro file; `file_start` must hold the whole
// header (usually a few KiB). InvalidInput when the bytes do not start an Avro file, when they end
// inside the header (the message says "cut short": read more of the file), when the metadata or
// schema is malformed, or when the schema is not a record or has no Glue type (see above).
Result<AvroSchema> ReadAvroSchema(std::string_view file_start);

// The columns of an Avro schema given as JSON text (a record). InvalidInput as above.
Result<std::vector<Column>> AvroSchemaColumns(std::string_view schema_json);

}  // namespace sluice::formats
