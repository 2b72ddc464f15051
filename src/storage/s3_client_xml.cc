// S3 wire formats for S3ClientStore: URL encoding, dates, XML bodies and the error mapping.
#include <openssl/evp.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <pugixml.hpp>

#include "storage/s3_client_internal.h"

namespace sluice::storage::s3client {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Text(const pugi::xml_node& node, const char* child) {
  return node.child(child).text().as_string();
}

}  // namespace

std::string CanonicalQuery(QueryParams params) {
  for (auto& [name, value] : params) {
    name = UriEncode(name, false);
    value = UriEncode(value, false);
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += name + "=" + value;
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha256(), nullptr);
  std::string out;
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < n; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

std::optional<std::string> HexDecodeMd5(std::string_view hex) {
  if (hex.size() != 32) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]);
    int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::optional<int64_t> ParseIso8601(std::string_view text) {
  std::string copy(text);
  struct tm tm {};
  const char* end = strptime(copy.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  int64_t millis = 0;
  if (*end == '.') {
    int scale = 100;
    for (++end; *end >= '0' && *end <= '9'; ++end) {
      millis += (*end - '0') * scale;
      scale /= 10;
    }
  }
  if (std::strcmp(end, "Z") != 0 && std::strcmp(end, "+00:00") != 0) return std::nullopt;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + millis;
}

std::string StripQuotes(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

std::optional<S3Error> ParseError(std::string_view body) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return std::nullopt;
  pugi::xml_node error = doc.child("Error");
  if (!error) return std::nullopt;
  return S3Error{Text(error, "Code"), Text(error, "Message")};
}

Status ErrorStatus(std::string_view operation, std::string_view what, long http_status,
                   std::string_view body) {
  std::optional<S3Error> error = ParseError(body);
  std::string code;
  std::string message;
  if (error && !error->code.empty()) {
    code = error->code;
    message = error->message;
  } else {
    switch (http_status) {
      case 400:
        code = "BadRequest";
        break;
      case 403:
        code = "AccessDenied";
        break;
      case 404:
        code = "NotFound";
        break;
      case 412:
        code = "PreconditionFailed";
        break;
      case 416:
        code = "InvalidRange";
        break;
      default:
        code = "HTTP" + std::to_string(http_status);
    }
  }
  std::string text = code + ": " + (message.empty() ? "" : message + " ") + "(" +
                     std::string(operation) + " " + std::string(what) + ", HTTP " +
                     std::to_string(http_status) + ")";
  if (code == "NoSuchBucket" || code == "NoSuchKey" || code == "NoSuchUpload" ||
      code == "NoSuchVersion" || (code == "NotFound" && http_status == 404)) {
    return Status::NotFound(std::move(text));
  }
  if (code == "BucketAlreadyOwnedByYou" || code == "BucketAlreadyExists") {
    return Status::AlreadyExists(std::move(text));
  }
  if (http_status >= 500 || http_status == 429 || code == "SlowDown" || code == "RequestTimeout" ||
      code == "ServiceUnavailable" || code == "InternalError") {
    return Status::Unavailable(std::move(text) + " (retry later)");
  }
  return Status::InvalidInput(std::move(text));
}

Result<ListPage> ParseListObjectsV2(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(body.data(), body.size());
  pugi::xml_node root = doc.child("ListBucketResult");
  if (!parsed || !root) {
    return Status::InvalidInput("ListObjectsV2 returned a body that is not a ListBucketResult: " +
                                std::string(body.substr(0, 200)));
  }
  ListPage page;
  for (pugi::xml_node node : root.children("Contents")) {
    ObjectInfo info;
    info.key = Text(node, "Key");
    info.size = node.child("Size").text().as_ullong();
    info.etag = StripQuotes(Text(node, "ETag"));
    info.last_modified_ms = ParseIso8601(Text(node, "LastModified")).value_or(0);
    page.objects.push_back(std::move(info));
  }
  for (pugi::xml_node node : root.children("CommonPrefixes")) {
    page.common_prefixes.push_back(Text(node, "Prefix"));
  }
  page.truncated = root.child("IsTruncated").text().as_bool();
  if (!page.objects.empty()) page.last = page.objects.back().key;
  if (!page.common_prefixes.empty()) page.last = std::max(page.last, page.common_prefixes.back());
  return page;
}

Result<std::string> ParseUploadId(std::string_view body) {
  pugi::xml_document doc;
  doc.load_buffer(body.data(), body.size());
  std::string id = Text(doc.child("InitiateMultipartUploadResult"), "UploadId");
  if (id.empty()) {
    return Status::InvalidInput("CreateMultipartUpload returned no UploadId: " +
                                std::string(body.substr(0, 200)));
  }
  return id;
}

std::string CompleteMultipartXml(const std::vector<std::string>& part_etags) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("CompleteMultipartUpload");
  root.append_attribute("xmlns") = "http://s3.amazonaws.com/doc/2006-03-01/";
  for (size_t i = 0; i < part_etags.size(); ++i) {
    pugi::xml_node part = root.append_child("Part");
    part.append_child("PartNumber").text().set(static_cast<unsigned>(i + 1));
    part.append_child("ETag").text().set(("\"" + part_etags[i] + "\"").c_str());
  }
  struct Sink : pugi::xml_writer {
    std::string out;
    void write(const void* data, size_t size) override {
      out.append(static_cast<const char*>(data), size);
    }
  } sink;
  doc.save(sink, "", pugi::format_raw);
  return sink.out;
}

}  // namespace sluice::storage::s3client
