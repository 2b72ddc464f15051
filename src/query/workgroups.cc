#include "query/workgroups.h"

#include "common/time.h"
#include "storage/uri.h"

namespace sluice::query {

using metastore::Row;
using metastore::Session;

namespace {

constexpr const char* kEngineVersion = "Athena engine version 3";

std::string Dump(const json& doc) {
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status NotFound(std::string_view name) {
  return Status::NotFound("WorkGroup " + std::string(name) + " is not found");
}

// Athena answers with the engine it runs: "AUTO" and the one version Sluice has are accepted.
Result<json> EngineVersionOf(const json& requested) {
  std::string selected = requested.value("SelectedEngineVersion", "AUTO");
  if (selected != "AUTO" && selected != kEngineVersion) {
    return Status::InvalidInput("EngineVersion.SelectedEngineVersion '" + selected +
                                "' is not available: use AUTO or '" + kEngineVersion + "'");
  }
  return json{{"SelectedEngineVersion", selected}, {"EffectiveEngineVersion", kEngineVersion}};
}

Status ValidateConfiguration(const json& config) {
  const json& result = config.value("ResultConfiguration", json::object());
  if (result.contains("OutputLocation")) {
    std::string location = result["OutputLocation"].get<std::string>();
    auto uri = storage::ParseStorageUri(location);
    if (!uri.ok()) {
      return Status::InvalidInput("ResultConfiguration.OutputLocation: " + uri.status().message());
    }
  }
  return Status::OK();
}

// The WorkGroup document for a CreateWorkGroup input, with Athena's defaults.
Result<json> NewDocument(const json& input) {
  json config = input.value("Configuration", json::object());
  json defaults = {{"EnforceWorkGroupConfiguration", true},
                   {"PublishCloudWatchMetricsEnabled", true},
                   {"RequesterPaysEnabled", false}};
  for (const auto& [key, value] : defaults.items()) {
    if (!config.contains(key)) config[key] = value;
  }
  ASSIGN_OR_RETURN(config["EngineVersion"],
                   EngineVersionOf(config.value("EngineVersion", json::object())));
  RETURN_NOT_OK(ValidateConfiguration(config));
  json doc = {{"Name", input["Name"]},
              {"State", "ENABLED"},
              {"Configuration", config},
              {"CreationTime", NowEpochSeconds()}};
  if (input.contains("Description")) doc["Description"] = input["Description"];
  return doc;
}

json PrimaryDocument() {
  return {{"Name", kPrimaryWorkGroup},
          {"State", "ENABLED"},
          {"Configuration",
           {{"EnforceWorkGroupConfiguration", false},
            {"PublishCloudWatchMetricsEnabled", false},
            {"RequesterPaysEnabled", false},
            {"EngineVersion",
             {{"SelectedEngineVersion", "AUTO"}, {"EffectiveEngineVersion", kEngineVersion}}}}},
          {"CreationTime", NowEpochSeconds()}};
}

Result<std::optional<json>> TryLoad(Session& s, std::string_view name) {
  std::optional<json> doc;
  RETURN_NOT_OK(
      s.Query("SELECT body FROM athena_workgroups WHERE name = ?", {name}, [&](const Row& r) {
        doc = json::parse(r.Text(0));
        return false;
      }));
  return doc;
}

Result<json> Load(Session& s, std::string_view name) {
  ASSIGN_OR_RETURN(std::optional<json> doc, TryLoad(s, name));
  if (!doc) return NotFound(name);
  return std::move(*doc);
}

Status Insert(Session& s, const json& doc) {
  std::string name = doc["Name"].get<std::string>();
  std::string body = Dump(doc);
  return s.Execute("INSERT INTO athena_workgroups (name, body) VALUES (?, ?)",
                   {std::string_view(name), std::string_view(body)});
}

Status Store(Session& s, const json& doc) {
  std::string name = doc["Name"].get<std::string>();
  std::string body = Dump(doc);
  return s.Execute("UPDATE athena_workgroups SET body = ? WHERE name = ?",
                   {std::string_view(body), std::string_view(name)});
}

// The ResultConfigurationUpdates members and the Remove* flag that clears each.
constexpr std::pair<const char*, const char*> kResultUpdates[] = {
    {"OutputLocation", "RemoveOutputLocation"},
    {"EncryptionConfiguration", "RemoveEncryptionConfiguration"},
    {"ExpectedBucketOwner", "RemoveExpectedBucketOwner"},
    {"AclConfiguration", "RemoveAclConfiguration"},
};

// WorkGroupConfigurationUpdates members copied as they are into the Configuration.
constexpr const char* kCopiedUpdates[] = {"EnforceWorkGroupConfiguration",
                                          "PublishCloudWatchMetricsEnabled",
                                          "RequesterPaysEnabled",
                                          "AdditionalConfiguration",
                                          "ExecutionRole",
                                          "EnableMinimumEncryptionConfiguration",
                                          "QueryResultsS3AccessGrantsConfiguration",
                                          "MonitoringConfiguration",
                                          "EngineConfiguration",
                                          "ManagedQueryResultsConfiguration"};

Status ApplyConfigurationUpdates(const json& updates, json& config) {
  for (const char* key : kCopiedUpdates) {
    if (updates.contains(key)) config[key] = updates[key];
  }
  if (updates.contains("ManagedQueryResultsConfigurationUpdates")) {
    json managed = config.value("ManagedQueryResultsConfiguration", json::object());
    managed.update(updates["ManagedQueryResultsConfigurationUpdates"]);
    config["ManagedQueryResultsConfiguration"] = managed;
  }
  if (updates.value("RemoveBytesScannedCutoffPerQuery", false)) {
    config.erase("BytesScannedCutoffPerQuery");
  } else if (updates.contains("BytesScannedCutoffPerQuery")) {
    config["BytesScannedCutoffPerQuery"] = updates["BytesScannedCutoffPerQuery"];
  }
  if (updates.value("RemoveCustomerContentEncryptionConfiguration", false)) {
    config.erase("CustomerContentEncryptionConfiguration");
  } else if (updates.contains("CustomerContentEncryptionConfiguration")) {
    config["CustomerContentEncryptionConfiguration"] =
        updates["CustomerContentEncryptionConfiguration"];
  }
  if (updates.contains("EngineVersion")) {
    ASSIGN_OR_RETURN(config["EngineVersion"], EngineVersionOf(updates["EngineVersion"]));
  }
  if (updates.contains("ResultConfigurationUpdates")) {
    const json& result_updates = updates["ResultConfigurationUpdates"];
    json result = config.value("ResultConfiguration", json::object());
    for (const auto& [member, remove] : kResultUpdates) {
      if (result_updates.value(remove, false)) {
        result.erase(member);
      } else if (result_updates.contains(member)) {
        result[member] = result_updates[member];
      }
    }
    if (result.empty()) {
      config.erase("ResultConfiguration");
    } else {
      config["ResultConfiguration"] = result;
    }
  }
  return ValidateConfiguration(config);
}

json Summary(const json& doc) {
  json summary = {{"Name", doc["Name"]}, {"State", doc["State"]}};
  if (doc.contains("Description")) summary["Description"] = doc["Description"];
  summary["CreationTime"] = doc["CreationTime"];
  summary["EngineVersion"] = doc["Configuration"].value(
      "EngineVersion",
      json{{"SelectedEngineVersion", "AUTO"}, {"EffectiveEngineVersion", kEngineVersion}});
  return summary;
}

}  // namespace

Status RequireWorkGroup(Session& s, std::string_view name) {
  if (name == kPrimaryWorkGroup) return Status::OK();
  ASSIGN_OR_RETURN(std::optional<json> doc, TryLoad(s, name));
  return doc ? Status::OK() : NotFound(name);
}

Status WorkGroups::EnsurePrimary() {
  if (primary_ready_.load(std::memory_order_acquire)) return Status::OK();
  RETURN_NOT_OK(store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(std::optional<json> doc, TryLoad(s, kPrimaryWorkGroup));
    return doc ? Status::OK() : Insert(s, PrimaryDocument());
  }));
  primary_ready_.store(true, std::memory_order_release);
  return Status::OK();
}

Status WorkGroups::Create(const json& input) {
  RETURN_NOT_OK(EnsurePrimary());
  ASSIGN_OR_RETURN(json doc, NewDocument(input));
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(std::optional<json> existing, TryLoad(s, doc["Name"].get<std::string>()));
    if (existing) return Status::AlreadyExists("WorkGroup is already created");
    return Insert(s, doc);
  });
}

Result<json> WorkGroups::Get(std::string_view name) {
  RETURN_NOT_OK(EnsurePrimary());
  json doc;
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(doc, Load(s, name));
    return Status::OK();
  }));
  return doc;
}

Result<catalog::Page> WorkGroups::List(const catalog::PageRequest& page) {
  RETURN_NOT_OK(EnsurePrimary());
  std::string after;
  if (page.next_token) {
    ASSIGN_OR_RETURN(json cursor, catalog::ReadToken("workgroups", *page.next_token));
    if (!cursor.is_string()) return Status::InvalidInput("Invalid NextToken");
    after = cursor.get<std::string>();
  }
  catalog::PageFiller out("workgroups", page.max_results);
  RETURN_NOT_OK(store_.Read([&](Session& s) {
    return s.Query("SELECT name, body FROM athena_workgroups WHERE name > ? ORDER BY name",
                   {std::string_view(after)}, [&](const Row& r) {
                     return out.Offer(std::string(r.Text(0)),
                                      Dump(Summary(json::parse(r.Text(1)))));
                   });
  }));
  return out.Finish();
}

Status WorkGroups::Update(const json& input) {
  RETURN_NOT_OK(EnsurePrimary());
  std::string name = input["WorkGroup"].get<std::string>();
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(json doc, Load(s, name));
    if (input.contains("Description")) doc["Description"] = input["Description"];
    if (input.contains("State")) doc["State"] = input["State"];
    if (input.contains("ConfigurationUpdates")) {
      RETURN_NOT_OK(ApplyConfigurationUpdates(input["ConfigurationUpdates"], doc["Configuration"]));
    }
    return Store(s, doc);
  });
}

Status WorkGroups::Delete(std::string_view name, bool recursive) {
  if (name == kPrimaryWorkGroup) {
    return Status::InvalidInput("WorkGroup primary cannot be deleted: it is the default workgroup");
  }
  return store_.Write([&](Session& s) -> Status {
    RETURN_NOT_OK(Load(s, name).status());
    int64_t named_queries = 0;
    RETURN_NOT_OK(s.Query("SELECT COUNT(*) FROM athena_named_queries WHERE workgroup = ?", {name},
                          [&](const Row& r) {
                            named_queries = r.Int(0);
                            return false;
                          }));
    if (named_queries > 0) {
      if (!recursive) {
        return Status::InvalidInput("WorkGroup " + std::string(name) + " is not empty: it has " +
                                    std::to_string(named_queries) +
                                    " named queries (delete them, or pass RecursiveDeleteOption)");
      }
      RETURN_NOT_OK(s.Execute("DELETE FROM athena_named_queries WHERE workgroup = ?", {name}));
    }
    return s.Execute("DELETE FROM athena_workgroups WHERE name = ?", {name});
  });
}

Result<WorkGroupSettings> WorkGroups::Resolve(std::string_view name) {
  ASSIGN_OR_RETURN(json doc, Get(name));
  const json& config = doc["Configuration"];
  WorkGroupSettings settings;
  settings.name = std::string(name);
  settings.enabled = doc.value("State", "ENABLED") == "ENABLED";
  const json& result = config.value("ResultConfiguration", json::object());
  if (result.contains("OutputLocation")) {
    settings.output_location = result["OutputLocation"].get<std::string>();
  }
  settings.enforce_configuration = config.value("EnforceWorkGroupConfiguration", false);
  if (config.contains("BytesScannedCutoffPerQuery")) {
    settings.bytes_scanned_cutoff = config["BytesScannedCutoffPerQuery"].get<int64_t>();
  }
  return settings;
}

}  // namespace sluice::query
