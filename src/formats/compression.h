// Whole-file compression, detected from a file's first bytes (not its name), and streaming
// decompressors for reading a sample from the start of a compressed file.
//
//   gzip  1f 8b          bzip2  "BZh" 1-9       zstd  28 b5 2f fd
//   lz4 frame  04 22 4d 18                      snappy framing  ff 06 00 00 "sNaPpY"
//   Hadoop snappy (Hadoop's SnappyCodec block stream, no magic): see DetectCompression.
// Every codec reads concatenated streams (gzip members, bzip2 streams, zstd and lz4 frames,
// snappy streams), as `cat a.gz b.gz` makes. Not detected: zip, lz4 legacy and Hadoop-lz4 blocks.
// Decompressors are thread-compatible; the free functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace sluice::formats {

// kHadoopSnappy is Hadoop's block format around raw snappy; both snappy kinds are "snappy" to Glue.
enum class Compression { kNone, kGzip, kBzip2, kZstd, kLz4, kSnappy, kHadoopSnappy };

// "none", "gzip", "bzip2", "zstd", "lz4", "snappy": the compressionType Glue writes.
std::string_view CompressionName(Compression c);

// kNone when the bytes start no known compressed stream. Hadoop snappy has no magic: it is
// recognised by a plausible first block (uncompressed length <= 16 MiB, a compressed chunk
// length that fits it, and a raw snappy chunk whose own length header agrees; the chunk is
// validated whole when `first_bytes` holds it). Text never matches: it would start 00 or 01.
Compression DetectCompression(std::string_view first_bytes);

// Decompresses a stream fed in pieces of any size (a frame or chunk may be split anywhere).
class Decompressor {
 public:
  virtual ~Decompressor() = default;
  // Appends to `out` all that `input`, the next bytes of the stream, yields (work is done in
  // bounded steps; nothing is sized from lengths the data claims beyond each codec's limit).
  // InvalidInput for corrupt data, naming the codec. ResourceLimit once the total output would
  // pass the decompressor's max_output (the output up to the limit has been appended), or when a
  // zstd frame needs a window over 128 MiB. After an error every later Feed returns it again.
  virtual Status Feed(std::string_view input, std::string& out) = 0;
  // True when the input so far ends a whole stream (frame, member, ...); false inside one, which
  // after the last Feed means the file was truncated. Snappy framing has no end marker, so for
  // it (and Hadoop snappy) this means "ends at a chunk (block) boundary after the stream start".
  virtual bool finished() const = 0;
};

// The default cap on what one decompressor outputs: bounds memory against decompression bombs
// (a 16 KiB zstd piece can expand to 512 MiB). Samplers should pass a cap near their sample size.
inline constexpr uint64_t kDefaultMaxDecompressedBytes = uint64_t{256} << 20;

// A decompressor for `c`. InvalidInput for kNone (nothing to decompress).
Result<std::unique_ptr<Decompressor>> NewDecompressor(
    Compression c, uint64_t max_output = kDefaultMaxDecompressedBytes);

}  // namespace sluice::formats
