// S3 object operations: PutObject and UploadPart (streamed), GetObject/HeadObject (ranges,
// conditions, sendfile), DeleteObject, CopyObject.
#include <unistd.h>
#include <zlib.h>

#include "api/s3/aws_chunked.h"
#include "api/s3/s3_api.h"
#include "api/s3/s3_protocol.h"
#include "storage/md5.h"

namespace sluice::api::s3 {

namespace {

// Streams an upload into a store writer, decoding aws-chunked framing and checking
// Content-MD5 and x-amz-checksum-crc32 when sent.
// Discards the body and answers with a response decided from the headers.
class FixedResponseSink final : public BodySink {
 public:
  explicit FixedResponseSink(HttpResponse response) : response_(std::move(response)) {}
  void Append(std::string_view) override {}
  HttpResponse Finish() override { return std::move(response_); }

 private:
  HttpResponse response_;
};

class UploadSink final : public BodySink {
 public:
  UploadSink(Result<std::unique_ptr<storage::ObjectWriter>> writer, std::string resource,
             const HttpRequest& request)
      : resource_(std::move(resource)) {
    if (!writer.ok()) {
      error_ = writer.status();
      return;
    }
    writer_ = std::move(*writer);
    expected_crc32_ = std::string(request.Header("x-amz-checksum-crc32"));
    std::string_view sha = request.Header("x-amz-content-sha256");
    bool chunked = sha.rfind("STREAMING-", 0) == 0 ||
                   request.Header("content-encoding").find("aws-chunked") != std::string_view::npos;
    if (chunked) {
      decoder_ =
          std::make_unique<AwsChunkedDecoder>([this](std::string_view d) { return Write(d); });
    }
    // The CRC costs as much as a copy: compute it only when a checksum can arrive (a header, or
    // a trailer announced by x-amz-trailer).
    want_crc32_ = !expected_crc32_.empty() ||
                  request.Header("x-amz-trailer").find("crc32") != std::string_view::npos;
  }

  void Append(std::string_view data) override {
    if (!error_.ok()) return;
    error_ = decoder_ ? decoder_->Feed(data) : Write(data);
  }

  HttpResponse Finish() override {
    if (error_.ok() && decoder_ && !decoder_->done()) {
      error_ = Status::InvalidInput("IncompleteBody: the aws-chunked body ended early");
    }
    if (error_.ok() && decoder_ && expected_crc32_.empty()) {
      auto it = decoder_->trailers().find("x-amz-checksum-crc32");
      if (it != decoder_->trailers().end()) expected_crc32_ = it->second;
    }
    std::string crc_b64;
    if (error_.ok() && !expected_crc32_.empty()) {
      unsigned char be[4] = {
          static_cast<unsigned char>(crc_ >> 24), static_cast<unsigned char>(crc_ >> 16),
          static_cast<unsigned char>(crc_ >> 8), static_cast<unsigned char>(crc_)};
      crc_b64 = Base64Encode(std::string_view(reinterpret_cast<char*>(be), 4));
      if (crc_b64 != expected_crc32_) {
        error_ = Status::InvalidInput(
            "BadDigest: The CRC32 you specified did not match the "
            "calculated checksum");
      }
    }
    if (!error_.ok()) return ErrorResponse(error_, resource_);
    auto info = writer_->Commit();
    if (!info.ok()) return ErrorResponse(info.status(), resource_);
    HttpResponse r;
    r.headers.emplace_back("ETag", "\"" + info->etag + "\"");
    if (!crc_b64.empty()) r.headers.emplace_back("x-amz-checksum-crc32", crc_b64);
    return r;
  }

 private:
  Status Write(std::string_view data) {
    if (want_crc32_) {
      crc_ = static_cast<uint32_t>(
          crc32(crc_, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    }
    return writer_->Append(data);
  }

  std::string resource_;
  std::unique_ptr<storage::ObjectWriter> writer_;
  std::unique_ptr<AwsChunkedDecoder> decoder_;
  Status error_;
  std::string expected_crc32_;
  uint32_t crc_ = 0;
  bool want_crc32_ = false;
};

// Content-MD5 (base64 of the binary digest) as hex; std::nullopt when absent; error when bad.
Result<std::optional<std::string>> ExpectedMd5(const HttpRequest& request) {
  std::string_view header = request.Header("content-md5");
  if (header.empty()) return std::optional<std::string>();
  auto binary = Base64Decode(header);
  if (!binary || binary->size() != 16) {
    return Status::InvalidInput("InvalidDigest: The Content-MD5 you specified is not valid");
  }
  return std::optional<std::string>(storage::HexEncode(*binary));
}

std::string Unquote(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"')
    etag = etag.substr(1, etag.size() - 2);
  return std::string(etag);
}

bool EtagMatches(std::string_view header, const std::string& etag) {
  size_t start = 0;
  std::string h(header);
  while (start < h.size()) {
    size_t comma = h.find(',', start);
    std::string one =
        h.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!one.empty() && one.front() == ' ') one.erase(one.begin());
    while (!one.empty() && one.back() == ' ') one.pop_back();
    if (one == "*" || Unquote(one) == etag) return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

// Parses "bytes=a-b", "bytes=a-", "bytes=-n" against `size`. nullopt = no (or an ignorable)
// Range; an error for an unsatisfiable one.
Result<std::optional<std::pair<uint64_t, uint64_t>>> ParseRange(std::string_view header,
                                                                uint64_t size) {
  using Range = std::optional<std::pair<uint64_t, uint64_t>>;
  if (header.rfind("bytes=", 0) != 0) return Range();
  std::string spec(header.substr(6));
  if (spec.find(',') != std::string::npos) return Range();  // multiple ranges: whole object
  size_t dash = spec.find('-');
  if (dash == std::string::npos) return Range();
  std::string a = spec.substr(0, dash), b = spec.substr(dash + 1);
  auto digits = [](const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos && s.size() < 19;
  };
  uint64_t first, last;
  if (a.empty()) {
    if (!digits(b)) return Range();
    uint64_t n = std::stoull(b);
    if (n == 0) return Status::InvalidInput("InvalidRange: The requested range is not satisfiable");
    first = n >= size ? 0 : size - n;
    last = size == 0 ? 0 : size - 1;
  } else {
    if (!digits(a) || (!b.empty() && !digits(b))) return Range();
    first = std::stoull(a);
    last = b.empty() ? (size == 0 ? 0 : size - 1) : std::min<uint64_t>(std::stoull(b), size - 1);
    if (!b.empty() && std::stoull(b) < first) return Range();
  }
  if (first >= size) {
    return Status::InvalidInput(
        "InvalidRange: The requested range is not satisfiable (the object "
        "has " +
        std::to_string(size) + " bytes)");
  }
  return Range(std::make_pair(first, last));
}

}  // namespace

std::unique_ptr<BodySink> S3Api::StreamBody(const HttpRequest& request) {
  if (request.method != "PUT" || !request.Header("x-amz-copy-source").empty()) return nullptr;
  Target t = TargetOf(request);
  if (t.bucket.empty() || t.key.empty()) return nullptr;
  if (auto redirect = ExternalBucket(t))
    return std::make_unique<FixedResponseSink>(std::move(*redirect));
  for (const auto& [name, value] : request.query) {
    if (name != "x-id" && name != "partNumber" && name != "uploadId" &&
        !IsQueryAuthParameter(name)) {
      return nullptr;  // Handle() answers
    }
  }
  if (HasQuery(request, "uploadId") != HasQuery(request, "partNumber")) return nullptr;  // 405
  if (Status st = CheckKey(t.key); !st.ok()) {
    return std::make_unique<UploadSink>(st, t.resource, request);
  }
  auto md5 = ExpectedMd5(request);
  if (!md5.ok()) return std::make_unique<UploadSink>(md5.status(), t.resource, request);
  auto upload_id = Query(request, "uploadId");
  auto part = Query(request, "partNumber");
  if (upload_id && part) {
    int number = 0;
    try {
      number = std::stoi(*part);
    } catch (const std::exception&) {
      number = -1;
    }
    return std::make_unique<UploadSink>(
        store_.UploadPart(t.bucket, t.key, *upload_id, number, *md5), t.resource, request);
  }
  storage::WriteOptions options = WriteOptionsOf(request);
  options.expected_md5_hex = *md5;
  return std::make_unique<UploadSink>(store_.Create(t.bucket, t.key, options), t.resource, request);
}

HttpResponse S3Api::GetObject(const HttpRequest& request, const Target& t, bool head) {
  // One consistent version: its headers and its bytes, even if the key is replaced meanwhile.
  auto opened = store_.OpenVersion(t.bucket, t.key);
  if (!opened.ok()) {
    return head ? HttpResponse{ToS3Error(opened.status()).http_status, {}, {}, {}}
                : ErrorResponse(opened.status(), t.resource);
  }
  if (!*opened) {
    if (head) return HttpResponse{404, {}, {}, {}};
    return ErrorResponse("NoSuchKey", 404, "The specified key does not exist.", t.resource);
  }
  const storage::ObjectInfo& obj = (*opened)->info();
  HttpResponse r;
  AddObjectHeaders(obj, r);
  // response-* query parameters override the stored headers (presigned downloads use them).
  static const std::pair<const char*, const char*> kOverrides[] = {
      {"response-content-type", "Content-Type"},
      {"response-content-encoding", "Content-Encoding"},
      {"response-content-disposition", "content-disposition"},
      {"response-content-language", "content-language"},
      {"response-cache-control", "cache-control"},
      {"response-expires", "expires"}};
  for (const auto& [param, header] : kOverrides) {
    auto value = Query(request, param);
    if (!value) continue;
    std::string lower(header);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::erase_if(r.headers, [&](const auto& h) {
      std::string name = h.first;
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return name == lower;
    });
    r.headers.emplace_back(header, *value);
  }
  // Conditions, in S3's order of precedence.
  std::string_view if_match = request.Header("if-match");
  std::string_view if_none = request.Header("if-none-match");
  if (!if_match.empty() && !EtagMatches(if_match, obj.etag)) {
    return ErrorResponse("PreconditionFailed", 412,
                         "At least one of the pre-conditions you "
                         "specified did not hold (If-Match)",
                         t.resource);
  }
  if (if_match.empty()) {
    auto since = ParseHttpDate(request.Header("if-unmodified-since"));
    if (since && obj.last_modified_ms / 1000 * 1000 > *since) {
      return ErrorResponse("PreconditionFailed", 412,
                           "The object was modified since "
                           "If-Unmodified-Since",
                           t.resource);
    }
  }
  bool not_modified = !if_none.empty() && EtagMatches(if_none, obj.etag);
  if (if_none.empty()) {
    auto since = ParseHttpDate(request.Header("if-modified-since"));
    not_modified = since && obj.last_modified_ms / 1000 * 1000 <= *since;
  }
  if (not_modified) {
    HttpResponse nm;
    nm.status = 304;
    nm.headers.emplace_back("ETag", "\"" + obj.etag + "\"");
    nm.headers.emplace_back("Last-Modified", FormatHttpDate(obj.last_modified_ms));
    return nm;
  }
  uint64_t offset = 0;
  std::optional<uint64_t> length;
  if (!head || !request.Header("range").empty()) {
    auto range = ParseRange(request.Header("range"), obj.size);
    if (!range.ok()) {
      HttpResponse e = ErrorResponse(range.status(), t.resource);
      e.headers.emplace_back("Content-Range", "bytes */" + std::to_string(obj.size));
      return e;
    }
    if (*range) {
      offset = (*range)->first;
      length = (*range)->second - (*range)->first + 1;
      r.status = 206;
      r.headers.emplace_back("Content-Range", "bytes " + std::to_string((*range)->first) + "-" +
                                                  std::to_string((*range)->second) + "/" +
                                                  std::to_string(obj.size));
    }
  }
  if (obj.size == 0) return r;
  auto reader = (*opened)->Range(offset, length);
  if (!reader.ok()) return ErrorResponse(reader.status(), t.resource);
  if (auto local = (*reader)->LocalFile()) {
    int fd = dup(local->first);
    if (fd < 0) return ErrorResponse(Status::IOError("dup failed"), t.resource);
    r.file = HttpResponse::FileBody{fd, local->second, (*reader)->length()};
    return r;
  }
  r.body.resize((*reader)->length());
  size_t got = 0;
  while (got < r.body.size()) {
    auto n = (*reader)->Read(r.body.data() + got, r.body.size() - got);
    if (!n.ok()) return ErrorResponse(n.status(), t.resource);
    if (*n == 0) break;
    got += *n;
  }
  r.body.resize(got);
  return r;
}

HttpResponse S3Api::DeleteObject(const Target& t) {
  auto existed = store_.Delete(t.bucket, t.key);
  if (!existed.ok()) return ErrorResponse(existed.status(), t.resource);
  HttpResponse r;
  r.status = 204;
  return r;
}

// "/bucket/key" or "bucket/key", URL-encoded, maybe with "?versionId=...".
static std::optional<std::pair<std::string, std::string>> ParseCopySource(std::string_view header) {
  std::string decoded;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == '?') break;
    if (header[i] == '%' && i + 2 < header.size() &&
        std::isxdigit(static_cast<unsigned char>(header[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(header[i + 2]))) {
      decoded.push_back(
          static_cast<char>(std::stoi(std::string(header.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      decoded.push_back(header[i]);
    }
  }
  if (!decoded.empty() && decoded.front() == '/') decoded.erase(decoded.begin());
  size_t slash = decoded.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == decoded.size()) return std::nullopt;
  return std::make_pair(decoded.substr(0, slash), decoded.substr(slash + 1));
}

HttpResponse S3Api::CopyObject(const HttpRequest& request, const Target& t) {
  auto source = ParseCopySource(request.Header("x-amz-copy-source"));
  if (!source) {
    return ErrorResponse("InvalidArgument", 400, "x-amz-copy-source must be bucket/key",
                         t.resource);
  }
  std::string_view if_match = request.Header("x-amz-copy-source-if-match");
  if (!if_match.empty()) {
    auto src = store_.Head(source->first, source->second);
    if (src.ok() && *src && !EtagMatches(if_match, (*src)->etag)) {
      return ErrorResponse("PreconditionFailed", 412,
                           "x-amz-copy-source-if-match did not match the source ETag", t.resource);
    }
  }
  std::optional<storage::WriteOptions> replace;
  std::string directive(request.Header("x-amz-metadata-directive"));
  if (directive == "REPLACE") {
    replace = WriteOptionsOf(request);
  } else if (!directive.empty() && directive != "COPY") {
    return ErrorResponse("InvalidArgument", 400, "x-amz-metadata-directive must be COPY or REPLACE",
                         t.resource);
  } else if (source->first == t.bucket && source->second == t.key) {
    return ErrorResponse("InvalidRequest", 400,
                         "This copy request is illegal because it is trying to copy an object to "
                         "itself without changing the object's metadata",
                         t.resource);
  }
  auto info = store_.Copy(source->first, source->second, t.bucket, t.key, replace);
  if (!info.ok()) return ErrorResponse(info.status(), t.resource);
  HttpResponse r;
  Xml xml("CopyObjectResult");
  xml.Element("LastModified", Iso8601Millis(info->last_modified_ms));
  xml.Element("ETag", "\"" + info->etag + "\"");
  r.body = xml.Finish();
  r.headers.emplace_back("Content-Type", "application/xml");
  return r;
}

}  // namespace sluice::api::s3
