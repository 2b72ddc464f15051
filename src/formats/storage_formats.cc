#include "formats/storage_formats.h"

namespace sluice::formats {

std::optional<StorageFormat> StoredAsFormat(std::string_view name) {
  if (name == "PARQUET") {
    return StorageFormat{kParquetInputFormat, kParquetOutputFormat, kParquetSerde, "parquet"};
  }
  if (name == "ORC") return StorageFormat{kOrcInputFormat, kOrcOutputFormat, kOrcSerde, "orc"};
  if (name == "AVRO") {
    return StorageFormat{kAvroInputFormat, kAvroOutputFormat, kAvroSerde, "avro"};
  }
  if (name == "TEXTFILE") {
    return StorageFormat{kTextInputFormat, kTextOutputFormat, kLazySimpleSerde, "csv"};
  }
  if (name == "JSONFILE") {
    return StorageFormat{kTextInputFormat, kTextOutputFormat, kHiveJsonSerde, "json"};
  }
  if (name == "SEQUENCEFILE") {
    return StorageFormat{kSequenceFileInputFormat, kSequenceFileOutputFormat, kLazySimpleSerde, ""};
  }
  if (name == "RCFILE") {
    return StorageFormat{kRcFileInputFormat, kRcFileOutputFormat, kColumnarSerde, ""};
  }
  if (name == "ION") return StorageFormat{kIonInputFormat, kIonOutputFormat, kIonSerde, "ion"};
  return std::nullopt;
}

std::string_view ClassificationOfSerde(std::string_view serde_library) {
  if (serde_library == kParquetSerde) return "parquet";
  if (serde_library == kOrcSerde) return "orc";
  if (serde_library == kAvroSerde) return "avro";
  if (serde_library == kLazySimpleSerde || serde_library == kOpenCsvSerde) return "csv";
  if (serde_library == kOpenXJsonSerde || serde_library == kHiveJsonSerde ||
      serde_library == "org.apache.hadoop.hive.serde2.JsonSerDe") {
    return "json";
  }
  if (serde_library == kIonSerde) return "ion";
  if (serde_library == kXmlSerde) return "xml";
  return "";
}

}  // namespace sluice::formats
