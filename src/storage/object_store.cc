#include "storage/object_store.h"

#include <cstdint>

namespace sluice::storage {

namespace {

constexpr size_t kMaxKeyBytes = 1024;

// The length of the well-formed UTF-8 sequence at `s[i]`, or 0 when it is malformed (overlong
// forms, surrogates and code points above U+10FFFF are malformed, as in RFC 3629).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t n;
  uint8_t lo = 0x80;
  uint8_t hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

std::string Shown(std::string_view key) {
  constexpr size_t kShown = 80;
  if (key.size() <= kShown) return std::string(key);
  return std::string(key.substr(0, kShown)) + "...";
}

}  // namespace

Status ValidateKey(std::string_view key) {
  if (key.empty()) return Status::InvalidInput("object key is empty: give the object a name");
  if (key.size() > kMaxKeyBytes) {
    return Status::InvalidInput("object key '" + Shown(key) + "' is " + std::to_string(key.size()) +
                                " bytes; S3 allows at most " + std::to_string(kMaxKeyBytes) +
                                " (use a shorter key)");
  }
  for (size_t i = 0; i < key.size();) {
    if (key[i] == '\0') {
      return Status::InvalidInput("object key '" + Shown(key.substr(0, i)) +
                                  "...' contains a NUL byte at offset " + std::to_string(i) +
                                  " (remove it)");
    }
    size_t n = Utf8SequenceLength(key, i);
    if (n == 0) {
      return Status::InvalidInput("object key is not valid UTF-8 at byte offset " +
                                  std::to_string(i) + " (encode the key as UTF-8)");
    }
    i += n;
  }
  if (key.front() == '/') {
    return Status::InvalidInput("object key '" + Shown(key) +
                                "' starts with '/' (drop the leading slash: keys are relative)");
  }
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view segment = key.substr(start, end - start);
    if (segment == "." || segment == "..") {
      return Status::InvalidInput("object key '" + Shown(key) + "' has a '" + std::string(segment) +
                                  "' path segment, which file systems cannot store as a name "
                                  "(rename that part of the key)");
    }
    start = end + 1;
  }
  return Status::OK();
}

}  // namespace sluice::storage
