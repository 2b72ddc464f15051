#include "api/s3/aws_chunked.h"

namespace sluice::api::s3 {

Status AwsChunkedDecoder::HandleLine(const std::string& line) {
  if (state_ == State::kSizeLine) {
    size_t end = line.find(';');
    std::string hex = line.substr(0, end);
    if (hex.empty() || hex.size() > 15 ||
        hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
      return Status::InvalidInput("IncompleteBody: malformed aws-chunked chunk header '" +
                                  line.substr(0, 40) + "'");
    }
    remaining_ = std::stoull(hex, nullptr, 16);
    state_ = remaining_ == 0 ? State::kTrailers : State::kData;
    return Status::OK();
  }
  // Trailers: "name:value" lines until an empty line.
  if (line.empty()) {
    state_ = State::kDone;
    return Status::OK();
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) {
    return Status::InvalidInput("IncompleteBody: malformed aws-chunked trailer '" +
                                line.substr(0, 40) + "'");
  }
  std::string name = line.substr(0, colon);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string value = line.substr(colon + 1);
  while (!value.empty() && value.front() == ' ') value.erase(value.begin());
  trailers_[name] = value;
  return Status::OK();
}

Status AwsChunkedDecoder::Feed(std::string_view data) {
  while (!data.empty()) {
    switch (state_) {
      case State::kData: {
        size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, data.size()));
        RETURN_NOT_OK(on_payload_(data.substr(0, n)));
        remaining_ -= n;
        data.remove_prefix(n);
        if (remaining_ == 0) state_ = State::kDataEnd;
        break;
      }
      case State::kDataEnd:
      case State::kSizeLine:
      case State::kTrailers: {
        size_t nl = data.find('\n');
        line_.append(data.substr(0, nl == std::string_view::npos ? data.size() : nl));
        if (line_.size() > 4096)
          return Status::InvalidInput("IncompleteBody: aws-chunked line too long");
        if (nl == std::string_view::npos) return Status::OK();
        data.remove_prefix(nl + 1);
        if (!line_.empty() && line_.back() == '\r') line_.pop_back();
        std::string line = std::move(line_);
        line_.clear();
        if (state_ == State::kDataEnd) {
          if (!line.empty())
            return Status::InvalidInput("IncompleteBody: chunk longer than declared");
          state_ = State::kSizeLine;
        } else {
          RETURN_NOT_OK(HandleLine(line));
        }
        break;
      }
      case State::kDone:
        return Status::OK();  // ignore anything after the end
    }
  }
  return Status::OK();
}

}  // namespace sluice::api::s3
