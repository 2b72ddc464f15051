// ClassifierRegistry: custom classifiers (CreateClassifier and friends), stored as Glue's
// Classifier documents: {"CsvClassifier": {...}} / GrokClassifier / JsonClassifier /
// XMLClassifier, each with Name, CreationTime, LastUpdated and Version.
//
// Names are unique across kinds. Update changes the members given and bumps Version; changing
// a classifier's kind is InvalidInput (as in Glue). Thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "catalog/paging.h"
#include "metastore/metastore.h"

namespace sluice::crawler {

class ClassifierRegistry {
 public:
  explicit ClassifierRegistry(metastore::Metastore& store) : store_(store) {}

  // CreateClassifier input: exactly one of the four members.
  Status Create(const nlohmann::json& input);
  Result<nlohmann::json> Get(std::string_view name);
  Result<catalog::Page> List(const catalog::PageRequest& page);
  Status Update(const nlohmann::json& input);
  // InvalidInput while a crawler lists it (Glue would let the crawler fail later).
  Status Delete(std::string_view name);

 private:
  metastore::Metastore& store_;
};

}  // namespace sluice::crawler
