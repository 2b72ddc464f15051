// The metastore schema, as migrations. Append new migrations; never edit an applied one.
//
// Catalog entities are stored as their Glue API documents (JSON text in `body`) plus the
// columns needed to find them: names, versions, and order-preserving partition keys
// (catalog/partition_key_codec.h) that make partition filters index range scans.
#include "metastore/migrations.h"

namespace sluice::metastore {

const std::vector<Migration>& SchemaMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "catalog: databases, tables, table versions, partitions, partition indexes",
       {
           "CREATE TABLE catalog_databases ("
           " name TEXT PRIMARY KEY,"
           " body TEXT NOT NULL)",

           "CREATE TABLE catalog_tables ("
           " id INTEGER PRIMARY KEY,"
           " database_name TEXT NOT NULL,"
           " name TEXT NOT NULL,"
           " version_id BIGINT NOT NULL,"
           " partition_keys TEXT NOT NULL,"
           " body TEXT NOT NULL,"
           " UNIQUE (database_name, name))",

           "CREATE TABLE catalog_table_versions ("
           " table_id BIGINT NOT NULL,"
           " version_id BIGINT NOT NULL,"
           " body TEXT NOT NULL,"
           " PRIMARY KEY (table_id, version_id))",

           "CREATE TABLE catalog_partitions ("
           " id INTEGER PRIMARY KEY,"
           " table_id BIGINT NOT NULL,"
           " sort_key BLOB NOT NULL,"
           " partition_values TEXT NOT NULL,"
           " body TEXT NOT NULL,"
           " UNIQUE (table_id, sort_key))",

           "CREATE TABLE catalog_partition_indexes ("
           " table_id BIGINT NOT NULL,"
           " index_name TEXT NOT NULL,"
           " key_positions TEXT NOT NULL,"
           " body TEXT NOT NULL,"
           " PRIMARY KEY (table_id, index_name))",

           "CREATE TABLE catalog_partition_index_entries ("
           " table_id BIGINT NOT NULL,"
           " index_name TEXT NOT NULL,"
           " index_key BLOB NOT NULL,"
           " partition_id BIGINT NOT NULL,"
           " PRIMARY KEY (table_id, index_name, index_key, partition_id))",

           "CREATE INDEX catalog_partition_index_entries_by_partition"
           " ON catalog_partition_index_entries (partition_id)",
       }},
  };
  return kMigrations;
}

}  // namespace sluice::metastore
