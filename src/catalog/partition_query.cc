// Partition queries: GetPartitions (filter, segment, pagination) and BatchGetPartition.
//
// A GetPartitions expression is answered with index range scans, never by loading every
// partition: PartitionFilter::IndexRanges gives byte ranges over the table's own sort key and
// over each partition index; the plan that pins the most leading keys wins. Each candidate row
// is re-checked with PartitionFilter::Matches, so ranges only need to be a superset.
#include "catalog/catalog.h"
#include "catalog/catalog_internal.h"
#include "catalog/partition_expr.h"
#include "common/base64.h"

namespace sluice::catalog {

using metastore::Blob;
using metastore::Row;
using metastore::Session;
using namespace internal;

namespace {

struct ScanPlan {
  std::optional<IndexDef> index;  // nullopt = the table's sort key
  std::vector<KeyRange> ranges;
};

ScanPlan ChoosePlan(const PartitionFilter& filter, const TableRow& table,
                    const std::vector<IndexDef>& indexes) {
  std::vector<int> all = AllPositions(table.keys);
  ScanPlan plan;
  std::optional<std::vector<KeyRange>> best = filter.IndexRanges(all);
  int best_eq = best ? filter.EqualityPrefixLength(all) : -1;
  for (const IndexDef& index : indexes) {
    auto ranges = filter.IndexRanges(index.positions);
    if (!ranges) continue;
    int eq = filter.EqualityPrefixLength(index.positions);
    if (!best || eq > best_eq) {
      best = std::move(ranges);
      best_eq = eq;
      plan.index = index;
    }
  }
  plan.ranges = best ? std::move(*best) : std::vector<KeyRange>{KeyRange{}};
  return plan;
}

// Where the previous page stopped: the last key (sort key or index key) and partition id.
struct Cursor {
  std::string plan;
  std::string key;
  int64_t id = 0;
};

class PageCollector {
 public:
  PageCollector(const PartitionFilter& filter, const PartitionQuery& query)
      : filter_(filter), query_(query) {}

  // Offers one candidate row; returns false once the page is full and one more match was seen.
  bool Offer(int64_t id, std::string_view key, std::string_view values_json,
             std::string_view body) {
    ++page_.rows_examined;
    if (query_.total_segments && id % *query_.total_segments != query_.segment_number.value_or(0)) {
      return true;
    }
    if (!filter_.MatchesAll() && !filter_.Matches(ValuesOf(ParseStored(values_json)))) return true;
    if (static_cast<int>(page_.items.size()) == query_.page.max_results) {
      more_ = true;
      return false;
    }
    last_key_ = key;
    last_id_ = id;
    if (query_.exclude_column_schema) {
      json doc = ParseStored(body);
      if (doc.contains("StorageDescriptor")) doc["StorageDescriptor"].erase("Columns");
      page_.items.push_back(Dump(doc));
    } else {
      page_.items.emplace_back(body);
    }
    return true;
  }

  bool done() const { return more_; }

  Page Finish(const std::string& plan_name) {
    if (more_) {
      page_.next_token = MakeToken(
          "partitions", {{"p", plan_name}, {"k", Base64UrlEncode(last_key_)}, {"i", last_id_}});
    }
    return std::move(page_);
  }

 private:
  const PartitionFilter& filter_;
  const PartitionQuery& query_;
  Page page_;
  bool more_ = false;
  std::string last_key_;
  int64_t last_id_ = 0;
};

Status ScanSortKey(Session& s, int64_t table_id, const KeyRange& range, PageCollector& out) {
  auto on_row = [&](const Row& r) { return out.Offer(r.Int(0), r.Bytes(1), r.Text(2), r.Text(3)); };
  if (range.hi.empty()) {
    return s.Query(
        "SELECT id, sort_key, partition_values, body FROM catalog_partitions "
        "WHERE table_id = ? AND sort_key >= ? ORDER BY sort_key",
        {table_id, Blob{range.lo}}, on_row);
  }
  return s.Query(
      "SELECT id, sort_key, partition_values, body FROM catalog_partitions "
      "WHERE table_id = ? AND sort_key >= ? AND sort_key < ? ORDER BY sort_key",
      {table_id, Blob{range.lo}, Blob{range.hi}}, on_row);
}

Status ScanIndex(Session& s, int64_t table_id, const IndexDef& index, const KeyRange& range,
                 const Cursor* cursor, PageCollector& out) {
  auto on_row = [&](const Row& r) {
    int64_t id = r.Int(0);
    std::string_view key = r.Bytes(1);
    if (cursor != nullptr && key == cursor->key && id <= cursor->id) return true;
    return out.Offer(id, key, r.Text(2), r.Text(3));
  };
  static constexpr const char* kSelect =
      "SELECT e.partition_id, e.index_key, p.partition_values, p.body "
      "FROM catalog_partition_index_entries e JOIN catalog_partitions p ON p.id = e.partition_id "
      "WHERE e.table_id = ? AND e.index_name = ? AND e.index_key >= ?";
  if (range.hi.empty()) {
    return s.Query(std::string(kSelect) + " ORDER BY e.index_key, e.partition_id",
                   {table_id, std::string_view(index.name), Blob{range.lo}}, on_row);
  }
  return s.Query(std::string(kSelect) + " AND e.index_key < ? ORDER BY e.index_key, e.partition_id",
                 {table_id, std::string_view(index.name), Blob{range.lo}, Blob{range.hi}}, on_row);
}

Result<std::optional<Cursor>> ReadCursor(const std::optional<std::string>& token) {
  if (!token) return std::optional<Cursor>();
  ASSIGN_OR_RETURN(json c, ReadToken("partitions", *token));
  std::optional<std::string> key;
  if (c.is_object() && c.value("k", json()).is_string())
    key = Base64UrlDecode(c["k"].get<std::string>());
  if (!key || !c.value("p", json()).is_string() || !c.value("i", json()).is_number_integer()) {
    return Status::InvalidInput("Invalid NextToken");
  }
  return std::optional<Cursor>(Cursor{c["p"].get<std::string>(), *key, c["i"].get<int64_t>()});
}

}  // namespace

Result<Page> Catalog::GetPartitions(std::string_view db, std::string_view table,
                                    const PartitionQuery& query) {
  if (query.total_segments.has_value() != query.segment_number.has_value() ||
      (query.total_segments && *query.segment_number >= *query.total_segments)) {
    return Status::InvalidInput("Segment.SegmentNumber must be below Segment.TotalSegments");
  }
  ASSIGN_OR_RETURN(std::optional<Cursor> cursor, ReadCursor(query.page.next_token));
  Page result;
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, NormalizeName(db), NormalizeName(table)));
    ASSIGN_OR_RETURN(PartitionFilter filter, PartitionFilter::Compile(query.expression, row.keys));
    ASSIGN_OR_RETURN(std::vector<IndexDef> indexes, LoadIndexes(s, row.id));
    ScanPlan plan = ChoosePlan(filter, row, indexes);
    std::string plan_name = plan.index ? plan.index->name : "";
    if (cursor && cursor->plan != plan_name) {
      return Status::InvalidInput("Invalid NextToken: it belongs to a different Expression");
    }
    PageCollector collector(filter, query);
    for (KeyRange range : plan.ranges) {
      if (cursor) {
        // Resume after the cursor: skip ranges that end before it, start the rest at it.
        std::string resume = plan.index ? cursor->key : cursor->key + std::string(1, '\0');
        if (!range.hi.empty() && range.hi <= resume) continue;
        if (range.lo < resume) range.lo = resume;
      }
      if (plan.index) {
        RETURN_NOT_OK(
            ScanIndex(s, row.id, *plan.index, range, cursor ? &*cursor : nullptr, collector));
      } else {
        RETURN_NOT_OK(ScanSortKey(s, row.id, range, collector));
      }
      if (collector.done()) break;
    }
    result = collector.Finish(plan_name);
    return Status::OK();
  }));
  return result;
}

Result<std::pair<std::vector<std::string>, std::vector<std::vector<std::string>>>>
Catalog::BatchGetPartition(std::string_view db, std::string_view table,
                           const std::vector<std::vector<std::string>>& values_list) {
  std::vector<std::string> found;
  std::vector<std::vector<std::string>> missing;
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, NormalizeName(db), NormalizeName(table)));
    std::vector<int> all = AllPositions(row.keys);
    for (const auto& values : values_list) {
      bool hit = false;
      if (values.size() == row.keys.size()) {
        std::string key = EncodeIndexKey(row.keys, values, all);
        RETURN_NOT_OK(
            s.Query("SELECT body FROM catalog_partitions WHERE table_id = ? AND sort_key = ?",
                    {row.id, Blob{key}}, [&](const Row& r) {
                      found.emplace_back(r.Text(0));
                      hit = true;
                      return false;
                    }));
      }
      if (!hit) missing.push_back(values);
    }
    return Status::OK();
  }));
  return std::make_pair(std::move(found), std::move(missing));
}

}  // namespace sluice::catalog
