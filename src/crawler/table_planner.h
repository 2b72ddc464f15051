// Table planning: which tables a crawl of one target finds, where their roots are, which folders
// are partitions, and the schema of each — with a log line for every decision.
//
// Rules (deterministic; docs/crawler.md explains them with examples):
// - A folder is a table root when every classified file below it has the same classification and
//   compression, and its sub-folders' schemas are similar: at most 5 distinct column sets, and at
//   least 70% of the sub-folders share at least 70% of their columns with the widest sub-folder
//   (Glue's 70% rule, measured so that added columns — schema evolution — do not split a table).
//   With TableGroupingPolicy CombineCompatibleSchemas the similarity test is skipped; with
//   TableLevelConfiguration N the roots are the folders at absolute level N (bucket's top = 1).
// - A folder where this crawler already has a table stays a table root; a folder above one is
//   never a table root itself (stability across crawls).
// - Otherwise each sub-folder is planned on its own, and files lying directly in the folder
//   become one table each (named after the file), as Glue does.
// - Below a table root, the folders down to the shallowest file are partitions: `key=value`
//   levels name their key (lowercased), other levels are partition_0, partition_1, ... All
//   partition keys are string. Files at the root of a partitioned table are in no partition.
// - The table schema is the lattice union of all sampled files (formats/type_lattice.h), and
//   every partition uses it (no partition-level schema drift).
// Pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "crawler/crawl_listing.h"
#include "formats/file_classifier.h"

namespace sluice::crawler {

struct SampledFile {
  CrawlFile file;
  std::string compression = "none";
  std::optional<formats::FileClassification> schema;  // nullopt: not sampled
  uint64_t sample_bytes = 0;                          // decompressed bytes classified
};

struct PlanOptions {
  std::string root_uri;   // the target path, ending with '/'
  std::string root_name;  // the table name for a table at the root (last path segment)
  std::string table_prefix;
  bool combine_compatible = false;
  std::optional<int> table_level;  // TableLevelConfiguration
  int root_level = 0;              // folders between the bucket and the target path
  // Folders (relative, ending with '/'; "" = the target root) where this crawler's tables are:
  // they stay table roots while they hold data, so removing one table's data never folds its
  // siblings into a new table above them.
  std::set<std::string> known_roots;
  // Sluice.TypedPartitionKeys: a key whose values are all integers is bigint, all ISO dates is
  // date (Glue types every partition key string, the default).
  bool typed_partition_keys = false;
};

struct PlannedPartition {
  std::vector<std::string> values;
  std::string location;  // ends with '/'
  uint64_t objects = 0, bytes = 0;
};

struct PlannedTable {
  std::string name;
  std::string location;  // ends with '/' (a folder), or a file's URI for a single-file table
  std::string classification;
  std::string compression;
  formats::FileClassification format;  // SerDe, formats and parameters of the first file
  std::vector<formats::Column> columns;
  std::vector<std::string> partition_keys;
  std::vector<std::string> partition_key_types;  // "string" unless typed_partition_keys
  std::vector<PlannedPartition> partitions;
  uint64_t objects = 0, bytes = 0;
  uint64_t sampled_records = 0, sampled_bytes = 0;
};

// `log` receives one line per decision.
std::vector<PlannedTable> PlanTables(const std::vector<SampledFile>& files,
                                     const PlanOptions& options, std::vector<std::string>& log);

// Glue's table naming: lowercase, characters other than a-z, 0-9 and '_' become '_'.
std::string TableNameFrom(std::string_view folder);

}  // namespace sluice::crawler
