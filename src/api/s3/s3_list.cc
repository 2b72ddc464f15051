// S3 listings and bulk deletes: ListObjectsV2, ListObjects (v1), DeleteObjects.
#include <pugixml.hpp>

#include "api/s3/s3_api.h"
#include "api/s3/s3_protocol.h"
#include "storage/md5.h"

namespace sluice::api::s3 {

namespace {

Result<int> MaxKeys(const HttpRequest& request) {
  auto v = Query(request, "max-keys");
  if (!v) return 1000;
  if (v->empty() || v->size() > 9 || v->find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidInput("InvalidArgument: max-keys must be a non-negative integer (got '" +
                                *v + "')");
  }
  return std::min(1000, std::stoi(*v));
}

}  // namespace

HttpResponse S3Api::ListObjects(const HttpRequest& request, const Target& t, bool v2) {
  storage::ListOptions options;
  options.prefix = Query(request, "prefix").value_or("");
  options.delimiter = Query(request, "delimiter").value_or("");
  auto max = MaxKeys(request);
  if (!max.ok()) return ErrorResponse(max.status(), t.resource);
  options.max_keys = *max;
  std::optional<std::string> token = Query(request, "continuation-token");
  std::optional<std::string> start_after = Query(request, "start-after");
  std::optional<std::string> marker = Query(request, "marker");
  std::string encoding = Query(request, "encoding-type").value_or("");
  if (!encoding.empty() && encoding != "url") {
    return ErrorResponse("InvalidArgument", 400, "Invalid Encoding Method specified in Request",
                         t.resource);
  }
  if (v2) {
    if (token) {
      auto decoded = Base64Decode(*token);
      if (!decoded || token->empty()) {
        return ErrorResponse("InvalidArgument", 400, "The continuation token provided is incorrect",
                             t.resource);
      }
      options.start_after = *decoded;
    } else if (start_after) {
      options.start_after = *start_after;
    }
  } else if (marker) {
    options.start_after = *marker;
  }
  auto page = store_.List(t.bucket, options);
  if (!page.ok()) return ErrorResponse(page.status(), t.resource);
  auto enc = [&](std::string_view s) {
    return encoding == "url" ? UriEncode(s, /*keep_slash=*/true) : std::string(s);
  };
  bool fetch_owner = Query(request, "fetch-owner") == "true";

  Xml xml("ListBucketResult");
  xml.Element("Name", t.bucket).Element("Prefix", enc(options.prefix));
  if (v2) {
    if (token) xml.Element("ContinuationToken", *token);
    if (start_after) xml.Element("StartAfter", enc(*start_after));
    xml.Element("KeyCount", std::to_string(page->objects.size() + page->common_prefixes.size()));
  } else {
    xml.Element("Marker", enc(marker.value_or("")));
  }
  if (!options.delimiter.empty()) xml.Element("Delimiter", enc(options.delimiter));
  xml.Element("MaxKeys", std::to_string(options.max_keys));
  if (!encoding.empty()) xml.Element("EncodingType", encoding);
  xml.Element("IsTruncated", page->truncated ? "true" : "false");
  if (page->truncated) {
    if (v2) {
      xml.Element("NextContinuationToken", Base64Encode(page->last));
    } else {
      xml.Element("NextMarker", enc(page->last));
    }
  }
  for (const auto& o : page->objects) {
    xml.Open("Contents")
        .Element("Key", enc(o.key))
        .Element("LastModified", Iso8601Millis(o.last_modified_ms))
        .Element("ETag", "\"" + o.etag + "\"")
        .Element("Size", std::to_string(o.size))
        .Element("StorageClass", "STANDARD");
    if (fetch_owner || !v2) {
      xml.Open("Owner").Element("ID", "sluice").Element("DisplayName", "sluice").Close("Owner");
    }
    xml.Close("Contents");
  }
  for (const auto& p : page->common_prefixes) {
    xml.Open("CommonPrefixes").Element("Prefix", enc(p)).Close("CommonPrefixes");
  }
  HttpResponse r;
  r.body = xml.Finish();
  r.headers.emplace_back("Content-Type", "application/xml");
  return r;
}

HttpResponse S3Api::DeleteObjects(const HttpRequest& request, const Target& t) {
  std::string_view md5 = request.Header("content-md5");
  if (!md5.empty()) {
    auto binary = Base64Decode(md5);
    if (!binary || storage::HexEncode(*binary) != storage::Md5Hex(request.body)) {
      return ErrorResponse("BadDigest", 400,
                           "The Content-MD5 you specified did not match what we "
                           "received",
                           t.resource);
    }
  }
  auto malformed = [&] {
    return ErrorResponse("MalformedXML", 400,
                         "The XML you provided was not well-formed or did not validate against our "
                         "published schema",
                         t.resource);
  };
  pugi::xml_document doc;
  if (!doc.load_buffer(request.body.data(), request.body.size())) return malformed();
  pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "Delete" || root.next_sibling()) return malformed();
  std::string quiet_text = root.child("Quiet") ? root.child("Quiet").text().as_string() : "false";
  if (quiet_text != "true" && quiet_text != "false") return malformed();
  bool quiet = quiet_text == "true";
  std::vector<std::string> keys;
  for (pugi::xml_node o : root.children("Object")) {
    if (!o.child("Key")) return malformed();
    keys.emplace_back(o.child("Key").text().as_string());
  }
  if (keys.empty() || keys.size() > 1000) {
    return ErrorResponse("MalformedXML", 400, "DeleteObjects takes 1 to 1000 <Object> elements",
                         t.resource);
  }
  Xml xml("DeleteResult");
  for (const std::string& key : keys) {
    auto existed = store_.Delete(t.bucket, key);
    if (!existed.ok()) {
      S3Error e = ToS3Error(existed.status());
      if (e.code == "NoSuchBucket") return ErrorResponse(existed.status(), t.resource);
      xml.Open("Error").Element("Key", key).Element("Code", e.code).Element("Message", e.message);
      xml.Close("Error");
    } else if (!quiet) {
      xml.Open("Deleted").Element("Key", key).Close("Deleted");
    }
  }
  HttpResponse r;
  r.body = xml.Finish();
  r.headers.emplace_back("Content-Type", "application/xml");
  return r;
}

}  // namespace sluice::api::s3
