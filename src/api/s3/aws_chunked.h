// Decoder of the aws-chunked content encoding (SigV4 streaming uploads): a sequence of
// "<hex size>[;chunk-signature=...]\r\n<bytes>\r\n" chunks ended by a zero-size chunk, then
// optional trailing headers ("x-amz-checksum-crc32:...\r\n") and "\r\n". Signatures are not
// verified (request signatures are not verified either). Streaming: any split of the input works.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::api::s3 {

class AwsChunkedDecoder {
 public:
  using PayloadFn = std::function<Status(std::string_view)>;
  explicit AwsChunkedDecoder(PayloadFn on_payload) : on_payload_(std::move(on_payload)) {}

  // Feeds encoded bytes; payload bytes go to the callback. InvalidInput on malformed framing.
  Status Feed(std::string_view data);
  // True once the final chunk and the trailers have been read.
  bool done() const { return state_ == State::kDone; }
  // Trailing headers, names lower-cased.
  const std::map<std::string, std::string>& trailers() const { return trailers_; }

 private:
  enum class State { kSizeLine, kData, kDataEnd, kTrailers, kDone };
  Status HandleLine(const std::string& line);

  PayloadFn on_payload_;
  State state_ = State::kSizeLine;
  std::string line_;
  uint64_t remaining_ = 0;
  std::map<std::string, std::string> trailers_;
};

}  // namespace sluice::api::s3
