// S3 multipart uploads: Create, Complete, Abort, ListParts, ListMultipartUploads,
// UploadPartCopy. UploadPart itself streams (s3_objects.cc).
#include <pugixml.hpp>

#include "api/s3/s3_api.h"
#include "api/s3/s3_protocol.h"

namespace sluice::api::s3 {

namespace {

HttpResponse XmlResponse(std::string body) {
  HttpResponse r;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", "application/xml");
  return r;
}

}  // namespace

HttpResponse S3Api::CreateMultipartUpload(const HttpRequest& request, const Target& t) {
  auto upload = store_.CreateMultipartUpload(t.bucket, t.key, WriteOptionsOf(request));
  if (!upload.ok()) return ErrorResponse(upload.status(), t.resource);
  Xml xml("InitiateMultipartUploadResult");
  xml.Element("Bucket", t.bucket).Element("Key", t.key).Element("UploadId", upload->upload_id);
  return XmlResponse(xml.Finish());
}

HttpResponse S3Api::CompleteMultipartUpload(const HttpRequest& request, const Target& t) {
  std::string upload_id = Query(request, "uploadId").value_or("");
  pugi::xml_document doc;
  pugi::xml_node root;
  if (doc.load_buffer(request.body.data(), request.body.size())) {
    root = doc.child("CompleteMultipartUpload");
  }
  if (!root) {
    return ErrorResponse("MalformedXML", 400,
                         "The XML you provided was not well-formed or did not validate against our "
                         "published schema",
                         t.resource);
  }
  std::vector<std::pair<int, std::string>> parts;
  for (pugi::xml_node p : root.children("Part")) {
    std::string number = p.child("PartNumber").text().as_string();
    if (number.empty() || number.size() > 5 ||
        number.find_first_not_of("0123456789") != std::string::npos || !p.child("ETag")) {
      return ErrorResponse("MalformedXML", 400,
                           "Each <Part> needs a numeric <PartNumber> and an <ETag>", t.resource);
    }
    parts.emplace_back(std::stoi(number), p.child("ETag").text().as_string());
  }
  auto info = store_.CompleteMultipartUpload(t.bucket, t.key, upload_id, parts);
  if (!info.ok()) return ErrorResponse(info.status(), t.resource);
  Xml xml("CompleteMultipartUploadResult");
  xml.Element("Location", t.resource).Element("Bucket", t.bucket).Element("Key", t.key);
  xml.Element("ETag", "\"" + info->etag + "\"");
  return XmlResponse(xml.Finish());
}

HttpResponse S3Api::AbortMultipartUpload(const HttpRequest& request, const Target& t) {
  Status st = store_.AbortMultipartUpload(t.bucket, t.key, Query(request, "uploadId").value_or(""));
  if (!st.ok()) return ErrorResponse(st, t.resource);
  HttpResponse r;
  r.status = 204;
  return r;
}

HttpResponse S3Api::ListParts(const HttpRequest& request, const Target& t) {
  std::string upload_id = Query(request, "uploadId").value_or("");
  auto parts = store_.ListParts(t.bucket, t.key, upload_id);
  if (!parts.ok()) return ErrorResponse(parts.status(), t.resource);
  int marker = std::atoi(Query(request, "part-number-marker").value_or("0").c_str());
  int max = std::clamp(std::atoi(Query(request, "max-parts").value_or("1000").c_str()), 1, 1000);
  Xml xml("ListPartsResult");
  xml.Element("Bucket", t.bucket).Element("Key", t.key).Element("UploadId", upload_id);
  xml.Element("PartNumberMarker", std::to_string(marker));
  int shown = 0, last = marker;
  bool truncated = false;
  std::string body;
  for (const auto& p : *parts) {
    if (p.part_number <= marker) continue;
    if (shown == max) {
      truncated = true;
      break;
    }
    ++shown;
    last = p.part_number;
  }
  xml.Element("NextPartNumberMarker", std::to_string(last));
  xml.Element("MaxParts", std::to_string(max)).Element("IsTruncated", truncated ? "true" : "false");
  xml.Element("StorageClass", "STANDARD");
  for (const auto& p : *parts) {
    if (p.part_number <= marker || p.part_number > last) continue;
    xml.Open("Part")
        .Element("PartNumber", std::to_string(p.part_number))
        .Element("LastModified", Iso8601Millis(p.last_modified_ms))
        .Element("ETag", "\"" + p.etag + "\"")
        .Element("Size", std::to_string(p.size))
        .Close("Part");
  }
  return XmlResponse(xml.Finish());
}

HttpResponse S3Api::ListMultipartUploads(const HttpRequest& request, const Target& t) {
  auto uploads = store_.ListMultipartUploads(t.bucket);
  if (!uploads.ok()) return ErrorResponse(uploads.status(), t.resource);
  std::string prefix = Query(request, "prefix").value_or("");
  std::string delimiter = Query(request, "delimiter").value_or("");
  Xml xml("ListMultipartUploadsResult");
  xml.Element("Bucket", t.bucket).Element("KeyMarker", "").Element("UploadIdMarker", "");
  if (!prefix.empty()) xml.Element("Prefix", prefix);
  if (!delimiter.empty()) xml.Element("Delimiter", delimiter);
  xml.Element("MaxUploads", "1000").Element("IsTruncated", "false");
  std::vector<std::string> common;
  for (const auto& u : *uploads) {
    if (u.key.compare(0, prefix.size(), prefix) != 0) continue;
    if (!delimiter.empty()) {
      size_t pos = u.key.find(delimiter, prefix.size());
      if (pos != std::string::npos) {
        std::string group = u.key.substr(0, pos + delimiter.size());
        if (common.empty() || common.back() != group) common.push_back(group);
        continue;
      }
    }
    xml.Open("Upload")
        .Element("Key", u.key)
        .Element("UploadId", u.upload_id)
        .Element("Initiated", Iso8601Millis(u.initiated_ms))
        .Element("StorageClass", "STANDARD")
        .Close("Upload");
  }
  for (const std::string& group : common) {
    xml.Open("CommonPrefixes").Element("Prefix", group).Close("CommonPrefixes");
  }
  return XmlResponse(xml.Finish());
}

HttpResponse S3Api::UploadPartCopy(const HttpRequest& request, const Target& t) {
  std::string source(request.Header("x-amz-copy-source"));
  if (!source.empty() && source.front() == '/') source.erase(source.begin());
  size_t slash = source.find('/');
  if (slash == std::string::npos) {
    return ErrorResponse("InvalidArgument", 400, "x-amz-copy-source must be bucket/key",
                         t.resource);
  }
  std::string src_bucket = source.substr(0, slash);
  std::string src_key;
  for (size_t i = slash + 1; i < source.size() && source[i] != '?'; ++i) {
    if (source[i] == '%' && i + 2 < source.size()) {
      src_key.push_back(static_cast<char>(std::stoi(source.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      src_key.push_back(source[i]);
    }
  }
  uint64_t offset = 0;
  std::optional<uint64_t> length;
  std::string range(request.Header("x-amz-copy-source-range"));
  if (!range.empty()) {
    size_t dash = range.find('-');
    auto digits = [](const std::string& s) {
      return !s.empty() && s.size() < 19 && s.find_first_not_of("0123456789") == std::string::npos;
    };
    std::string a = dash == std::string::npos ? "" : range.substr(6, dash - 6);
    std::string b = dash == std::string::npos ? "" : range.substr(dash + 1);
    if (range.rfind("bytes=", 0) != 0 || !digits(a) || !digits(b) ||
        std::stoull(b) < std::stoull(a)) {
      return ErrorResponse("InvalidArgument", 400,
                           "x-amz-copy-source-range must be bytes=first-last", t.resource);
    }
    offset = std::stoull(a);
    length = std::stoull(b) - offset + 1;
  }
  auto source_info = store_.Head(src_bucket, src_key);
  if (!source_info.ok()) return ErrorResponse(source_info.status(), t.resource);
  if (!*source_info) {
    return ErrorResponse("NoSuchKey", 404, "The specified key does not exist.", t.resource);
  }
  if (length && offset + *length > (*source_info)->size) {
    return ErrorResponse("InvalidRange", 416,
                         "The x-amz-copy-source-range goes past the end of the source object (" +
                             std::to_string((*source_info)->size) + " bytes)",
                         t.resource);
  }
  auto reader = store_.Open(src_bucket, src_key, offset, length);
  if (!reader.ok()) return ErrorResponse(reader.status(), t.resource);
  int part = std::atoi(Query(request, "partNumber").value_or("0").c_str());
  auto writer = store_.UploadPart(t.bucket, t.key, Query(request, "uploadId").value_or(""), part,
                                  std::nullopt);
  if (!writer.ok()) return ErrorResponse(writer.status(), t.resource);
  std::string buffer(1 << 20, '\0');
  while (true) {
    auto n = (*reader)->Read(buffer.data(), buffer.size());
    if (!n.ok()) return ErrorResponse(n.status(), t.resource);
    if (*n == 0) break;
    Status st = (*writer)->Append(std::string_view(buffer.data(), *n));
    if (!st.ok()) return ErrorResponse(st, t.resource);
  }
  auto info = (*writer)->Commit();
  if (!info.ok()) return ErrorResponse(info.status(), t.resource);
  Xml xml("CopyPartResult");
  xml.Element("LastModified", Iso8601Millis(info->last_modified_ms));
  xml.Element("ETag", "\"" + info->etag + "\"");
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::api::s3
