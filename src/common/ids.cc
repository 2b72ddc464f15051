#include "common/ids.h"

#include <cstdint>
#include <random>

namespace sluice {
namespace {

// splitmix64: fast, well-distributed; seeded per thread from the OS. Ids need uniqueness, not
// secrecy.
uint64_t NextRandom() {
  thread_local uint64_t state = [] {
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd();
  }();
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

std::string NewUuid() {
  uint64_t hi = NextRandom();
  uint64_t lo = NextRandom();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  auto put = [&](uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) out.push_back(kHex[(v >> (i * 4)) & 0xf]);
  };
  put(hi >> 32, 8);
  out.push_back('-');
  put(hi >> 16, 4);
  out.push_back('-');
  put(hi, 4);
  out.push_back('-');
  put(lo >> 48, 4);
  out.push_back('-');
  put(lo, 12);
  return out;
}

}  // namespace sluice
