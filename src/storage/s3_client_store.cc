#include "storage/s3_client_store.h"

#include <algorithm>

#include "storage/md5.h"
#include "storage/s3_client_internal.h"
#include "storage/store_internal.h"

namespace sluice::storage {

namespace {

using s3client::ErrorStatus;
using s3client::HttpRequest;
using s3client::HttpResponse;

constexpr size_t kPartSize = 8 << 20;  // single-PUT limit and multipart part size
constexpr char kS3DefaultContentType[] = "binary/octet-stream";
constexpr const char* kStoredHeaders[] = {"cache-control", "content-disposition",
                                          "content-language", "expires"};

std::string What(std::string_view bucket, std::string_view key) {
  if (key.empty()) return "bucket '" + std::string(bucket) + "'";
  return "object '" + std::string(key) + "' in bucket '" + std::string(bucket) + "'";
}

bool Ok(const HttpResponse& response) { return response.status >= 200 && response.status < 300; }

// The headers that store an object's metadata (PUT, CreateMultipartUpload, Copy with REPLACE).
void AddMetadataHeaders(const WriteOptions& options, HttpRequest& request) {
  if (!options.content_type.empty())
    request.headers.emplace_back("Content-Type", options.content_type);
  if (!options.content_encoding.empty()) {
    request.headers.emplace_back("Content-Encoding", options.content_encoding);
  }
  for (const auto& [name, value] : options.user_metadata) {
    request.headers.emplace_back("x-amz-meta-" + name, value);
  }
  for (const auto& [name, value] : options.headers) request.headers.emplace_back(name, value);
}

ObjectInfo InfoFromHead(std::string_view key, const HttpResponse& response) {
  ObjectInfo info;
  info.key = std::string(key);
  info.size = std::strtoull(response.Header("content-length").c_str(), nullptr, 10);
  info.etag = s3client::StripQuotes(response.Header("etag"));
  info.last_modified_ms = s3client::ParseHttpDate(response.Header("last-modified")).value_or(0);
  info.content_type = response.Header("content-type");
  if (info.content_type == kS3DefaultContentType) info.content_type.clear();
  info.content_encoding = response.Header("content-encoding");
  for (const auto& [name, value] : response.headers) {
    if (name.rfind("x-amz-meta-", 0) == 0) info.user_metadata[name.substr(11)] = value;
  }
  for (const char* name : kStoredHeaders) {
    auto it = response.headers.find(name);
    if (it != response.headers.end()) info.headers[name] = it->second;
  }
  return info;
}

// A 200 response whose body is an <Error> (CompleteMultipartUpload and CopyObject do this).
Status CheckBodyError(std::string_view operation, std::string_view what,
                      const HttpResponse& response) {
  if (!Ok(response)) return ErrorStatus(operation, what, response.status, response.body);
  if (s3client::ParseError(response.body)) {
    return ErrorStatus(operation, what, 500, response.body);
  }
  return Status::OK();
}

// What an empty range reads as (S3 has no way to ask for zero bytes).
class EmptyReader final : public ObjectReader {
 public:
  Result<size_t> Read(char*, size_t) override { return size_t{0}; }
  uint64_t length() const override { return 0; }
};

}  // namespace

// Buffers up to kPartSize bytes for one PUT; beyond that, streams kPartSize parts into a
// multipart upload, aborted when the writer is dropped uncommitted.
class S3ClientStore::Writer final : public ObjectWriter {
 public:
  Writer(S3ClientStore& store, std::string bucket, std::string key, WriteOptions options)
      : store_(store),
        bucket_(std::move(bucket)),
        key_(std::move(key)),
        options_(std::move(options)),
        what_(What(bucket_, key_)) {}

  ~Writer() override {
    if (!upload_id_.empty() && !committed_) IgnoreStatus(Abort());
  }

  Status Append(std::string_view data) override {
    RETURN_NOT_OK(CheckUsable());
    md5_.Update(data);
    size_ += data.size();
    buffer_.append(data);
    while (buffer_.size() > kPartSize) {
      Status s = UploadPart(std::string_view(buffer_).substr(0, kPartSize));
      if (!s.ok()) return Fail(s);
      buffer_.erase(0, kPartSize);
    }
    return Status::OK();
  }

  Result<ObjectInfo> Commit() override {
    RETURN_NOT_OK(CheckUsable());
    committed_ = true;
    std::string md5_hex = HexEncode(md5_.FinishBinary());
    Status s = internal::CheckExpectedMd5(key_, options_.expected_md5_hex, md5_hex);
    if (s.ok()) s = upload_id_.empty() ? PutWhole(md5_hex) : Complete();
    if (!s.ok()) {
      if (!upload_id_.empty()) IgnoreStatus(Abort());
      return s;
    }
    ASSIGN_OR_RETURN(std::optional<ObjectInfo> head, store_.HeadKey(bucket_, key_));
    if (head && head->size == size_) return *head;
    // Replaced or removed since: report what this writer stored.
    ObjectInfo info;
    info.key = key_;
    info.size = size_;
    info.etag = etag_;
    info.content_type = options_.content_type;
    info.content_encoding = options_.content_encoding;
    info.user_metadata = options_.user_metadata;
    info.headers = options_.headers;
    return info;
  }

 private:
  Status CheckUsable() const {
    if (committed_)
      return Status::InvalidInput("the writer of " + what_ + " was already committed");
    if (!failed_.ok()) return failed_;
    return Status::OK();
  }
  Status Fail(Status s) {
    failed_ = s;
    return s;
  }

  Status PutWhole(const std::string& md5_hex) {
    HttpRequest request{.method = "PUT", .bucket = bucket_, .key = key_, .body = buffer_};
    AddMetadataHeaders(options_, request);
    request.headers.emplace_back("Content-MD5",
                                 s3client::Base64Encode(*s3client::HexDecodeMd5(md5_hex)));
    ASSIGN_OR_RETURN(HttpResponse response, store_.http_->Perform(request));
    if (!Ok(response)) return ErrorStatus("PutObject", what_, response.status, response.body);
    etag_ = s3client::StripQuotes(response.Header("etag"));
    return Status::OK();
  }

  Status UploadPart(std::string_view part) {
    if (upload_id_.empty()) {
      HttpRequest request{
          .method = "POST", .bucket = bucket_, .key = key_, .query = {{"uploads", ""}}};
      AddMetadataHeaders(options_, request);
      ASSIGN_OR_RETURN(HttpResponse response, store_.http_->Perform(request));
      RETURN_NOT_OK(CheckBodyError("CreateMultipartUpload", what_, response));
      ASSIGN_OR_RETURN(upload_id_, s3client::ParseUploadId(response.body));
    }
    HttpRequest request{
        .method = "PUT",
        .bucket = bucket_,
        .key = key_,
        .query = {{"partNumber", std::to_string(part_etags_.size() + 1)}, {"uploadId", upload_id_}},
        .body = part};
    Md5 part_md5;
    part_md5.Update(part);
    request.headers.emplace_back("Content-MD5", s3client::Base64Encode(part_md5.FinishBinary()));
    ASSIGN_OR_RETURN(HttpResponse response, store_.http_->Perform(request));
    if (!Ok(response)) return ErrorStatus("UploadPart", what_, response.status, response.body);
    part_etags_.push_back(s3client::StripQuotes(response.Header("etag")));
    return Status::OK();
  }

  Status Complete() {
    if (!buffer_.empty()) RETURN_NOT_OK(UploadPart(buffer_));
    std::string xml = s3client::CompleteMultipartXml(part_etags_);
    HttpRequest request{.method = "POST",
                        .bucket = bucket_,
                        .key = key_,
                        .query = {{"uploadId", upload_id_}},
                        .headers = {{"Content-Type", "application/xml"}},
                        .body = xml};
    ASSIGN_OR_RETURN(HttpResponse response, store_.http_->Perform(request));
    RETURN_NOT_OK(CheckBodyError("CompleteMultipartUpload", what_, response));
    upload_id_.clear();  // completed: nothing left to abort
    return Status::OK();
  }

  Status Abort() {
    HttpRequest request{
        .method = "DELETE", .bucket = bucket_, .key = key_, .query = {{"uploadId", upload_id_}}};
    ASSIGN_OR_RETURN(HttpResponse response, store_.http_->Perform(request));
    upload_id_.clear();
    if (!Ok(response))
      return ErrorStatus("AbortMultipartUpload", what_, response.status, response.body);
    return Status::OK();
  }

  S3ClientStore& store_;
  const std::string bucket_;
  const std::string key_;
  const WriteOptions options_;
  const std::string what_;
  Md5 md5_;
  uint64_t size_ = 0;
  std::string buffer_;
  std::string upload_id_;
  std::vector<std::string> part_etags_;
  std::string etag_;
  bool committed_ = false;
  Status failed_;
};

Result<std::unique_ptr<S3ClientStore>> S3ClientStore::Open(S3ClientOptions options) {
  std::string& endpoint = options.endpoint;
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  if (endpoint.rfind("http://", 0) != 0 && endpoint.rfind("https://", 0) != 0) {
    return Status::InvalidInput("S3 endpoint '" + endpoint +
                                "' is not an http:// or https:// URL (e.g. http://127.0.0.1:9000)");
  }
  if (endpoint.find('/', endpoint.find("//") + 2) != std::string::npos) {
    return Status::InvalidInput("S3 endpoint '" + endpoint +
                                "' has a path; give only scheme, host and port (path-style URLs "
                                "add the bucket)");
  }
  if (options.region.empty()) return Status::InvalidInput("S3 region is empty (e.g. us-east-1)");
  if (options.access_key.empty() != options.secret_key.empty()) {
    return Status::InvalidInput("S3 credentials need both an access key and a secret key");
  }
  if (options.timeout_seconds <= 0) options.timeout_seconds = 60;
  auto http = std::make_unique<s3client::HttpClient>(
      s3client::HttpConfig{options.endpoint, options.region, options.access_key, options.secret_key,
                           options.timeout_seconds});
  return std::unique_ptr<S3ClientStore>(new S3ClientStore(std::move(options), std::move(http)));
}

S3ClientStore::S3ClientStore(S3ClientOptions options, std::unique_ptr<s3client::HttpClient> http)
    : options_(std::move(options)), http_(std::move(http)) {}

S3ClientStore::~S3ClientStore() = default;

Status S3ClientStore::CreateBucket(std::string_view bucket) {
  std::string body;
  if (options_.region != "us-east-1") {
    body =
        "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<LocationConstraint>" +
        options_.region +
        "</LocationConstraint>"
        "</CreateBucketConfiguration>";
  }
  HttpRequest request{.method = "PUT", .bucket = std::string(bucket), .body = body};
  ASSIGN_OR_RETURN(HttpResponse response, http_->Perform(request));
  if (!Ok(response))
    return ErrorStatus("CreateBucket", What(bucket, ""), response.status, response.body);
  return Status::OK();
}

Status S3ClientStore::CheckBucket(std::string_view bucket) {
  if (bucket.empty()) return Status::InvalidInput("bucket name is empty: name a bucket");
  HttpRequest request{.method = "HEAD", .bucket = std::string(bucket)};
  ASSIGN_OR_RETURN(HttpResponse response, http_->Perform(request));
  if (response.status == 404) {
    return Status::NotFound("NoSuchBucket: bucket '" + std::string(bucket) +
                            "' does not exist (create the bucket first)");
  }
  if (!Ok(response))
    return ErrorStatus("HeadBucket", What(bucket, ""), response.status, response.body);
  return Status::OK();
}

Result<std::optional<ObjectInfo>> S3ClientStore::HeadKey(std::string_view bucket,
                                                         std::string_view key) {
  if (bucket.empty()) return Status::InvalidInput("bucket name is empty: name a bucket");
  if (key.empty()) return std::optional<ObjectInfo>();
  HttpRequest request{.method = "HEAD", .bucket = std::string(bucket), .key = std::string(key)};
  ASSIGN_OR_RETURN(HttpResponse response, http_->Perform(request));
  if (response.status == 404) return std::optional<ObjectInfo>();
  if (!Ok(response))
    return ErrorStatus("HeadObject", What(bucket, key), response.status, response.body);
  return std::optional<ObjectInfo>(InfoFromHead(key, response));
}

Result<std::optional<ObjectInfo>> S3ClientStore::Head(std::string_view container,
                                                      std::string_view key) {
  ASSIGN_OR_RETURN(std::optional<ObjectInfo> info, HeadKey(container, key));
  if (!info) RETURN_NOT_OK(CheckBucket(container));
  return info;
}

Result<ListPage> S3ClientStore::List(std::string_view container, const ListOptions& options) {
  if (options.max_keys < 1 || options.max_keys > 1000) {
    return Status::InvalidInput("max_keys " + std::to_string(options.max_keys) +
                                " is outside 1..1000");
  }
  HttpRequest request{
      .bucket = std::string(container),
      .query = {{"list-type", "2"}, {"max-keys", std::to_string(options.max_keys)}}};
  if (container.empty()) return Status::InvalidInput("bucket name is empty: name a bucket");
  if (!options.prefix.empty()) request.query.emplace_back("prefix", options.prefix);
  if (!options.delimiter.empty()) request.query.emplace_back("delimiter", options.delimiter);
  std::string start_after = options.start_after;
  // A start_after that is a common prefix (the `last` of a previous page) skips its whole group;
  // S3 would list the group again, since its keys sort after the prefix itself. U+10FFFF sorts
  // after every key byte sequence that is valid UTF-8 at that position.
  const std::string& delim = options.delimiter;
  if (!delim.empty() && start_after.size() > options.prefix.size() &&
      start_after.rfind(options.prefix, 0) == 0 && start_after.ends_with(delim) &&
      start_after.find(delim, options.prefix.size()) == start_after.size() - delim.size()) {
    start_after += "\xf4\x8f\xbf\xbf";
  }
  if (!start_after.empty()) request.query.emplace_back("start-after", start_after);
  ASSIGN_OR_RETURN(HttpResponse response, http_->Perform(request));
  if (!Ok(response)) {
    return ErrorStatus("ListObjectsV2", What(container, ""), response.status, response.body);
  }
  ASSIGN_OR_RETURN(ListPage page, s3client::ParseListObjectsV2(response.body));
  auto at_or_before = [&](const std::string& item) { return item <= options.start_after; };
  std::erase_if(page.common_prefixes, at_or_before);
  if (options_.list_fetches_metadata) {
    for (ObjectInfo& object : page.objects) {
      ASSIGN_OR_RETURN(std::optional<ObjectInfo> head, HeadKey(container, object.key));
      if (head && head->etag == object.etag) object = std::move(*head);
    }
  }
  return page;
}

Result<std::unique_ptr<ObjectReader>> S3ClientStore::Open(std::string_view container,
                                                          std::string_view key, uint64_t offset,
                                                          std::optional<uint64_t> length) {
  if (length == 0 || key.empty()) {
    ASSIGN_OR_RETURN(std::optional<ObjectInfo> info, Head(container, key));
    if (!info) {
      return Status::NotFound("NoSuchKey: " + What(container, key) + " does not exist");
    }
    RETURN_NOT_OK(internal::CheckRangeStart(key, offset, info->size));
    return std::unique_ptr<ObjectReader>(std::make_unique<EmptyReader>());
  }
  HttpRequest request{.bucket = std::string(container), .key = std::string(key)};
  if (offset > 0 || length) {
    std::string range = "bytes=" + std::to_string(offset) + "-";
    if (length) range += std::to_string(offset + *length - 1);
    request.headers.emplace_back("Range", range);
  }
  return http_->StartDownload(request, What(container, key));
}

Result<std::unique_ptr<ObjectWriter>> S3ClientStore::Create(std::string_view container,
                                                            std::string_view key,
                                                            const WriteOptions& options) {
  RETURN_NOT_OK(ValidateKey(key));
  if (options.expected_md5_hex && !s3client::HexDecodeMd5(*options.expected_md5_hex)) {
    return Status::InvalidInput("expected MD5 '" + *options.expected_md5_hex +
                                "' is not 32 hex digits");
  }
  RETURN_NOT_OK(CheckBucket(container));
  return std::unique_ptr<ObjectWriter>(
      std::make_unique<Writer>(*this, std::string(container), std::string(key), options));
}

Result<bool> S3ClientStore::Delete(std::string_view container, std::string_view key) {
  ASSIGN_OR_RETURN(std::optional<ObjectInfo> info, Head(container, key));
  if (!info) return false;
  HttpRequest request{
      .method = "DELETE", .bucket = std::string(container), .key = std::string(key)};
  ASSIGN_OR_RETURN(HttpResponse response, http_->Perform(request));
  if (!Ok(response)) {
    return ErrorStatus("DeleteObject", What(container, key), response.status, response.body);
  }
  return true;
}

Result<ObjectInfo> S3ClientStore::Copy(std::string_view src_container, std::string_view src_key,
                                       std::string_view dst_container, std::string_view dst_key,
                                       const std::optional<WriteOptions>& replace) {
  RETURN_NOT_OK(ValidateKey(dst_key));
  if (src_container.empty() || dst_container.empty()) {
    return Status::InvalidInput("bucket name is empty: name a bucket");
  }
  HttpRequest request{
      .method = "PUT", .bucket = std::string(dst_container), .key = std::string(dst_key)};
  request.headers.emplace_back(
      "x-amz-copy-source",
      "/" + s3client::UriEncode(src_container, false) + "/" + s3client::UriEncode(src_key, true));
  if (replace) {
    request.headers.emplace_back("x-amz-metadata-directive", "REPLACE");
    AddMetadataHeaders(*replace, request);
  }
  ASSIGN_OR_RETURN(HttpResponse response, http_->Perform(request));
  RETURN_NOT_OK(CheckBodyError("CopyObject",
                               What(src_container, src_key) + " to " + What(dst_container, dst_key),
                               response));
  ASSIGN_OR_RETURN(std::optional<ObjectInfo> info, HeadKey(dst_container, dst_key));
  if (!info) {
    return Status::Unavailable("CopyObject: " + What(dst_container, dst_key) +
                               " vanished right after the copy (deleted concurrently?)");
  }
  return *info;
}

}  // namespace sluice::storage
