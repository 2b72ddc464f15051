#include "formats/compression.h"

#include <bzlib.h>
#include <lz4frame.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

namespace sluice::formats {

namespace {

// Hadoop's SnappyCodec writes blocks of io.compression.codec.snappy.buffersize (256 KiB by
// default); a larger block is taken as corruption (and keeps detection from matching binary).
constexpr uint32_t kMaxHadoopSnappyBlock = 16u << 20;

uint32_t LoadBigEndian32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | u[3];
}

uint32_t LoadLittleEndian(const char* p, int bytes) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | u[i];
  return v;
}

bool LooksLikeHadoopSnappy(std::string_view b) {
  if (b.size() < 9) return false;
  const uint32_t block = LoadBigEndian32(b.data());
  const uint32_t chunk = LoadBigEndian32(b.data() + 4);
  if (block == 0 || block > kMaxHadoopSnappyBlock) return false;
  if (chunk == 0 || chunk > snappy_max_compressed_length(block)) return false;
  std::string_view data = b.substr(8, chunk);  // maybe only its start
  size_t length = 0;
  if (snappy_uncompressed_length(data.data(), data.size(), &length) != SNAPPY_OK) return false;
  if (length == 0 || length > block) return false;
  return data.size() < chunk || snappy_validate_compressed_buffer(data.data(), chunk) == SNAPPY_OK;
}

}  // namespace

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
    case Compression::kHadoopSnappy:
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
  if (LooksLikeHadoopSnappy(b)) return Compression::kHadoopSnappy;
  return Compression::kNone;
}

namespace {

// The output step: each library call writes at most this much before it is appended.
constexpr size_t kStep = 64 * 1024;

// Shared by the codecs: the sticky error, the output cap and the step buffer.
class StreamDecompressor : public Decompressor {
 public:
  StreamDecompressor(std::string_view codec, uint64_t max_output)
      : codec_(codec), max_output_(max_output), step_(kStep) {}

  Status Feed(std::string_view input, std::string& out) final {
    if (!error_.ok()) return error_;
    out_ = &out;
    Status status = Decode(input);
    out_ = nullptr;
    if (!status.ok()) error_ = status;
    return status;
  }

 protected:
  virtual Status Decode(std::string_view input) = 0;

  char* step() { return step_.data(); }

  Status Emit(const char* data, size_t n) {
    const uint64_t room = max_output_ - produced_;
    if (n > room) {
      out_->append(data, room);
      produced_ = max_output_;
      return Status::ResourceLimit(std::string(codec_) + " data decompresses to more than " +
                                   std::to_string(max_output_) +
                                   " bytes, the decompressor's limit (a decompression bomb?)");
    }
    out_->append(data, n);
    produced_ += n;
    return Status::OK();
  }

  Status Corrupt(std::string_view what) const {
    return Status::InvalidInput("corrupt " + std::string(codec_) + " data: " + std::string(what));
  }

 private:
  std::string_view codec_;
  uint64_t max_output_;
  uint64_t produced_ = 0;
  std::vector<char> step_;
  std::string* out_ = nullptr;
  Status error_;
};

// zlib and libbz2 count input in 32-bit unsigned ints: feed them at most this much at a time.
constexpr size_t kMaxSlice = size_t{1} << 30;

// gzip, including several concatenated members.
class GzipDecompressor final : public StreamDecompressor {
 public:
  explicit GzipDecompressor(uint64_t max_output) : StreamDecompressor("gzip", max_output) {
    std::memset(&z_, 0, sizeof(z_));
  }
  ~GzipDecompressor() override {
    if (initialised_) inflateEnd(&z_);
  }
  Status Init() {
    if (inflateInit2(&z_, 15 + 16) != Z_OK) return Status::Internal("zlib inflateInit2 failed");
    initialised_ = true;
    return Status::OK();
  }
  bool finished() const override { return member_ended_; }

 private:
  Status Decode(std::string_view input) override {
    for (size_t at = 0; at < input.size(); at += kMaxSlice) {
      std::string_view slice = input.substr(at, kMaxSlice);
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(slice.data()));
      z_.avail_in = static_cast<uInt>(slice.size());
      while (true) {
        if (member_ended_) {
          if (z_.avail_in == 0) break;
          inflateReset(&z_);  // another member follows
          member_ended_ = false;
        }
        z_.next_out = reinterpret_cast<Bytef*>(step());
        z_.avail_out = kStep;
        const int rc = inflate(&z_, Z_NO_FLUSH);
        const size_t produced = kStep - z_.avail_out;
        RETURN_NOT_OK(Emit(step(), produced));
        if (rc == Z_STREAM_END) {
          member_ended_ = true;
        } else if (rc == Z_BUF_ERROR) {
          break;  // needs more input
        } else if (rc != Z_OK) {
          return Corrupt(z_.msg ? z_.msg : "inflate failed");
        } else if (z_.avail_in == 0 && produced < kStep) {
          break;
        }
      }
    }
    return Status::OK();
  }

  z_stream z_;
  bool initialised_ = false;
  bool member_ended_ = false;
};

std::string_view BzipErrorName(int rc) {
  switch (rc) {
    case BZ_DATA_ERROR:
      return "the data fails its integrity checks (BZ_DATA_ERROR)";
    case BZ_DATA_ERROR_MAGIC:
      return "no bzip2 stream header where one should start (BZ_DATA_ERROR_MAGIC)";
    case BZ_MEM_ERROR:
      return "out of memory (BZ_MEM_ERROR)";
    default:
      return "BZ2_bzDecompress failed";
  }
}

// bzip2, including several concatenated streams (as pbzip2 writes).
class Bzip2Decompressor final : public StreamDecompressor {
 public:
  explicit Bzip2Decompressor(uint64_t max_output) : StreamDecompressor("bzip2", max_output) {
    std::memset(&bz_, 0, sizeof(bz_));
  }
  ~Bzip2Decompressor() override {
    if (initialised_) BZ2_bzDecompressEnd(&bz_);
  }
  Status Init() {
    if (BZ2_bzDecompressInit(&bz_, /*verbosity=*/0, /*small=*/0) != BZ_OK) {
      return Status::Internal("BZ2_bzDecompressInit failed");
    }
    initialised_ = true;
    return Status::OK();
  }
  bool finished() const override { return stream_ended_; }

 private:
  Status Decode(std::string_view input) override {
    for (size_t at = 0; at < input.size(); at += kMaxSlice) {
      std::string_view slice = input.substr(at, kMaxSlice);
      bz_.next_in = const_cast<char*>(slice.data());
      bz_.avail_in = static_cast<unsigned>(slice.size());
      while (true) {
        if (stream_ended_) {
          if (bz_.avail_in == 0) break;
          // Another stream follows; libbz2 has no reset, so start over keeping the input.
          char* next_in = bz_.next_in;
          const unsigned avail_in = bz_.avail_in;
          BZ2_bzDecompressEnd(&bz_);
          initialised_ = false;
          std::memset(&bz_, 0, sizeof(bz_));
          RETURN_NOT_OK(Init());
          bz_.next_in = next_in;
          bz_.avail_in = avail_in;
          stream_ended_ = false;
        }
        bz_.next_out = step();
        bz_.avail_out = kStep;
        const int rc = BZ2_bzDecompress(&bz_);
        const size_t produced = kStep - bz_.avail_out;
        RETURN_NOT_OK(Emit(step(), produced));
        if (rc == BZ_STREAM_END) {
          stream_ended_ = true;
        } else if (rc != BZ_OK) {
          return Corrupt(BzipErrorName(rc));
        } else if (bz_.avail_in == 0 && produced < kStep) {
          break;
        }
      }
    }
    return Status::OK();
  }

  bz_stream bz_;
  bool initialised_ = false;
  bool stream_ended_ = false;
};

// zstd frames, concatenated and skippable ones included. The window is capped at zstd's
// default limit (2^27 bytes); a frame that needs more is ResourceLimit.
class ZstdDecompressor final : public StreamDecompressor {
 public:
  explicit ZstdDecompressor(uint64_t max_output) : StreamDecompressor("zstd", max_output) {}
  ~ZstdDecompressor() override { ZSTD_freeDCtx(dctx_); }
  Status Init() {
    dctx_ = ZSTD_createDCtx();
    return dctx_ ? Status::OK() : Status::Internal("ZSTD_createDCtx failed");
  }
  bool finished() const override { return frame_ended_; }

 private:
  Status Decode(std::string_view input) override {
    ZSTD_inBuffer in{input.data(), input.size(), 0};
    while (true) {
      ZSTD_outBuffer out{step(), kStep, 0};
      const size_t in_before = in.pos;
      const size_t rc = ZSTD_decompressStream(dctx_, &out, &in);
      if (ZSTD_getErrorCode(rc) == ZSTD_error_frameParameter_windowTooLarge) {
        return Status::ResourceLimit(
            "zstd frame needs a window over 128 MiB (written with --long?); not decompressed");
      }
      if (ZSTD_isError(rc)) return Corrupt(ZSTD_getErrorName(rc));
      RETURN_NOT_OK(Emit(step(), out.pos));
      const bool progress = in.pos > in_before || out.pos > 0;
      if (progress) frame_ended_ = rc == 0;
      if (in.pos == in.size && out.pos < kStep) break;  // all input used, all output flushed
      if (!progress) return Corrupt("the decoder stopped making progress");
    }
    return Status::OK();
  }

  ZSTD_DCtx* dctx_ = nullptr;
  bool frame_ended_ = false;
};

// LZ4 frames (not the legacy format), concatenated and skippable ones included.
class Lz4Decompressor final : public StreamDecompressor {
 public:
  explicit Lz4Decompressor(uint64_t max_output) : StreamDecompressor("lz4", max_output) {}
  ~Lz4Decompressor() override { LZ4F_freeDecompressionContext(dctx_); }
  Status Init() {
    const size_t rc = LZ4F_createDecompressionContext(&dctx_, LZ4F_VERSION);
    if (LZ4F_isError(rc)) {
      return Status::Internal(std::string("LZ4F_createDecompressionContext failed: ") +
                              LZ4F_getErrorName(rc));
    }
    return Status::OK();
  }
  bool finished() const override { return frame_ended_; }

 private:
  Status Decode(std::string_view input) override {
    while (true) {
      size_t produced = kStep;
      size_t consumed = input.size();
      const size_t rc = LZ4F_decompress(dctx_, step(), &produced, input.data(), &consumed, nullptr);
      if (LZ4F_isError(rc)) return Corrupt(LZ4F_getErrorName(rc));
      input.remove_prefix(consumed);
      RETURN_NOT_OK(Emit(step(), produced));
      const bool progress = consumed > 0 || produced > 0;
      if (progress) frame_ended_ = rc == 0;
      if (input.empty() && produced < kStep) break;
      if (!progress) return Corrupt("the decoder stopped making progress");
    }
    return Status::OK();
  }

  LZ4F_dctx* dctx_ = nullptr;
  bool frame_ended_ = false;
};

// CRC-32C (Castagnoli), as the snappy framing format checksums chunks.
constexpr std::array<uint32_t, 256> MakeCrc32cTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kCrc32cTable = MakeCrc32cTable();

uint32_t MaskedCrc32c(std::string_view data) {
  uint32_t c = ~0u;
  for (unsigned char byte : data) c = kCrc32cTable[(c ^ byte) & 0xff] ^ (c >> 8);
  c = ~c;
  return ((c >> 15) | (c << 17)) + 0xa282ead8u;
}

// Moves bytes from `input` to `buffer` until it holds `size`; true once it does.
bool Collect(std::string_view& input, std::string& buffer, size_t size) {
  const size_t take = std::min(size - buffer.size(), input.size());
  buffer.append(input.data(), take);
  input.remove_prefix(take);
  return buffer.size() == size;
}

std::string Hex(unsigned byte) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string("0x") + kDigits[(byte >> 4) & 15] + kDigits[byte & 15];
}

// The snappy framing format (github.com/google/snappy framing_format.txt): 4-byte chunk headers
// (type, 24-bit little-endian length). Every data chunk's masked CRC-32C is verified. A stream
// identifier may recur (concatenated streams).
class SnappyFramedDecompressor final : public StreamDecompressor {
 public:
  explicit SnappyFramedDecompressor(uint64_t max_output)
      : StreamDecompressor("snappy", max_output), chunk_out_(kMaxData) {}
  bool finished() const override {
    return seen_identifier_ && stage_ == Stage::kHeader && header_.empty();
  }

 private:
  static constexpr size_t kMaxData = 65536;  // the format's limit on a chunk's data
  enum class Stage { kHeader, kBody, kSkip };

  Status Decode(std::string_view input) override {
    while (!input.empty()) {
      if (stage_ == Stage::kHeader) {
        if (!Collect(input, header_, 4)) break;
        RETURN_NOT_OK(StartChunk(static_cast<unsigned char>(header_[0]),
                                 LoadLittleEndian(header_.data() + 1, 3)));
        header_.clear();
      } else if (stage_ == Stage::kSkip) {
        const size_t take = std::min<size_t>(skip_, input.size());
        input.remove_prefix(take);
        skip_ -= take;
        if (skip_ == 0) stage_ = Stage::kHeader;
      } else {
        if (!Collect(input, body_, body_size_)) break;
        RETURN_NOT_OK(FinishChunk());
        body_.clear();
        stage_ = Stage::kHeader;
      }
    }
    return Status::OK();
  }

  Status StartChunk(unsigned type, uint32_t size) {
    type_ = type;
    if (!seen_identifier_ && type != 0xff) {
      return Corrupt("the stream does not start with a stream identifier chunk (found type " +
                     Hex(type) + ")");
    }
    const size_t max_compressed = 4 + snappy_max_compressed_length(kMaxData);
    if (type == 0xff && size != 6) {
      return Corrupt("a stream identifier chunk of " + std::to_string(size) + " bytes (not 6)");
    }
    if ((type == 0x00 && (size < 4 || size > max_compressed)) ||
        (type == 0x01 && (size < 4 || size > 4 + kMaxData))) {
      return Corrupt("a chunk of type " + Hex(type) + " has an impossible length " +
                     std::to_string(size));
    }
    if (type >= 0x02 && type <= 0x7f) {
      return Corrupt("reserved unskippable chunk type " + Hex(type));
    }
    if (type >= 0x80 && type != 0xff) {  // skippable or padding
      skip_ = size;
      stage_ = size > 0 ? Stage::kSkip : Stage::kHeader;
      return Status::OK();
    }
    body_size_ = size;
    stage_ = Stage::kBody;
    return Status::OK();
  }

  Status FinishChunk() {
    if (type_ == 0xff) {
      if (body_ != "sNaPpY") return Corrupt("a stream identifier chunk without \"sNaPpY\"");
      seen_identifier_ = true;
      return Status::OK();
    }
    const uint32_t expected_crc = LoadLittleEndian(body_.data(), 4);
    std::string_view data = std::string_view(body_).substr(4);
    if (type_ == 0x00) {
      size_t length = 0;
      if (snappy_uncompressed_length(data.data(), data.size(), &length) != SNAPPY_OK ||
          length > kMaxData) {
        return Corrupt("a compressed chunk with a bad length header");
      }
      if (snappy_uncompress(data.data(), data.size(), chunk_out_.data(), &length) != SNAPPY_OK) {
        return Corrupt("a compressed chunk that does not decompress");
      }
      data = std::string_view(chunk_out_.data(), length);
    }
    if (MaskedCrc32c(data) != expected_crc) return Corrupt("a chunk fails its CRC-32C check");
    return Emit(data.data(), data.size());
  }

  Stage stage_ = Stage::kHeader;
  std::string header_;
  std::string body_;
  size_t body_size_ = 0;
  uint64_t skip_ = 0;
  unsigned type_ = 0;
  bool seen_identifier_ = false;
  std::vector<char> chunk_out_;
};

// Hadoop's SnappyCodec (BlockCompressorStream): blocks of [uncompressed length, big-endian u32]
// then chunks of [compressed length, u32][raw snappy] until the block's length is produced.
// No checksums; a block is at most kMaxHadoopSnappyBlock.
class HadoopSnappyDecompressor final : public StreamDecompressor {
 public:
  explicit HadoopSnappyDecompressor(uint64_t max_output)
      : StreamDecompressor("snappy (Hadoop)", max_output) {}
  bool finished() const override {
    return blocks_ > 0 && stage_ == Stage::kBlockLength && header_.empty();
  }

 private:
  enum class Stage { kBlockLength, kChunkLength, kChunkBody };

  Status Decode(std::string_view input) override {
    while (!input.empty()) {
      if (stage_ == Stage::kChunkBody) {
        if (!Collect(input, body_, body_size_)) break;
        RETURN_NOT_OK(FinishChunk());
        body_.clear();
        stage_ = block_left_ > 0 ? Stage::kChunkLength : Stage::kBlockLength;
        continue;
      }
      if (!Collect(input, header_, 4)) break;
      const uint32_t value = LoadBigEndian32(header_.data());
      header_.clear();
      if (stage_ == Stage::kBlockLength) {
        if (value > kMaxHadoopSnappyBlock) {
          return Corrupt("a block of " + std::to_string(value) + " bytes (the limit is " +
                         std::to_string(kMaxHadoopSnappyBlock) + ")");
        }
        ++blocks_;
        block_left_ = value;
        if (value > 0) stage_ = Stage::kChunkLength;
      } else {
        if (value == 0 || value > snappy_max_compressed_length(block_left_)) {
          return Corrupt("a chunk of " + std::to_string(value) + " bytes in a block with " +
                         std::to_string(block_left_) + " bytes left");
        }
        body_size_ = value;
        stage_ = Stage::kChunkBody;
      }
    }
    return Status::OK();
  }

  Status FinishChunk() {
    size_t length = 0;
    if (snappy_uncompressed_length(body_.data(), body_.size(), &length) != SNAPPY_OK ||
        length > block_left_) {
      return Corrupt("a chunk whose length header overruns its block");
    }
    chunk_out_.resize(length);
    if (snappy_uncompress(body_.data(), body_.size(), chunk_out_.data(), &length) != SNAPPY_OK) {
      return Corrupt("a chunk that does not decompress");
    }
    block_left_ -= static_cast<uint32_t>(length);
    return Emit(chunk_out_.data(), length);
  }

  Stage stage_ = Stage::kBlockLength;
  std::string header_;
  std::string body_;
  size_t body_size_ = 0;
  uint32_t block_left_ = 0;
  uint64_t blocks_ = 0;
  std::vector<char> chunk_out_;
};

template <typename T>
Result<std::unique_ptr<Decompressor>> Make(uint64_t max_output) {
  auto d = std::make_unique<T>(max_output);
  if constexpr (requires { d->Init(); }) RETURN_NOT_OK(d->Init());
  return std::unique_ptr<Decompressor>(std::move(d));
}

}  // namespace

Result<std::unique_ptr<Decompressor>> NewDecompressor(Compression c, uint64_t max_output) {
  switch (c) {
    case Compression::kGzip:
      return Make<GzipDecompressor>(max_output);
    case Compression::kBzip2:
      return Make<Bzip2Decompressor>(max_output);
    case Compression::kZstd:
      return Make<ZstdDecompressor>(max_output);
    case Compression::kLz4:
      return Make<Lz4Decompressor>(max_output);
    case Compression::kSnappy:
      return Make<SnappyFramedDecompressor>(max_output);
    case Compression::kHadoopSnappy:
      return Make<HadoopSnappyDecompressor>(max_output);
    case Compression::kNone:
      break;
  }
  return Status::InvalidInput("no decompressor for uncompressed data (Compression::kNone)");
}

}  // namespace sluice::formats
