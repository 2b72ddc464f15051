// Athena query executions.
#include "api/athena/athena_service.h"

namespace sluice::api {

void RegisterQueryExecutionOps(JsonService&, const AthenaApi&) {}

}  // namespace sluice::api
