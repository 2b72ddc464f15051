#include "cli/aws_client.h"

#include <curl/curl.h>

#include <cstdlib>

namespace sluice::cli {

using nlohmann::json;

namespace {

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

std::string Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

}  // namespace

AwsJsonClient::AwsJsonClient(std::string endpoint, std::string target_prefix, std::string service)
    : endpoint_(std::move(endpoint)),
      target_prefix_(std::move(target_prefix)),
      service_(std::move(service)) {
  while (!endpoint_.empty() && endpoint_.back() == '/') endpoint_.pop_back();
}

Result<json> AwsJsonClient::Call(const std::string& operation, const json& input) const {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Status::Internal("curl_easy_init failed");
  std::string body = input.dump();
  std::string response;
  std::string region = Env("AWS_DEFAULT_REGION", "us-east-1");
  std::string sigv4 = "aws:amz:" + region + ":" + service_;
  std::string user =
      Env("AWS_ACCESS_KEY_ID", "sluice") + ":" + Env("AWS_SECRET_ACCESS_KEY", "sluice");
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/x-amz-json-1.1");
  headers =
      curl_slist_append(headers, ("X-Amz-Target: " + target_prefix_ + "." + operation).c_str());
  std::string url = endpoint_ + "/";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());
  curl_easy_setopt(curl, CURLOPT_USERPWD, user.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
  CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    return Status::Unavailable("cannot reach " + endpoint_ + ": " + curl_easy_strerror(rc) +
                               " (is `sluice serve` running there? set --endpoint)");
  }
  json doc = json::parse(response, nullptr, false);
  if (status >= 200 && status < 300) {
    return doc.is_discarded() ? json::object() : doc;
  }
  std::string name = doc.is_object() ? doc.value("__type", "") : "";
  std::string message = doc.is_object() ? doc.value("Message", doc.value("message", "")) : response;
  if (name.empty()) name = "HTTP " + std::to_string(status);
  if (name.find("NotFound") != std::string::npos) return Status::NotFound(name + ": " + message);
  return Status::InvalidInput(name + ": " + message);
}

}  // namespace sluice::cli
