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
      {2,
       "storage: buckets, objects, multipart uploads, object-created events",
       {
           "CREATE TABLE storage_buckets ("
           " name TEXT PRIMARY KEY,"
           " created_ms BIGINT NOT NULL,"
           " region TEXT NOT NULL)",

           "CREATE TABLE storage_objects ("
           " bucket TEXT NOT NULL,"
           " key TEXT NOT NULL,"
           " blob TEXT NOT NULL,"
           " inline_data BLOB,"
           " size BIGINT NOT NULL,"
           " etag TEXT NOT NULL,"
           " last_modified_ms BIGINT NOT NULL,"
           " content_type TEXT NOT NULL,"
           " content_encoding TEXT NOT NULL,"
           " user_metadata TEXT NOT NULL,"
           " headers TEXT NOT NULL,"
           " PRIMARY KEY (bucket, key))",

           "CREATE TABLE storage_multipart_uploads ("
           " upload_id TEXT PRIMARY KEY,"
           " bucket TEXT NOT NULL,"
           " key TEXT NOT NULL,"
           " initiated_ms BIGINT NOT NULL,"
           " content_type TEXT NOT NULL,"
           " content_encoding TEXT NOT NULL,"
           " user_metadata TEXT NOT NULL,"
           " headers TEXT NOT NULL)",

           "CREATE TABLE storage_multipart_parts ("
           " upload_id TEXT NOT NULL,"
           " part_number BIGINT NOT NULL,"
           " blob TEXT NOT NULL,"
           " size BIGINT NOT NULL,"
           " etag TEXT NOT NULL,"
           " last_modified_ms BIGINT NOT NULL,"
           " PRIMARY KEY (upload_id, part_number))",

           "CREATE TABLE storage_events ("
           " id INTEGER PRIMARY KEY,"
           " bucket TEXT NOT NULL,"
           " key TEXT NOT NULL,"
           " size BIGINT NOT NULL,"
           " etag TEXT NOT NULL,"
           " event_ms BIGINT NOT NULL,"
           " kind TEXT NOT NULL)",

           "CREATE INDEX storage_events_by_time ON storage_events (event_ms)",
       }},
      {3,
       "crawlers: definitions, crawls (runs) with their logs, custom classifiers, file states",
       {
           "CREATE TABLE crawler_definitions ("
           " name TEXT PRIMARY KEY,"
           " body TEXT NOT NULL)",

           "CREATE TABLE crawler_crawls ("
           " crawler TEXT NOT NULL,"
           " crawl_id TEXT NOT NULL,"
           " start_ms BIGINT NOT NULL,"
           " body TEXT NOT NULL,"
           " log TEXT NOT NULL,"
           " PRIMARY KEY (crawler, crawl_id))",

           "CREATE INDEX crawler_crawls_by_start ON crawler_crawls (crawler, start_ms)",

           "CREATE TABLE crawler_classifiers ("
           " name TEXT PRIMARY KEY,"
           " body TEXT NOT NULL)",

           // What the last successful crawl saw of each file: re-crawls skip unchanged files,
           // CRAWL_NEW_FOLDERS_ONLY knows which folders are new.
           "CREATE TABLE crawler_file_states ("
           " crawler TEXT NOT NULL,"
           " uri TEXT NOT NULL,"
           " size BIGINT NOT NULL,"
           " modified_ms BIGINT NOT NULL,"
           " state TEXT NOT NULL,"
           " PRIMARY KEY (crawler, uri))",

           // CRAWL_EVENT_MODE: the object-created event each crawler has read up to.
           "CREATE TABLE crawler_event_positions ("
           " crawler TEXT PRIMARY KEY,"
           " event_id BIGINT NOT NULL)",
       }},
      {4,
       "athena: workgroups, named queries, query executions",
       {
           "CREATE TABLE athena_workgroups ("
           " name TEXT PRIMARY KEY,"
           " body TEXT NOT NULL)",

           // client_request_token: CreateNamedQuery's idempotency token (NULL when none was sent).
           "CREATE TABLE athena_named_queries ("
           " named_query_id TEXT PRIMARY KEY,"
           " workgroup TEXT NOT NULL,"
           " created_ms BIGINT NOT NULL,"
           " client_request_token TEXT UNIQUE,"
           " body TEXT NOT NULL)",

           "CREATE INDEX athena_named_queries_by_workgroup"
           " ON athena_named_queries (workgroup, created_ms)",

           "CREATE TABLE athena_query_executions ("
           " query_execution_id TEXT PRIMARY KEY,"
           " workgroup TEXT NOT NULL,"
           " submitted_ms BIGINT NOT NULL,"
           " state TEXT NOT NULL,"
           " doc TEXT NOT NULL)",

           "CREATE INDEX athena_query_executions_by_workgroup"
           " ON athena_query_executions (workgroup, submitted_ms)",
       }},
  };
  return kMigrations;
}

}  // namespace sluice::metastore
