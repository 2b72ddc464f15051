#include "formats/compression.h"

#include <zlib.h>

#include <cstring>

namespace sluice::formats {

std::string_view CompressionName(Compression c) {
  switch (c) {
    case Compression::kNone:
      return "none";
    case Compression::kGzip:
      return "gzip";
    case Compression::kBzip2:
      return "bzip2";
    case Compression::kZstd:
      return "zstd";
    case Compression::kLz4:
      return "lz4";
    case Compression::kSnappy:
      return "snappy";
  }
  return "none";
}

Compression DetectCompression(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  if (starts("\x1f\x8b")) return Compression::kGzip;
  if (b.size() >= 4 && starts("BZh") && b[3] >= '1' && b[3] <= '9') return Compression::kBzip2;
  if (starts("\x28\xb5\x2f\xfd")) return Compression::kZstd;
  if (starts("\x04\x22\x4d\x18")) return Compression::kLz4;
  if (starts(std::string_view("\xff\x06\x00\x00sNaPpY", 10))) return Compression::kSnappy;
  return Compression::kNone;
}

namespace {

// gzip, including several concatenated members (as `cat a.gz b.gz` makes).
class GzipDecompressor final : public Decompressor {
 public:
  GzipDecompressor() {
    std::memset(&z_, 0, sizeof(z_));
    inflateInit2(&z_, 15 + 16);
  }
  ~GzipDecompressor() override { inflateEnd(&z_); }

  Status Feed(std::string_view input, std::string& out) override {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    z_.avail_in = static_cast<uInt>(input.size());
    char buffer[64 * 1024];
    while (z_.avail_in > 0 || !finished_) {
      if (finished_) {  // another member follows
        inflateReset(&z_);
        finished_ = false;
      }
      z_.next_out = reinterpret_cast<Bytef*>(buffer);
      z_.avail_out = sizeof(buffer);
      int rc = inflate(&z_, Z_NO_FLUSH);
      out.append(buffer, sizeof(buffer) - z_.avail_out);
      if (rc == Z_STREAM_END) {
        finished_ = true;
        if (z_.avail_in == 0) break;
        continue;
      }
      if (rc == Z_BUF_ERROR || (rc == Z_OK && z_.avail_in == 0 && z_.avail_out != 0)) break;
      if (rc != Z_OK) {
        return Status::InvalidInput(std::string("corrupt gzip data: ") +
                                    (z_.msg ? z_.msg : "inflate failed"));
      }
    }
    return Status::OK();
  }
  bool finished() const override { return finished_; }

 private:
  z_stream z_;
  bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<Decompressor>> NewDecompressor(Compression c) {
  if (c == Compression::kGzip) return std::unique_ptr<Decompressor>(new GzipDecompressor());
  return Status::InvalidInput(std::string(CompressionName(c)) +
                              " compressed files are not supported yet (gzip is)");
}

}  // namespace sluice::formats
