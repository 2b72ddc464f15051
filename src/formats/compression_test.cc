#include "formats/compression.h"

#include <bzlib.h>
#include <gtest/gtest.h>
#include <lz4frame.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace sluice::formats {
namespace {

// ~300 KB of CSV-like text: several bzip2 blocks, snappy chunks and lz4 blocks.
std::string SampleText(int rows = 6000, int seed = 1) {
  std::string text = "id,name,score,comment\n";
  uint32_t x = static_cast<uint32_t>(seed);
  for (int i = 0; i < rows; ++i) {
    x = x * 1103515245u + 12345u;
    text += std::to_string(i) + ",name" + std::to_string(x % 977) + "," +
            std::to_string((x >> 8) % 10000) + ",\"some words " + std::to_string(x >> 20) + "\"\n";
  }
  return text;
}

std::string GzipCompress(std::string_view text) {
  z_stream z;
  std::memset(&z, 0, sizeof(z));
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Bzip2Compress(std::string_view text) {
  std::string out(text.size() + text.size() / 100 + 600, '\0');
  unsigned size = static_cast<unsigned>(out.size());
  EXPECT_EQ(BZ2_bzBuffToBuffCompress(out.data(), &size, const_cast<char*>(text.data()),
                                     static_cast<unsigned>(text.size()), /*blockSize100k=*/1, 0, 0),
            BZ_OK);
  out.resize(size);
  return out;
}

std::string ZstdCompress(std::string_view text) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  std::string out(ZSTD_compressBound(text.size()), '\0');
  size_t n = ZSTD_compress2(cctx, out.data(), out.size(), text.data(), text.size());
  EXPECT_FALSE(ZSTD_isError(n));
  ZSTD_freeCCtx(cctx);
  out.resize(n);
  return out;
}

std::string Lz4Compress(std::string_view text) {
  LZ4F_preferences_t prefs;
  std::memset(&prefs, 0, sizeof(prefs));
  prefs.frameInfo.blockSizeID = LZ4F_max64KB;
  prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
  std::string out(LZ4F_compressFrameBound(text.size(), &prefs), '\0');
  size_t n = LZ4F_compressFrame(out.data(), out.size(), text.data(), text.size(), &prefs);
  EXPECT_FALSE(LZ4F_isError(n));
  out.resize(n);
  return out;
}

// CRC-32C written independently of compression.cc (bitwise), checked against the RFC vector.
uint32_t TestMaskedCrc32c(std::string_view data) {
  uint32_t c = ~0u;
  for (unsigned char b : data) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
  }
  c = ~c;
  return ((c >> 15) | (c << 17)) + 0xa282ead8u;
}

std::string Le(uint32_t v, int bytes) {
  std::string s;
  for (int i = 0; i < bytes; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
  return s;
}

std::string Be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string RawSnappy(std::string_view text) {
  std::string out(snappy_max_compressed_length(text.size()), '\0');
  size_t n = out.size();
  EXPECT_EQ(snappy_compress(text.data(), text.size(), out.data(), &n), SNAPPY_OK);
  out.resize(n);
  return out;
}

std::string SnappyChunk(unsigned type, std::string_view body) {
  return static_cast<char>(type) + Le(static_cast<uint32_t>(body.size()), 3) + std::string(body);
}

const std::string kSnappyIdentifier = SnappyChunk(0xff, "sNaPpY");

// The snappy framing format, as snzip or python-snappy write it: 64 KiB chunks, every third
// stored uncompressed, plus a padding and a skippable chunk to be ignored.
std::string SnappyFramedCompress(std::string_view text) {
  std::string out = kSnappyIdentifier + SnappyChunk(0xfe, std::string(10, '\0'));
  for (size_t at = 0, i = 0; at < text.size(); at += 65536, ++i) {
    std::string_view piece = text.substr(at, 65536);
    std::string crc = Le(TestMaskedCrc32c(piece), 4);
    out += i % 3 == 2 ? SnappyChunk(0x01, crc + std::string(piece))
                      : SnappyChunk(0x00, crc + RawSnappy(piece));
    if (i == 1) out += SnappyChunk(0x80, "skip me");
  }
  return out;
}

// Hadoop's SnappyCodec stream: 100 KB blocks, each block's data in two snappy chunks.
std::string HadoopSnappyCompress(std::string_view text) {
  std::string out;
  for (size_t at = 0; at < text.size(); at += 100000) {
    std::string_view block = text.substr(at, 100000);
    out += Be32(static_cast<uint32_t>(block.size()));
    for (std::string_view half :
         {block.substr(0, block.size() / 2), block.substr(block.size() / 2)}) {
      std::string chunk = RawSnappy(half);
      out += Be32(static_cast<uint32_t>(chunk.size())) + chunk;
    }
  }
  return out;
}

struct Codec {
  const char* name;
  Compression compression;
  std::function<std::string(std::string_view)> compress;
  bool checksummed;  // whether a flipped data byte is always caught
};

void PrintTo(const Codec& codec, std::ostream* os) { *os << codec.name; }

std::string PrintCodec(const testing::TestParamInfo<Codec>& info) { return info.param.name; }

// Feeds `data` in pieces of `piece` bytes (0: all at once); the first error stops.
Status FeedAll(Decompressor& d, std::string_view data, size_t piece, std::string& out) {
  if (piece == 0) piece = data.size();
  for (size_t at = 0; at < data.size(); at += piece) {
    RETURN_NOT_OK(d.Feed(data.substr(at, piece), out));
  }
  return Status::OK();
}

class CompressionCodecTest : public testing::TestWithParam<Codec> {
 protected:
  std::unique_ptr<Decompressor> New(uint64_t max_output = kDefaultMaxDecompressedBytes) {
    auto d = NewDecompressor(GetParam().compression, max_output);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? std::move(*d) : nullptr;
  }
};

TEST_P(CompressionCodecTest, DetectedFromTheFirstBytes) {
  std::string data = GetParam().compress(SampleText());
  EXPECT_EQ(DetectCompression(std::string_view(data).substr(0, 16 * 1024)), GetParam().compression);
}

TEST_P(CompressionCodecTest, RoundTripInAnyPieceSize) {
  const std::string text = SampleText();
  const std::string data = GetParam().compress(text);
  ASSERT_LT(data.size(), text.size());
  for (size_t piece : {size_t{1}, size_t{7}, size_t{4096}, size_t{0}}) {
    auto d = New();
    ASSERT_NE(d, nullptr);
    EXPECT_FALSE(d->finished());
    std::string out;
    Status st = FeedAll(*d, data, piece, out);
    ASSERT_TRUE(st.ok()) << "piece " << piece << ": " << st.ToString();
    EXPECT_EQ(out.size(), text.size()) << "piece " << piece;
    EXPECT_TRUE(out == text) << "piece " << piece;
    EXPECT_TRUE(d->finished()) << "piece " << piece;
    ASSERT_TRUE(d->Feed("", out).ok());  // an empty piece changes nothing
    EXPECT_TRUE(d->finished());
  }
}

TEST_P(CompressionCodecTest, ConcatenatedStreamsAreOneStream) {
  const std::string a = SampleText(3000, 1), b = SampleText(500, 2);
  const std::string data = GetParam().compress(a) + GetParam().compress(b);
  for (size_t piece : {size_t{7}, size_t{0}}) {
    auto d = New();
    ASSERT_NE(d, nullptr);
    std::string out;
    Status st = FeedAll(*d, data, piece, out);
    ASSERT_TRUE(st.ok()) << st.ToString();
    EXPECT_TRUE(out == a + b) << out.size() << " bytes, want " << (a + b).size();
    EXPECT_TRUE(d->finished());
  }
}

TEST_P(CompressionCodecTest, TruncatedInputGivesAPrefixAndIsNotFinished) {
  const std::string text = SampleText();
  const std::string data = GetParam().compress(text);
  for (size_t keep : {data.size() / 2, data.size() - 3}) {
    auto d = New();
    ASSERT_NE(d, nullptr);
    std::string out;
    Status st = FeedAll(*d, std::string_view(data).substr(0, keep), 4096, out);
    ASSERT_TRUE(st.ok()) << "keep " << keep << ": " << st.ToString();
    EXPECT_FALSE(d->finished()) << "keep " << keep;
    EXPECT_LT(out.size(), text.size() + 1);
    EXPECT_TRUE(text.compare(0, out.size(), out) == 0) << "the output is not a prefix";
    if (keep == data.size() - 3) {
      EXPECT_GE(out.size(), text.size() / 2);  // all but the last block or chunk
    }
  }
}

TEST_P(CompressionCodecTest, CorruptDataIsInvalidInputAndStaysSo) {
  if (!GetParam().checksummed) GTEST_SKIP() << "no checksum over the data";
  const std::string text = SampleText();
  std::string data = GetParam().compress(text);
  for (size_t i = data.size() / 2; i < data.size() / 2 + 8; ++i) data[i] ^= 0x55;
  for (size_t piece : {size_t{1}, size_t{4096}, size_t{0}}) {
    auto d = New();
    ASSERT_NE(d, nullptr);
    std::string out;
    Status st = FeedAll(*d, data, piece, out);
    EXPECT_EQ(st.code(), StatusCode::kInvalidInput) << st.ToString();
    EXPECT_NE(st.message().find("corrupt"), std::string::npos) << st.message();
    Status again = d->Feed("more", out);
    EXPECT_EQ(again.code(), StatusCode::kInvalidInput);
  }
}

TEST_P(CompressionCodecTest, GarbageAfterTheMagicNeverCrashes) {
  const std::string good = GetParam().compress(SampleText(200));
  uint32_t x = 7;
  for (int trial = 0; trial < 200; ++trial) {
    std::string data = good;
    // Keep the stream header, then scribble on a few bytes (or cut the stream short).
    const size_t start = std::min<size_t>(data.size() - 1, 4 + trial % 16);
    for (int k = 0; k < 1 + trial % 5; ++k) {
      x = x * 1103515245u + 12345u;
      data[start + (x >> 8) % (data.size() - start)] = static_cast<char>(x >> 24);
    }
    if (trial % 7 == 0) data.resize(start + (x >> 4) % (data.size() - start));
    auto d = New(1 << 20);
    ASSERT_NE(d, nullptr);
    std::string out;
    Status st = FeedAll(*d, data, trial % 2 ? 13 : 0, out);
    EXPECT_TRUE(st.ok() || st.code() == StatusCode::kInvalidInput ||
                st.code() == StatusCode::kResourceLimit)
        << st.ToString();
    EXPECT_LE(out.size(), size_t{1} << 20);
  }
}

TEST_P(CompressionCodecTest, OutputBeyondTheLimitIsResourceLimit) {
  const std::string text = SampleText();
  const std::string data = GetParam().compress(text);
  auto d = New(/*max_output=*/100000);
  ASSERT_NE(d, nullptr);
  std::string out;
  Status st = FeedAll(*d, data, 4096, out);
  EXPECT_EQ(st.code(), StatusCode::kResourceLimit) << st.ToString();
  EXPECT_EQ(out.size(), 100000u);
  EXPECT_TRUE(text.compare(0, out.size(), out) == 0);
  EXPECT_EQ(d->Feed("x", out).code(), StatusCode::kResourceLimit);
}

INSTANTIATE_TEST_SUITE_P(CompressionCodecs, CompressionCodecTest,
                         testing::Values(Codec{"gzip", Compression::kGzip, GzipCompress, true},
                                         Codec{"bzip2", Compression::kBzip2, Bzip2Compress, true},
                                         Codec{"zstd", Compression::kZstd, ZstdCompress, true},
                                         Codec{"lz4", Compression::kLz4, Lz4Compress, true},
                                         Codec{"snappy", Compression::kSnappy, SnappyFramedCompress,
                                               true},
                                         Codec{"hadoop_snappy", Compression::kHadoopSnappy,
                                               HadoopSnappyCompress, false}),
                         PrintCodec);

TEST(CompressionTest, NamesAreGluesCompressionTypes) {
  EXPECT_EQ(CompressionName(Compression::kNone), "none");
  EXPECT_EQ(CompressionName(Compression::kBzip2), "bzip2");
  EXPECT_EQ(CompressionName(Compression::kSnappy), "snappy");
  EXPECT_EQ(CompressionName(Compression::kHadoopSnappy), "snappy");
}

TEST(CompressionTest, NoneHasNoDecompressor) {
  auto d = NewDecompressor(Compression::kNone);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidInput);
}

TEST(CompressionTest, TestCrc32cMatchesTheKnownVector) {
  uint32_t masked = TestMaskedCrc32c("123456789");
  uint32_t unmasked = ((masked - 0xa282ead8u) << 15) | ((masked - 0xa282ead8u) >> 17);
  EXPECT_EQ(unmasked, 0xE3069283u);
}

TEST(CompressionTest, TextAndOtherBinaryAreNotHadoopSnappy) {
  EXPECT_EQ(DetectCompression("id,name\n1,a\n"), Compression::kNone);
  EXPECT_EQ(DetectCompression("{\"a\": 1}\n"), Compression::kNone);
  EXPECT_EQ(DetectCompression(std::string("PAR1\0\0\0\0\0\0", 10)), Compression::kNone);
  EXPECT_EQ(DetectCompression(std::string("\0{\0\"\0a\0\"\0:\0 \0001", 14)), Compression::kNone);
  EXPECT_EQ(DetectCompression(std::string(64, '\0')), Compression::kNone);
  // A plausible header whose snappy data does not validate.
  EXPECT_EQ(DetectCompression(Be32(100) + Be32(6) + std::string("\x64\xff\xff\xff\xff\xff", 6)),
            Compression::kNone);
}

Status FeedSnappy(std::string_view data, std::string& out) {
  auto d = NewDecompressor(Compression::kSnappy);
  if (!d.ok()) return d.status();
  return (*d)->Feed(data, out);
}

TEST(CompressionTest, SnappyFramingRejectsBadChunks) {
  std::string out;
  std::string piece = "hello snappy";
  std::string good = SnappyChunk(0x01, Le(TestMaskedCrc32c(piece), 4) + piece);
  ASSERT_TRUE(FeedSnappy(kSnappyIdentifier + good, out).ok());
  EXPECT_EQ(out, piece);

  std::string bad_crc = SnappyChunk(0x01, Le(TestMaskedCrc32c(piece) + 1, 4) + piece);
  Status st = FeedSnappy(kSnappyIdentifier + bad_crc, out);
  EXPECT_EQ(st.code(), StatusCode::kInvalidInput);
  EXPECT_NE(st.message().find("CRC"), std::string::npos) << st.message();

  st = FeedSnappy(good, out);  // no stream identifier
  EXPECT_EQ(st.code(), StatusCode::kInvalidInput);
  EXPECT_NE(st.message().find("stream identifier"), std::string::npos) << st.message();

  st = FeedSnappy(kSnappyIdentifier + SnappyChunk(0x02, "x"), out);
  EXPECT_EQ(st.code(), StatusCode::kInvalidInput);
  EXPECT_NE(st.message().find("reserved unskippable chunk type 0x02"), std::string::npos);

  // A chunk length over the format's limit is refused before anything is buffered.
  st = FeedSnappy(kSnappyIdentifier + "\x01\xff\xff\xff", out);
  EXPECT_EQ(st.code(), StatusCode::kInvalidInput);

  st = FeedSnappy(kSnappyIdentifier + SnappyChunk(0x00, Le(0, 4) + "garbage!"), out);
  EXPECT_EQ(st.code(), StatusCode::kInvalidInput);
}

TEST(CompressionTest, HadoopSnappyRejectsImpossibleLengths) {
  for (const std::string& data :
       {Be32(0x7fffffff) + Be32(10),                      // block over the limit
        Be32(100) + Be32(0x10000000),                     // chunk larger than the block allows
        Be32(5) + Be32(7) + RawSnappy("hello world")}) {  // chunk overruns its block
    auto d = NewDecompressor(Compression::kHadoopSnappy);
    ASSERT_TRUE(d.ok());
    std::string out;
    Status st = (*d)->Feed(data, out);
    EXPECT_EQ(st.code(), StatusCode::kInvalidInput) << st.ToString();
  }
}

TEST(CompressionTest, ZstdFrameWithAHugeWindowIsResourceLimit) {
  // A frame header declaring a 512 MiB window (window descriptor 0x98: 2^(10+19)).
  std::string data("\x28\xb5\x2f\xfd\x00\x98", 6);
  data += std::string(16, '\0');
  auto d = NewDecompressor(Compression::kZstd);
  ASSERT_TRUE(d.ok());
  std::string out;
  Status st = (*d)->Feed(data, out);
  EXPECT_EQ(st.code(), StatusCode::kResourceLimit) << st.ToString();
}

TEST(CompressionTest, GzipTrailingGarbageIsCorrupt) {
  std::string data = GzipCompress("a,b\n1,2\n") + "not gzip";
  auto d = NewDecompressor(Compression::kGzip);
  ASSERT_TRUE(d.ok());
  std::string out;
  EXPECT_EQ((*d)->Feed(data, out).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(out, "a,b\n1,2\n");
}

}  // namespace
}  // namespace sluice::formats
