// A CloudWatch Logs API subset (awsJson1.1, X-Amz-Target: Logs_20140328.<Op>) serving the logs
// Sluice keeps, so `aws logs get-log-events --log-group-name /aws-glue/crawlers
// --log-stream-name <crawler>` reads a crawl's log as it does on AWS. Read-only:
// DescribeLogGroups, DescribeLogStreams, GetLogEvents, FilterLogEvents.
#pragma once

#include <memory>

#include "api/json_service.h"
#include "crawler/crawler_registry.h"

namespace sluice::api {

// Errors: Internal when the embedded model cannot be loaded.
Result<std::unique_ptr<JsonService>> MakeLogsService(crawler::CrawlerRegistry& crawlers);

}  // namespace sluice::api
