// The Glue TableInput that Athena registers for a CREATE EXTERNAL TABLE statement. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include "query/athena_statement.h"

namespace sluice::query {

// Name, TableType EXTERNAL_TABLE, Parameters (EXTERNAL=TRUE, the TBLPROPERTIES, "classification"
// from the format unless TBLPROPERTIES gives one, "comment" from COMMENT), PartitionKeys and the
// StorageDescriptor: Columns, Location, the Hive input/output formats and SerDe the crawler would
// write for the same format (formats/storage_formats.h), buckets. STORED AS defaults to TEXTFILE,
// whose LazySimpleSerDe splits fields at \001 unless ROW FORMAT DELIMITED says otherwise.
nlohmann::json ToGlueTableInput(const CreateExternalTable& table);

}  // namespace sluice::query
