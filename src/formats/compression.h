// Whole-file compression, detected from a file's first bytes (not its name), and a streaming
// decompressor for reading a sample from the start of a compressed file.
//
//   gzip  1f 8b          bzip2  "BZh"           zstd  28 b5 2f fd
//   lz4 frame  04 22 4d 18                      snappy framing  ff 06 00 00 "sNaPpY"
// gzip (zlib) is decompressed here; the others are recognised and reported, so the crawl log can
// say which codec a file uses even where Sluice cannot read it yet. Thread-compatible.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace sluice::formats {

enum class Compression { kNone, kGzip, kBzip2, kZstd, kLz4, kSnappy };

// "none", "gzip", "bzip2", "zstd", "lz4", "snappy": the compressionType Glue writes.
std::string_view CompressionName(Compression c);

Compression DetectCompression(std::string_view first_bytes);

// Decompresses a stream fed in pieces. Feed() appends what the new input yields to `out`.
class Decompressor {
 public:
  virtual ~Decompressor() = default;
  // InvalidInput for corrupt data.
  virtual Status Feed(std::string_view input, std::string& out) = 0;
  // True once the compressed stream ended.
  virtual bool finished() const = 0;
};

// InvalidInput ("... is not supported yet") for codecs without a decompressor here.
Result<std::unique_ptr<Decompressor>> NewDecompressor(Compression c);

}  // namespace sluice::formats
