// WorkGroups: Athena workgroups (botocore shapes WorkGroup, WorkGroupSummary), kept in the
// metastore as their WorkGroup documents. The workgroup "primary" always exists: its row is
// written at first use, and it cannot be deleted.
//
// Errors, as Athena reports them (all InvalidRequestException on the wire): NotFound
// ("WorkGroup X is not found"), AlreadyExists ("WorkGroup is already created"), InvalidInput
// saying what to fix (deleting primary, a non-empty workgroup without RecursiveDeleteOption, an
// output location that is not a storage URI, an unknown engine version).
// Thread-safe (the metastore serializes writers).
#pragma once

#include <atomic>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/paging.h"
#include "metastore/metastore.h"

namespace sluice::query {

using nlohmann::json;

inline constexpr std::string_view kPrimaryWorkGroup = "primary";

// What a query run needs to know about its workgroup.
struct WorkGroupSettings {
  std::string name;
  bool enabled = true;                          // State ENABLED; DISABLED rejects new queries
  std::optional<std::string> output_location;   // ResultConfiguration.OutputLocation
  bool enforce_configuration = false;           // EnforceWorkGroupConfiguration
  std::optional<int64_t> bytes_scanned_cutoff;  // BytesScannedCutoffPerQuery
};

class WorkGroups {
 public:
  explicit WorkGroups(metastore::Metastore& store) : store_(store) {}

  // CreateWorkGroup input (already validated against the model).
  Status Create(const json& input);
  // The WorkGroup document.
  Result<json> Get(std::string_view name);
  // WorkGroupSummary documents in name order.
  Result<catalog::Page> List(const catalog::PageRequest& page);
  // Applies an UpdateWorkGroup input: Description, State and ConfigurationUpdates.
  Status Update(const json& input);
  // Deletes the workgroup; with `recursive`, also its named queries. Without it, a workgroup
  // that still has named queries is InvalidInput.
  Status Delete(std::string_view name, bool recursive);

  // The settings a query in workgroup `name` runs with. NotFound when it does not exist.
  Result<WorkGroupSettings> Resolve(std::string_view name);

 private:
  // Writes primary's row when it is missing (once per process).
  Status EnsurePrimary();

  metastore::Metastore& store_;
  std::atomic<bool> primary_ready_{false};
};

// Inside a metastore transaction: OK when workgroup `name` exists (primary always does),
// NotFound ("WorkGroup X is not found") otherwise.
Status RequireWorkGroup(metastore::Session& s, std::string_view name);

}  // namespace sluice::query
