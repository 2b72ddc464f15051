// Glue operations on crawlers, crawls and classifiers.
#include <nlohmann/json.hpp>

#include "api/glue/glue_service.h"

namespace sluice::api::glue {

using nlohmann::json;

namespace {

std::string Dump(const json& doc) {
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

void RegisterCrawlerOperations(JsonService& service, const CrawlerApi& api) {
  crawler::CrawlerRegistry& crawlers = *api.crawlers;
  crawler::CrawlerService& runs = *api.runs;
  crawler::ClassifierRegistry& classifiers = *api.classifiers;
  crawler::CrawlWatches* watches = api.watches;
  auto watch = [&crawlers, watches](const std::string& name) {
    if (watches == nullptr) return;
    if (auto doc = crawlers.Get(name); doc.ok()) watches->Update(*doc);
  };

  service.Register("CreateCrawler", [&crawlers, watch](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(crawlers.Create(in));
    watch(in["Name"].get<std::string>());
    return std::string("{}");
  });
  service.Register("GetCrawler", [&crawlers](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(json doc, crawlers.Get(in["Name"].get<std::string>()));
    return Dump({{"Crawler", doc}});
  });
  service.Register("GetCrawlers", [&crawlers](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(catalog::Page page, crawlers.List(PageOf(in, 100)));
    return ListOutput("Crawlers", page);
  });
  service.Register("ListCrawlers", [&crawlers](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(catalog::Page page, crawlers.ListNames(PageOf(in, 100)));
    return ListOutput("CrawlerNames", page);
  });
  service.Register("BatchGetCrawlers", [&crawlers](const json& in) -> Result<std::string> {
    json found = json::array(), missing = json::array();
    for (const auto& name : in["CrawlerNames"]) {
      auto doc = crawlers.Get(name.get<std::string>());
      if (doc.ok()) {
        found.push_back(std::move(*doc));
      } else if (doc.status().IsNotFound()) {
        missing.push_back(name);
      } else {
        return doc.status();
      }
    }
    return Dump({{"Crawlers", found}, {"CrawlersNotFound", missing}});
  });
  service.Register("UpdateCrawler", [&crawlers, watch](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(crawlers.Update(in));
    watch(in["Name"].get<std::string>());
    return std::string("{}");
  });
  service.Register("DeleteCrawler", [&crawlers, watches](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(crawlers.Delete(in["Name"].get<std::string>()));
    if (watches != nullptr) watches->Remove(in["Name"].get<std::string>());
    return std::string("{}");
  });
  service.Register("StartCrawler", [&runs](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(runs.Start(in["Name"].get<std::string>()));
    return std::string("{}");
  });
  service.Register("StopCrawler", [&runs](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(runs.Stop(in["Name"].get<std::string>()));
    return std::string("{}");
  });
  service.Register("GetCrawlerMetrics", [&crawlers](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(
        catalog::Page page,
        crawlers.Metrics(StringList(in.value("CrawlerNameList", json::array())), PageOf(in, 100)));
    return ListOutput("CrawlerMetricsList", page);
  });
  service.Register("ListCrawls", [&crawlers](const json& in) -> Result<std::string> {
    if (in.contains("Filters") && !in["Filters"].empty()) {
      return Status::InvalidInput("ListCrawls Filters are not supported yet: list without them");
    }
    ASSIGN_OR_RETURN(catalog::Page page,
                     crawlers.ListCrawls(in["CrawlerName"].get<std::string>(), PageOf(in, 20)));
    return ListOutput("Crawls", page);
  });

  service.Register("CreateClassifier", [&classifiers](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(classifiers.Create(in));
    return std::string("{}");
  });
  service.Register("GetClassifier", [&classifiers](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(json doc, classifiers.Get(in["Name"].get<std::string>()));
    return Dump({{"Classifier", doc}});
  });
  service.Register("GetClassifiers", [&classifiers](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(catalog::Page page, classifiers.List(PageOf(in, 100)));
    return ListOutput("Classifiers", page);
  });
  service.Register("UpdateClassifier", [&classifiers](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(classifiers.Update(in));
    return std::string("{}");
  });
  service.Register("DeleteClassifier", [&classifiers](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(classifiers.Delete(in["Name"].get<std::string>()));
    return std::string("{}");
  });
}

}  // namespace sluice::api::glue
