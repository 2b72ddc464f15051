#include "api/logs/logs_service.h"

#include <nlohmann/json.hpp>

namespace sluice::api {

extern const char kLogsModelJson[];  // generated from src/api/models/logs.json

namespace {

using nlohmann::json;

constexpr const char* kCrawlerGroup = "/aws-glue/crawlers";

WireError LogsError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      return {"ResourceNotFoundException", 400};
    case StatusCode::kInvalidInput:
    case StatusCode::kPayloadTooLarge:
      return {"InvalidParameterException", 400};
    case StatusCode::kUnknownOperation:
      return {"UnknownOperationException", 400};
    default:
      return {"ServiceUnavailableException", 500};
  }
}

std::string Dump(const json& doc) {
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status RequireGroup(const json& in) {
  std::string group = in.value("logGroupName", in.value("logGroupIdentifier", ""));
  if (group != kCrawlerGroup) {
    return Status::NotFound("The specified log group does not exist: '" + group +
                            "' (Sluice keeps crawl logs in " + kCrawlerGroup + ")");
  }
  return Status::OK();
}

// Tokens are "f/<index>" (forward) or "b/<index>" (backward) into the stream's events.
Result<size_t> TokenIndex(const std::string& token, char direction) {
  if (token.size() < 3 || token[0] != direction || token[1] != '/') {
    return Status::InvalidInput(
        "The specified nextToken is invalid: pass back a token from the "
        "previous response");
  }
  size_t index = 0;
  for (char c : token.substr(2)) {
    if (c < '0' || c > '9') return Status::InvalidInput("The specified nextToken is invalid");
    index = index * 10 + static_cast<size_t>(c - '0');
  }
  return index;
}

bool Matches(const std::string& message, const std::string& pattern) {
  // Terms separated by spaces must all appear; "quoted phrases" count as one term.
  size_t i = 0;
  while (i < pattern.size()) {
    while (i < pattern.size() && pattern[i] == ' ') ++i;
    if (i >= pattern.size()) break;
    std::string term;
    if (pattern[i] == '"') {
      size_t end = pattern.find('"', i + 1);
      term = pattern.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
      i = end == std::string::npos ? pattern.size() : end + 1;
    } else {
      size_t end = pattern.find(' ', i);
      term = pattern.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end == std::string::npos ? pattern.size() : end;
    }
    if (!term.empty() && message.find(term) == std::string::npos) return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<JsonService>> MakeLogsService(crawler::CrawlerRegistry& crawlers) {
  ASSIGN_OR_RETURN(auto model, ServiceModel::Load(kLogsModelJson));
  auto service = std::make_unique<JsonService>("Logs_20140328", std::move(model), &LogsError);

  service->Register("DescribeLogGroups", [&crawlers](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto streams, crawlers.LogStreams());
    json groups = json::array();
    std::string prefix = in.value("logGroupNamePrefix", "");
    if (!streams.empty() && std::string(kCrawlerGroup).rfind(prefix, 0) == 0) {
      int64_t created = streams.front().first_ms;
      for (const auto& s : streams) created = std::min(created, s.first_ms);
      groups.push_back({{"logGroupName", kCrawlerGroup},
                        {"creationTime", created},
                        {"metricFilterCount", 0},
                        {"storedBytes", 0},
                        {"logGroupClass", "STANDARD"}});
    }
    return Dump({{"logGroups", groups}});
  });

  service->Register("DescribeLogStreams", [&crawlers](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(RequireGroup(in));
    ASSIGN_OR_RETURN(auto streams, crawlers.LogStreams());
    std::string prefix = in.value("logStreamNamePrefix", "");
    if (in.value("orderBy", "LogStreamName") == "LastEventTime") {
      std::stable_sort(streams.begin(), streams.end(),
                       [](const auto& a, const auto& b) { return a.last_ms < b.last_ms; });
    }
    if (in.value("descending", false)) std::reverse(streams.begin(), streams.end());
    size_t start = 0;
    if (in.contains("nextToken")) {
      ASSIGN_OR_RETURN(start, TokenIndex(in["nextToken"].get<std::string>(), 'f'));
    }
    size_t limit = in.value("limit", 50);
    json out = json::array();
    size_t i = 0, next = 0;
    for (const auto& s : streams) {
      if (s.name.rfind(prefix, 0) != 0) continue;
      if (i++ < start) continue;
      if (out.size() == limit) {
        next = i - 1;
        break;
      }
      out.push_back({{"logStreamName", s.name},
                     {"creationTime", s.first_ms},
                     {"firstEventTimestamp", s.first_ms},
                     {"lastEventTimestamp", s.last_ms},
                     {"lastIngestionTime", s.last_ms},
                     {"storedBytes", 0}});
    }
    json body = {{"logStreams", out}};
    if (next > 0) body["nextToken"] = "f/" + std::to_string(next);
    return Dump(body);
  });

  service->Register("GetLogEvents", [&crawlers](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(RequireGroup(in));
    ASSIGN_OR_RETURN(auto all, crawlers.LogEvents(in["logStreamName"].get<std::string>()));
    std::vector<const crawler::CrawlerRegistry::LogEvent*> events;
    int64_t from = in.value("startTime", int64_t{0});
    int64_t to = in.value("endTime", INT64_MAX);
    for (const auto& e : all) {
      if (e.timestamp_ms >= from && e.timestamp_ms < to) events.push_back(&e);
    }
    size_t limit = in.value("limit", 10000);
    size_t begin = 0, end = events.size();
    if (in.contains("nextToken")) {
      std::string token = in["nextToken"].get<std::string>();
      if (!token.empty() && token[0] == 'b') {
        ASSIGN_OR_RETURN(end, TokenIndex(token, 'b'));
        end = std::min(end, events.size());
        begin = end > limit ? end - limit : 0;
      } else {
        ASSIGN_OR_RETURN(begin, TokenIndex(token, 'f'));
        begin = std::min(begin, events.size());
        end = std::min(events.size(), begin + limit);
      }
    } else if (in.value("startFromHead", false)) {
      end = std::min(events.size(), limit);
    } else {
      begin = events.size() > limit ? events.size() - limit : 0;
    }
    json out = json::array();
    for (size_t i = begin; i < end; ++i) {
      out.push_back({{"timestamp", events[i]->timestamp_ms},
                     {"message", events[i]->message},
                     {"ingestionTime", events[i]->timestamp_ms}});
    }
    return Dump({{"events", out},
                 {"nextForwardToken", "f/" + std::to_string(end)},
                 {"nextBackwardToken", "b/" + std::to_string(begin)}});
  });

  service->Register("FilterLogEvents", [&crawlers](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(RequireGroup(in));
    ASSIGN_OR_RETURN(auto streams, crawlers.LogStreams());
    std::vector<std::string> names;
    if (in.contains("logStreamNames")) {
      for (const auto& n : in["logStreamNames"]) names.push_back(n.get<std::string>());
    } else {
      std::string prefix = in.value("logStreamNamePrefix", "");
      for (const auto& s : streams) {
        if (s.name.rfind(prefix, 0) == 0) names.push_back(s.name);
      }
    }
    std::string pattern = in.value("filterPattern", "");
    int64_t from = in.value("startTime", int64_t{0});
    int64_t to = in.value("endTime", INT64_MAX);
    size_t skip = 0;
    if (in.contains("nextToken")) {
      ASSIGN_OR_RETURN(skip, TokenIndex(in["nextToken"].get<std::string>(), 'f'));
    }
    size_t limit = in.value("limit", 10000);
    json out = json::array();
    size_t seen = 0;
    bool more = false;
    for (const std::string& name : names) {
      auto events = crawlers.LogEvents(name);
      if (!events.ok()) continue;
      for (size_t i = 0; i < events->size(); ++i) {
        const auto& e = (*events)[i];
        if (e.timestamp_ms < from || e.timestamp_ms >= to || !Matches(e.message, pattern)) continue;
        if (seen++ < skip) continue;
        if (out.size() == limit) {
          more = true;
          break;
        }
        out.push_back({{"logStreamName", name},
                       {"timestamp", e.timestamp_ms},
                       {"message", e.message},
                       {"ingestionTime", e.timestamp_ms},
                       {"eventId", name + "/" + std::to_string(i)}});
      }
      if (more) break;
    }
    json body = {{"events", out}, {"searchedLogStreams", json::array()}};
    if (more) body["nextToken"] = "f/" + std::to_string(skip + out.size());
    return Dump(body);
  });
  return service;
}

}  // namespace sluice::api
