#include "api/s3/s3_protocol.h"

#include <ctime>

#include "storage/md5.h"

namespace sluice::api::s3 {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
  }
  return n;
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    size_t n = Utf8SequenceLength(text, i);
    if (n == 0 ||
        (n == 1 && static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
      out += "\xEF\xBF\xBD";  // U+FFFD: XML cannot carry this byte
      continue;
    }
    if (n > 1) {
      out.append(text.substr(i, n));
      i += n - 1;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Xml::Xml(std::string_view root) : root_(root) {
  out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<";
  out_ += root;
  out_ += " xmlns=\"";
  out_ += kS3Namespace;
  out_ += "\">";
}

Xml& Xml::Open(std::string_view tag) {
  out_ += '<';
  out_ += tag;
  out_ += '>';
  return *this;
}

Xml& Xml::Close(std::string_view tag) {
  out_ += "</";
  out_ += tag;
  out_ += '>';
  return *this;
}

Xml& Xml::Element(std::string_view tag, std::string_view text) {
  Open(tag);
  out_ += XmlEscape(text);
  return Close(tag);
}

std::string Xml::Finish() {
  Close(root_);
  return std::move(out_);
}

S3Error ToS3Error(const Status& status) {
  std::string message = status.message();
  std::string code;
  size_t colon = message.find(": ");
  if (colon != std::string::npos && colon > 0 && colon < 40) {
    bool identifier = std::isupper(static_cast<unsigned char>(message[0])) != 0;
    for (size_t i = 0; i < colon && identifier; ++i) {
      identifier = std::isalnum(static_cast<unsigned char>(message[i])) != 0;
    }
    if (identifier) {
      code = message.substr(0, colon);
      message = message.substr(colon + 2);
    }
  }
  static const std::map<std::string, int> kStatusOf = {{"NoSuchKey", 404},
                                                       {"NoSuchBucket", 404},
                                                       {"NoSuchUpload", 404},
                                                       {"BucketNotEmpty", 409},
                                                       {"BucketAlreadyOwnedByYou", 409},
                                                       {"BucketAlreadyExists", 409},
                                                       {"InvalidRange", 416},
                                                       {"PreconditionFailed", 412},
                                                       {"NotImplemented", 501},
                                                       {"MethodNotAllowed", 405},
                                                       {"EntityTooLarge", 400},
                                                       {"InternalError", 500},
                                                       {"SlowDown", 503}};
  if (code.empty()) {
    switch (status.code()) {
      case StatusCode::kNotFound:
        code = "NoSuchKey";
        break;
      case StatusCode::kAlreadyExists:
        code = "BucketAlreadyOwnedByYou";
        break;
      case StatusCode::kUnavailable:
        code = "SlowDown";
        break;
      case StatusCode::kUnknownOperation:
        code = "NotImplemented";
        break;
      case StatusCode::kPayloadTooLarge:
        code = "EntityTooLarge";
        break;
      case StatusCode::kIOError:
      case StatusCode::kInternal:
        code = "InternalError";
        break;
      default:
        code = "InvalidArgument";
        break;
    }
  }
  auto it = kStatusOf.find(code);
  return {code, it == kStatusOf.end() ? 400 : it->second, message};
}

HttpResponse ErrorResponse(std::string_view code, int http_status, std::string_view message,
                           std::string_view resource, const ErrorFields& extra) {
  HttpResponse r;
  r.status = http_status;
  r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + XmlEscape(code) +
           "</Code><Message>" + XmlEscape(message) + "</Message><Resource>" + XmlEscape(resource) +
           "</Resource>";
  for (const auto& [name, value] : extra) {
    r.body += "<" + name + ">" + XmlEscape(value) + "</" + name + ">";
  }
  r.body += "</Error>";
  r.headers.emplace_back("Content-Type", "application/xml");
  return r;
}

HttpResponse ErrorResponse(const Status& status, std::string_view resource) {
  S3Error e = ToS3Error(status);
  return ErrorResponse(e.code, e.http_status, e.message, resource);
}

void StampRequestId(HttpResponse& response, std::string_view request_id) {
  constexpr std::string_view kEnd = "</Error>";
  std::string& b = response.body;
  if (b.size() < kEnd.size() || b.compare(b.size() - kEnd.size(), kEnd.size(), kEnd) != 0) return;
  b.insert(b.size() - kEnd.size(), "<RequestId>" + XmlEscape(request_id) + "</RequestId>");
}

std::string Iso8601Millis(int64_t epoch_ms) {
  std::time_t t = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof(out), "%s.%03dZ", buf, static_cast<int>(epoch_ms % 1000));
  return out;
}

std::optional<std::string> Query(const HttpRequest& request, std::string_view name) {
  for (const auto& [k, v] : request.query) {
    if (k == name) return v;
  }
  return std::nullopt;
}

bool HasQuery(const HttpRequest& request, std::string_view name) {
  return Query(request, name).has_value();
}

std::map<std::string, std::string> UserMetadata(const HttpRequest& request) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : request.headers) {
    if (k.rfind("x-amz-meta-", 0) == 0) out[k.substr(11)] = v;
  }
  return out;
}

storage::WriteOptions WriteOptionsOf(const HttpRequest& request) {
  storage::WriteOptions o;
  o.content_type = std::string(request.Header("content-type"));
  std::string encoding(request.Header("content-encoding"));
  // aws-chunked is the transfer framing of the upload, not a property of the object.
  std::string kept;
  size_t start = 0;
  while (start <= encoding.size()) {
    size_t comma = encoding.find(',', start);
    std::string part =
        encoding.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty() && part != "aws-chunked") kept += (kept.empty() ? "" : ",") + part;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  o.content_encoding = kept;
  o.user_metadata = UserMetadata(request);
  for (const char* h : {"cache-control", "content-disposition", "content-language", "expires"}) {
    std::string_view v = request.Header(h);
    if (!v.empty()) o.headers[h] = std::string(v);
  }
  return o;
}

void AddObjectHeaders(const storage::ObjectInfo& info, HttpResponse& r) {
  r.headers.emplace_back("ETag", "\"" + info.etag + "\"");
  r.headers.emplace_back("Last-Modified", FormatHttpDate(info.last_modified_ms));
  r.headers.emplace_back("Content-Type",
                         info.content_type.empty() ? "binary/octet-stream" : info.content_type);
  if (!info.content_encoding.empty())
    r.headers.emplace_back("Content-Encoding", info.content_encoding);
  for (const auto& [k, v] : info.user_metadata) r.headers.emplace_back("x-amz-meta-" + k, v);
  for (const auto& [k, v] : info.headers) r.headers.emplace_back(k, v);
  r.headers.emplace_back("Accept-Ranges", "bytes");
}

}  // namespace sluice::api::s3
