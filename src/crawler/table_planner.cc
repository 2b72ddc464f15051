#include "crawler/table_planner.h"

#include <algorithm>
#include <map>
#include <set>

#include "formats/type_lattice.h"
#include "formats/value_types.h"
#include "storage/md5.h"

namespace sluice::crawler {
namespace {

using formats::Column;

// A folder below the target root and the files under it.
struct Folder {
  std::string path;                        // relative, "" or ending with '/'
  std::vector<size_t> direct;              // files directly in it
  std::map<std::string, Folder> children;  // by segment
  std::vector<size_t> all;                 // every file below it
};

std::vector<std::string> Segments(std::string_view relative) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t slash = relative.find('/', start);
    if (slash == std::string_view::npos) break;
    out.emplace_back(relative.substr(start, slash - start));
    start = slash + 1;
  }
  return out;  // the folders only; the file name is dropped
}

std::string FileName(std::string_view relative) {
  size_t slash = relative.rfind('/');
  return std::string(slash == std::string_view::npos ? relative : relative.substr(slash + 1));
}

std::string FormatKey(const SampledFile& f) {
  return f.schema->classification + "/" + f.compression;
}

bool Classified(const SampledFile& f) { return f.schema && f.schema->certainty >= 1.0; }

std::set<std::string> ColumnNames(const std::vector<SampledFile>& files,
                                  const std::vector<size_t>& ids) {
  std::set<std::string> names;
  for (size_t i : ids) {
    if (!Classified(files[i])) continue;
    for (const Column& c : files[i].schema->columns) names.insert(c.name);
  }
  return names;
}

class Planner {
 public:
  Planner(const std::vector<SampledFile>& files, const PlanOptions& options,
          std::vector<std::string>& log)
      : files_(files), options_(options), log_(log) {}

  std::vector<PlannedTable> Run() {
    Folder root;
    for (size_t i = 0; i < files_.size(); ++i) {
      Folder* node = &root;
      node->all.push_back(i);
      for (const std::string& segment : Segments(files_[i].file.relative)) {
        Folder& child = node->children[segment];
        if (child.path.empty()) child.path = node->path + segment + "/";
        node = &child;
        node->all.push_back(i);
      }
      node->direct.push_back(i);
    }
    if (options_.table_level) {
      int depth = *options_.table_level - options_.root_level;
      PlanAtDepth(root, std::max(depth, 0));
    } else {
      Plan(root);
    }
    AssignUniqueNames();
    return std::move(tables_);
  }

 private:
  std::string Where(const Folder& f) const { return options_.root_uri + f.path; }

  // The format every classified file below `f` shares, or "" when they differ (`why` says how).
  std::string SharedFormat(const Folder& f, std::string& why) const {
    std::string format;
    for (size_t i : f.all) {
      if (!Classified(files_[i])) continue;
      std::string key = FormatKey(files_[i]);
      if (format.empty()) {
        format = key;
      } else if (key != format) {
        why = "formats differ (" + format + " vs " + key + " in " + files_[i].file.relative + ")";
        return "";
      }
    }
    if (format.empty()) why = "no file could be classified";
    return format;
  }

  // Glue's 70% rule over the sub-folders (and the files directly in the folder, as one group).
  bool Similar(const Folder& f, std::string& why) const {
    std::vector<std::set<std::string>> groups;
    if (!f.direct.empty()) groups.push_back(ColumnNames(files_, f.direct));
    for (const auto& [name, child] : f.children) groups.push_back(ColumnNames(files_, child.all));
    if (groups.size() < 2) return true;
    std::set<std::string> all;
    std::set<std::set<std::string>> distinct;
    for (const auto& g : groups) {
      all.insert(g.begin(), g.end());
      distinct.insert(g);
    }
    if (distinct.size() > 5) {
      why = std::to_string(distinct.size()) + " distinct schemas among " +
            std::to_string(groups.size()) + " sub-folders (at most 5 may form one table)";
      return false;
    }
    // Overlap with the widest group: shared columns / the smaller column count, so that a
    // folder with columns added (schema evolution) still matches, disjoint schemas do not.
    const std::set<std::string>* widest = &groups[0];
    for (const auto& g : groups) {
      if (g.size() > widest->size()) widest = &g;
    }
    size_t similar = 0;
    for (const auto& g : groups) {
      size_t shared = 0;
      for (const auto& c : g) shared += widest->count(c);
      size_t smaller = std::min(g.size(), widest->size());
      if (smaller == 0 || shared * 10 >= smaller * 7) ++similar;
    }
    if (similar * 10 < groups.size() * 7) {
      why = "only " + std::to_string(similar) + " of " + std::to_string(groups.size()) +
            " sub-folders share 70% of their columns with the widest schema (70% of them must)";
      return false;
    }
    return true;
  }

  void Plan(const Folder& f) {
    std::string why;
    std::string format = SharedFormat(f, why);
    if (format.empty() && why == "no file could be classified") {
      log_.push_back(Where(f) + ": no table (" + why + ")");
      return;
    }
    if (!format.empty() && options_.known_roots.count(f.path)) {
      MakeTable(f, "one table: this crawler's table at this location is kept (same format " +
                       format + ")");
      return;
    }
    bool known_below = false;
    for (const std::string& root : options_.known_roots) {
      known_below = known_below || (root.size() > f.path.size() && root.rfind(f.path, 0) == 0);
    }
    if (known_below) {
      log_.push_back(Where(f) +
                     ": not one table (this crawler has tables below it); each "
                     "sub-folder is planned alone");
      for (const auto& [name, child] : f.children) Plan(child);
      for (size_t i : f.direct) MakeFileTable(i);
      return;
    }
    if (!format.empty() && (options_.combine_compatible || Similar(f, why))) {
      MakeTable(f, options_.combine_compatible
                       ? "one table: same format " + format + " (CombineCompatibleSchemas)"
                       : "one table: same format " + format + " and similar schemas");
      return;
    }
    log_.push_back(Where(f) + ": not one table (" + why + "); each sub-folder is planned alone");
    for (const auto& [name, child] : f.children) Plan(child);
    for (size_t i : f.direct) MakeFileTable(i);
  }

  void PlanAtDepth(const Folder& f, int depth) {
    if (depth == 0) {
      MakeTable(f, "table root at level " + std::to_string(*options_.table_level) +
                       " (TableLevelConfiguration)");
      return;
    }
    for (const auto& [name, child] : f.children) PlanAtDepth(child, depth - 1);
    for (size_t i : f.direct) {
      log_.push_back(options_.root_uri + files_[i].file.relative +
                     ": above the configured table level; not in any table");
    }
  }

  void MakeFileTable(size_t i) {
    const SampledFile& file = files_[i];
    if (!Classified(file)) {
      log_.push_back(options_.root_uri + file.file.relative + ": no table (not classified: " +
                     (file.schema ? file.schema->reason : "not sampled") + ")");
      return;
    }
    PlannedTable t;
    std::string stem = FileName(file.file.relative);
    t.name = options_.table_prefix + TableNameFrom(stem);
    t.location = options_.root_uri + file.file.relative;
    Fill(t, {i});
    log_.push_back("table " + t.name + " at " + t.location +
                   ": a file beside folders of other data becomes its own table");
    tables_.push_back(std::move(t));
  }

  void Fill(PlannedTable& t, const std::vector<size_t>& ids) {
    bool first = true;
    for (size_t i : ids) {
      const SampledFile& file = files_[i];
      t.objects += 1;
      t.bytes += file.file.size;
      if (!Classified(file)) continue;
      if (first) {
        t.format = *file.schema;
        t.classification = file.schema->classification;
        t.compression = file.compression;
        t.columns = file.schema->columns;
        first = false;
      } else {
        formats::SchemaUnion u = formats::WidenSchema(t.columns, file.schema->columns);
        for (const auto& change : u.changes) {
          log_.push_back("table " + t.name + ": " + change.ToString() + " (by " +
                         file.file.relative + ")");
        }
        t.columns = std::move(u.columns);
      }
      t.sampled_records += file.schema->sample_records;
      t.sampled_bytes += file.sample_bytes;
    }
    for (Column& c : t.columns) c.type = formats::ResolveForCatalog(c.type);
  }

  void MakeTable(const Folder& f, const std::string& reason) {
    PlannedTable t;
    std::string folder = f.path.empty() ? options_.root_name : f.path.substr(0, f.path.size() - 1);
    size_t slash = folder.rfind('/');
    if (slash != std::string::npos) folder = folder.substr(slash + 1);
    t.name = options_.table_prefix + TableNameFrom(folder);
    t.location = Where(f);
    log_.push_back("table " + t.name + " at " + t.location + ": " + reason);
    Fill(t, f.all);
    Partition(f, t);
    tables_.push_back(std::move(t));
  }

  void Partition(const Folder& f, PlannedTable& t) {
    size_t base = Segments(f.path + "x").size();  // folders above the table root
    size_t depth = SIZE_MAX;
    size_t at_root = 0;
    for (size_t i : f.all) {
      size_t d = Segments(files_[i].file.relative).size() - base;
      if (d == 0) {
        ++at_root;
      } else {
        depth = std::min(depth, d);
      }
    }
    if (depth == SIZE_MAX) return;  // no sub-folders: not partitioned
    if (at_root > 0) {
      log_.push_back("table " + t.name + ": " + std::to_string(at_root) +
                     " file(s) directly at the table root are in no partition (queries of the "
                     "partitioned table do not read them)");
    }
    // Key names per level: the shared key of key=value folders, else partition_<level>.
    std::vector<std::string> keys(depth);
    std::map<std::vector<std::string>, PlannedPartition> partitions;
    for (size_t level = 0; level < depth; ++level) {
      std::string key;
      bool hive = true;
      for (size_t i : f.all) {
        auto segs = Segments(files_[i].file.relative);
        if (segs.size() - base == 0) continue;
        const std::string& seg = segs[base + level];
        size_t eq = seg.find('=');
        std::string k = eq == std::string::npos || eq == 0 ? "" : TableNameFrom(seg.substr(0, eq));
        if (k.empty() || (!key.empty() && k != key)) hive = false;
        if (key.empty()) key = k;
      }
      keys[level] = hive && !key.empty() ? key : "partition_" + std::to_string(level);
    }
    std::set<std::string> seen;
    for (size_t level = 0; level < depth; ++level) {
      if (!seen.insert(keys[level]).second) keys[level] = "partition_" + std::to_string(level);
    }
    for (size_t i : f.all) {
      auto segs = Segments(files_[i].file.relative);
      if (segs.size() - base == 0) continue;
      std::vector<std::string> values;
      std::string location = t.location;
      for (size_t level = 0; level < depth; ++level) {
        const std::string& seg = segs[base + level];
        size_t eq = seg.find('=');
        bool hive = keys[level].rfind("partition_", 0) != 0;
        values.push_back(hive && eq != std::string::npos ? seg.substr(eq + 1) : seg);
        location += seg + "/";
      }
      PlannedPartition& p = partitions[values];
      p.values = values;
      p.location = location;
      p.objects += 1;
      p.bytes += files_[i].file.size;
    }
    t.partition_keys = keys;
    for (auto& [values, p] : partitions) t.partitions.push_back(std::move(p));
    t.partition_key_types.assign(keys.size(), "string");
    for (size_t level = 0; options_.typed_partition_keys && level < keys.size(); ++level) {
      bool integers = true, dates = true;
      for (const PlannedPartition& p : t.partitions) {
        const std::string& v = p.values[level];
        bool digits = !v.empty() && v.size() <= 18 &&
                      std::all_of(v.begin() + (v[0] == '-' ? 1 : 0), v.end(),
                                  [](char c) { return c >= '0' && c <= '9'; }) &&
                      v != "-";
        integers = integers && digits;
        dates = dates && formats::IsIsoDate(v);
      }
      if (integers) t.partition_key_types[level] = "bigint";
      if (dates) t.partition_key_types[level] = "date";
      if (integers || dates) {
        log_.push_back("table " + t.name + ": partition key " + keys[level] + " typed " +
                       t.partition_key_types[level] + " (Sluice.TypedPartitionKeys)");
      }
    }
    // A data column named like a partition key would make the table unreadable: drop it.
    for (const std::string& key : keys) {
      auto it = std::find_if(t.columns.begin(), t.columns.end(),
                             [&](const Column& c) { return c.name == key; });
      if (it != t.columns.end()) {
        log_.push_back("table " + t.name + ": data column " + key +
                       " has a partition key's name; the partition key is used");
        t.columns.erase(it);
      }
    }
    std::string key_list;
    for (const auto& k : keys) key_list += (key_list.empty() ? "" : ", ") + k;
    log_.push_back("table " + t.name + ": partition keys (" + key_list + "), " +
                   std::to_string(t.partitions.size()) + " partition(s)");
  }

  void AssignUniqueNames() {
    std::map<std::string, int> count;
    for (const PlannedTable& t : tables_) ++count[t.name];
    for (PlannedTable& t : tables_) {
      if (count[t.name] < 2) continue;
      std::string old = t.name;
      t.name += "_" + storage::Md5Hex(t.location).substr(0, 8);
      log_.push_back("table " + old + " at " + t.location + " renamed " + t.name +
                     " (another table has the same name)");
    }
  }

  const std::vector<SampledFile>& files_;
  const PlanOptions& options_;
  std::vector<std::string>& log_;
  std::vector<PlannedTable> tables_;
};

}  // namespace

std::string TableNameFrom(std::string_view folder) {
  std::string out;
  for (char c : folder) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out.push_back(static_cast<char>(std::tolower(u)));
    } else {
      out.push_back('_');
    }
  }
  if (out.size() > 128) out.resize(128);
  return out;
}

std::vector<PlannedTable> PlanTables(const std::vector<SampledFile>& files,
                                     const PlanOptions& options, std::vector<std::string>& log) {
  return Planner(files, options, log).Run();
}

}  // namespace sluice::crawler
