// Glue operations on partitions and partition indexes.
#include <nlohmann/json.hpp>

#include "api/glue/glue_service.h"

namespace sluice::api::glue {

using nlohmann::json;

namespace {

std::string Db(const json& in) { return in["DatabaseName"].get<std::string>(); }
std::string Table(const json& in) { return in["TableName"].get<std::string>(); }

std::vector<std::vector<std::string>> ValueLists(const json& entries) {
  std::vector<std::vector<std::string>> out;
  for (const json& e : entries) out.push_back(StringList(e.value("Values", json::array())));
  return out;
}

}  // namespace

void RegisterPartitionOperations(JsonService& service, catalog::Catalog& catalog) {
  service.Register("CreatePartition", [&catalog](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(catalog.CreatePartition(Db(in), Table(in), in["PartitionInput"]));
    return std::string("{}");
  });
  service.Register("BatchCreatePartition", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto errors,
                     catalog.BatchCreatePartition(Db(in), Table(in), in["PartitionInputList"]));
    return ErrorsOutput("PartitionValues", errors);
  });
  service.Register("GetPartition", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(std::string p,
                     catalog.GetPartition(Db(in), Table(in), StringList(in["PartitionValues"])));
    return "{\"Partition\":" + p + "}";
  });
  service.Register("GetPartitions", [&catalog](const json& in) -> Result<std::string> {
    catalog::PartitionQuery query;
    if (in.contains("Expression") && in["Expression"].is_string()) {
      query.expression = in["Expression"].get<std::string>();
    }
    if (in.contains("Segment")) {
      query.segment_number = in["Segment"].value("SegmentNumber", 0);
      query.total_segments = in["Segment"].value("TotalSegments", 1);
    }
    query.exclude_column_schema = in.value("ExcludeColumnSchema", false);
    query.page = PageOf(in, 1000);
    ASSIGN_OR_RETURN(catalog::Page page, catalog.GetPartitions(Db(in), Table(in), query));
    return ListOutput("Partitions", page);
  });
  service.Register("BatchGetPartition", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto result, catalog.BatchGetPartition(Db(in), Table(in),
                                                            ValueLists(in["PartitionsToGet"])));
    // Partitions that do not exist are simply absent, as in Glue; UnprocessedKeys lists only
    // keys the server could not get to, which never happens here.
    return "{\"Partitions\":" + JsonList(result.first) + ",\"UnprocessedKeys\":[]}";
  });
  service.Register("UpdatePartition", [&catalog](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(catalog.UpdatePartition(Db(in), Table(in), StringList(in["PartitionValueList"]),
                                          in["PartitionInput"]));
    return std::string("{}");
  });
  service.Register("BatchUpdatePartition", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto errors, catalog.BatchUpdatePartition(Db(in), Table(in), in["Entries"]));
    return ErrorsOutput("PartitionValueList", errors);
  });
  service.Register("DeletePartition", [&catalog](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(catalog.DeletePartition(Db(in), Table(in), StringList(in["PartitionValues"])));
    return std::string("{}");
  });
  service.Register("BatchDeletePartition", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto errors, catalog.BatchDeletePartition(
                                      Db(in), Table(in), ValueLists(in["PartitionsToDelete"])));
    return ErrorsOutput("PartitionValues", errors);
  });
  service.Register("CreatePartitionIndex", [&catalog](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(catalog.CreatePartitionIndex(Db(in), Table(in), in["PartitionIndex"]));
    return std::string("{}");
  });
  service.Register("GetPartitionIndexes", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto indexes, catalog.GetPartitionIndexes(Db(in), Table(in)));
    return json({{"PartitionIndexDescriptorList", indexes}}).dump();
  });
  service.Register("DeletePartitionIndex", [&catalog](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(
        catalog.DeletePartitionIndex(Db(in), Table(in), in["IndexName"].get<std::string>()));
    return std::string("{}");
  });
}

}  // namespace sluice::api::glue
