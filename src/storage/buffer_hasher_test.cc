#include "storage/buffer_hasher.h"

#include <gtest/gtest.h>

#include <random>

namespace sluice::storage {
namespace {

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng());
  return out;
}

// Feeds `data` the way the blob writer does: fill a buffer, submit it, take the next.
std::string HashInBuffers(std::string_view data, size_t buffer_size, int buffers) {
  BufferHasher hasher(buffer_size, buffers);
  std::string current;
  while (!data.empty()) {
    size_t n = std::min(data.size(), buffer_size - current.size());
    current.append(data.substr(0, n));
    data.remove_prefix(n);
    if (current.size() == buffer_size) {
      hasher.Submit(std::move(current));
      current = hasher.TakeBuffer();
    }
  }
  return HexEncode(hasher.Finish(current));
}

TEST(BufferHasherTest, MatchesOneShotMd5AtEverySizeAroundBufferBoundaries) {
  for (size_t size : {0, 1, 63, 64, 65, 127, 128, 129, 1000, 4096}) {
    std::string data = RandomBytes(size, static_cast<uint32_t>(size));
    EXPECT_EQ(HashInBuffers(data, 64, 2), Md5Hex(data)) << size;
    EXPECT_EQ(HashInBuffers(data, 64, 1), Md5Hex(data)) << size;
  }
}

TEST(BufferHasherTest, LargeStreamWithFewBuffersKeepsOrder) {
  std::string data = RandomBytes(8 << 20, 7);
  EXPECT_EQ(HashInBuffers(data, 4096, 3), Md5Hex(data));
}

TEST(BufferHasherTest, DestroyedWithoutFinishDoesNotHang) {
  BufferHasher hasher(16, 2);
  hasher.Submit(std::string(16, 'x'));
  hasher.Submit(std::string(16, 'y'));
}

}  // namespace
}  // namespace sluice::storage
