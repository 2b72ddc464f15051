// The Glue API (awsJson1.1, X-Amz-Target: AWSGlue.<Operation>) over the catalog.
// One file per operation group registers its operations: glue_databases.cc, glue_tables.cc,
// glue_partitions.cc, glue_crawlers.cc.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/json_service.h"
#include "catalog/catalog.h"
#include "crawler/classifier_registry.h"
#include "crawler/crawl_watches.h"
#include "crawler/crawler_registry.h"
#include "crawler/crawler_service.h"

namespace sluice::api {

// What the crawler operations act on (not owned). All null: the crawler operations are absent.
struct CrawlerApi {
  crawler::CrawlerRegistry* crawlers = nullptr;
  crawler::CrawlerService* runs = nullptr;
  crawler::ClassifierRegistry* classifiers = nullptr;
  crawler::CrawlWatches* watches = nullptr;  // optional: folders of event-mode crawlers
};

// Builds the Glue service with every implemented operation. Errors: Internal when the embedded
// model cannot be loaded.
Result<std::unique_ptr<JsonService>> MakeGlueService(catalog::Catalog& catalog,
                                                     const CrawlerApi& crawlers = {});

// Glue's error names and statuses (the table of STYLE.md habit 3).
WireError GlueError(const Status& status);

namespace glue {

void RegisterDatabaseOperations(JsonService& service, catalog::Catalog& catalog);
void RegisterTableOperations(JsonService& service, catalog::Catalog& catalog);
void RegisterPartitionOperations(JsonService& service, catalog::Catalog& catalog);
void RegisterCrawlerOperations(JsonService& service, const CrawlerApi& api);

// Shared helpers for the operation files.
catalog::PageRequest PageOf(const nlohmann::json& input, int default_max);
std::string ListOutput(std::string_view key, const catalog::Page& page);
std::string ErrorsOutput(std::string_view key_field, const std::vector<catalog::ItemError>& errors);
std::vector<std::string> StringList(const nlohmann::json& list);
// Applies AttributesToGet: keeps Name and the fields the listed attributes name (`fields` maps
// an attribute such as "TABLE_TYPE" to its member "TableType"). No AttributesToGet = unchanged.
void ProjectAttributes(const nlohmann::json& input,
                       const std::vector<std::pair<std::string, std::string>>& fields,
                       catalog::Page& page);

}  // namespace glue
}  // namespace sluice::api
