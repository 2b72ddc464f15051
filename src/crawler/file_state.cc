#include "crawler/file_state.h"

namespace sluice::crawler {

using metastore::Row;
using metastore::Session;
using nlohmann::json;

json FileStateToJson(const SampledFile& f) {
  json doc = {{"compression", f.compression}, {"sample_bytes", f.sample_bytes}};
  if (!f.schema) return doc;
  const formats::FileClassification& c = *f.schema;
  json columns = json::array();
  for (const auto& col : c.columns) columns.push_back({col.name, col.type.ToString()});
  doc["classification"] = {{"classification", c.classification},
                           {"certainty", c.certainty},
                           {"reason", c.reason},
                           {"columns", columns},
                           {"schema_known", c.schema_known},
                           {"table_parameters", c.table_parameters},
                           {"serde_library", c.serde_library},
                           {"serde_parameters", c.serde_parameters},
                           {"input_format", c.input_format},
                           {"output_format", c.output_format},
                           {"sample_records", c.sample_records}};
  return doc;
}

Result<SampledFile> FileStateFromJson(const json& doc) {
  SampledFile f;
  if (!doc.is_object()) return Status::InvalidInput("not a file state");
  f.compression = doc.value("compression", "none");
  f.sample_bytes = doc.value("sample_bytes", uint64_t{0});
  if (!doc.contains("classification")) return f;
  const json& c = doc["classification"];
  formats::FileClassification out;
  out.classification = c.value("classification", "UNKNOWN");
  out.certainty = c.value("certainty", 0.0);
  out.reason = c.value("reason", "");
  for (const auto& col : c.value("columns", json::array())) {
    ASSIGN_OR_RETURN(formats::GlueType type, formats::ParseGlueType(col[1].get<std::string>()));
    out.columns.push_back({col[0].get<std::string>(), std::move(type)});
  }
  out.schema_known = c.value("schema_known", false);
  out.table_parameters = c.value("table_parameters", std::map<std::string, std::string>{});
  out.serde_library = c.value("serde_library", "");
  out.serde_parameters = c.value("serde_parameters", std::map<std::string, std::string>{});
  out.input_format = c.value("input_format", "");
  out.output_format = c.value("output_format", "");
  out.sample_records = c.value("sample_records", size_t{0});
  f.schema = std::move(out);
  return f;
}

Result<std::map<std::string, FileState>> LoadFileStates(metastore::Metastore& store,
                                                        const std::string& crawler) {
  std::map<std::string, FileState> out;
  Status parse_error;
  RETURN_NOT_OK(store.Read([&](Session& s) {
    return s.Query(
        "SELECT uri, size, modified_ms, state FROM crawler_file_states WHERE crawler = ?",
        {std::string_view(crawler)}, [&](const Row& r) {
          json doc = json::parse(r.Text(3), nullptr, false);
          auto sampled = FileStateFromJson(doc);
          if (!sampled.ok()) return true;  // unreadable state: the file is read again
          FileState& st = out[std::string(r.Text(0))];
          st.size = static_cast<uint64_t>(r.Int(1));
          st.modified_ms = r.Int(2);
          st.sampled = std::move(*sampled);
          return true;
        });
  }));
  return out;
}

Status SaveFileStates(metastore::Metastore& store, const std::string& crawler,
                      const std::vector<std::pair<std::string, const SampledFile*>>& files) {
  return store.Write([&](Session& s) -> Status {
    RETURN_NOT_OK(s.Execute("DELETE FROM crawler_file_states WHERE crawler = ?",
                            {std::string_view(crawler)}));
    for (const auto& [uri, file] : files) {
      std::string state =
          FileStateToJson(*file).dump(-1, ' ', false, json::error_handler_t::replace);
      RETURN_NOT_OK(s.Execute(
          "INSERT INTO crawler_file_states (crawler, uri, size, modified_ms, state) "
          "VALUES (?, ?, ?, ?, ?)",
          {std::string_view(crawler), std::string_view(uri), static_cast<int64_t>(file->file.size),
           file->file.last_modified_ms, std::string_view(state)}));
    }
    return Status::OK();
  });
}

Result<std::optional<int64_t>> LoadEventPosition(metastore::Metastore& store,
                                                 const std::string& crawler) {
  std::optional<int64_t> position;
  RETURN_NOT_OK(store.Read([&](Session& s) {
    return s.Query("SELECT event_id FROM crawler_event_positions WHERE crawler = ?",
                   {std::string_view(crawler)}, [&](const Row& r) {
                     position = r.Int(0);
                     return false;
                   });
  }));
  return position;
}

Status SaveEventPosition(metastore::Metastore& store, const std::string& crawler,
                         int64_t event_id) {
  return store.Write([&](Session& s) -> Status {
    RETURN_NOT_OK(s.Execute("DELETE FROM crawler_event_positions WHERE crawler = ?",
                            {std::string_view(crawler)}));
    return s.Execute("INSERT INTO crawler_event_positions (crawler, event_id) VALUES (?, ?)",
                     {std::string_view(crawler), event_id});
  });
}

Status DeleteFileStates(Session& s, const std::string& crawler) {
  RETURN_NOT_OK(s.Execute("DELETE FROM crawler_event_positions WHERE crawler = ?",
                          {std::string_view(crawler)}));
  return s.Execute("DELETE FROM crawler_file_states WHERE crawler = ?",
                   {std::string_view(crawler)});
}

}  // namespace sluice::crawler
