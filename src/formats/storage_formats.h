// The Hive storage classes a Glue table names in its StorageDescriptor (InputFormat, OutputFormat,
// SerdeInfo.SerializationLibrary), written once for the crawler's classifiers and Athena's DDL so
// that a table reads the same whichever of them created it. Pure and thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::formats {

inline constexpr std::string_view kTextInputFormat = "org.apache.hadoop.mapred.TextInputFormat";
inline constexpr std::string_view kTextOutputFormat =
    "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
inline constexpr std::string_view kParquetInputFormat =
    "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
inline constexpr std::string_view kParquetOutputFormat =
    "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
inline constexpr std::string_view kParquetSerde =
    "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
inline constexpr std::string_view kOrcInputFormat =
    "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat";
inline constexpr std::string_view kOrcOutputFormat =
    "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat";
inline constexpr std::string_view kOrcSerde = "org.apache.hadoop.hive.ql.io.orc.OrcSerde";
inline constexpr std::string_view kAvroInputFormat =
    "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat";
inline constexpr std::string_view kAvroOutputFormat =
    "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat";
inline constexpr std::string_view kAvroSerde = "org.apache.hadoop.hive.serde2.avro.AvroSerDe";
inline constexpr std::string_view kSequenceFileInputFormat =
    "org.apache.hadoop.mapred.SequenceFileInputFormat";
inline constexpr std::string_view kSequenceFileOutputFormat =
    "org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat";
inline constexpr std::string_view kRcFileInputFormat =
    "org.apache.hadoop.hive.ql.io.RCFileInputFormat";
inline constexpr std::string_view kRcFileOutputFormat =
    "org.apache.hadoop.hive.ql.io.RCFileOutputFormat";
inline constexpr std::string_view kColumnarSerde =
    "org.apache.hadoop.hive.serde2.columnar.LazyBinaryColumnarSerDe";
inline constexpr std::string_view kIonInputFormat =
    "com.amazon.ionhiveserde.formats.IonInputFormat";
inline constexpr std::string_view kIonOutputFormat =
    "com.amazon.ionhiveserde.formats.IonOutputFormat";
inline constexpr std::string_view kIonSerde = "com.amazon.ionhiveserde.IonHiveSerDe";
inline constexpr std::string_view kXmlInputFormat = "com.amazonaws.glue.xml.XmlInputFormat";
inline constexpr std::string_view kXmlSerde = "com.amazonaws.glue.serde.XmlSerDe";

// Delimited text (field.delim, serialization.format, ...).
inline constexpr std::string_view kLazySimpleSerde =
    "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
// Quoted CSV (separatorChar, quoteChar, escapeChar); every column reads as string.
inline constexpr std::string_view kOpenCsvSerde = "org.apache.hadoop.hive.serde2.OpenCSVSerde";
// JSON lines: the OpenX SerDe (what the crawler writes) and Hive's own.
inline constexpr std::string_view kOpenXJsonSerde = "org.openx.data.jsonserde.JsonSerDe";
inline constexpr std::string_view kHiveJsonSerde = "org.apache.hive.hcatalog.data.JsonSerDe";

// A file format's classes, as Hive's STORED AS names them.
struct StorageFormat {
  std::string_view input_format;
  std::string_view output_format;
  std::string_view serde_library;
  std::string_view classification;  // Glue's table classification; empty when it has none
};

// STORED AS <name> (upper case: PARQUET, ORC, AVRO, TEXTFILE, JSONFILE, SEQUENCEFILE, RCFILE,
// ION); nullopt for any other name.
std::optional<StorageFormat> StoredAsFormat(std::string_view name);

// Glue's classification for a table read by `serde_library` (parquet, orc, avro, csv for the
// delimited and CSV SerDes, json, ion, xml); empty when the SerDe implies none.
std::string_view ClassificationOfSerde(std::string_view serde_library);

}  // namespace sluice::formats
