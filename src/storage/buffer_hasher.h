// MD5 of a byte stream computed on a second thread, overlapped with the caller's I/O. MD5 is
// serial and, on a typical core, slower than loopback or disk (~0.6 GB/s): hashing on the thread
// that also receives and writes the bytes makes a large upload pay for both in turn.
//
// The caller fills buffers from a small fixed pool (TakeBuffer), hands each full one over
// (Submit) and gets it back for reuse once hashed, so memory stays bounded whatever the size of
// the stream. The thread starts with the first submitted buffer; a stream that never fills one
// is hashed inline by Finish.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "storage/md5.h"

namespace sluice::storage {

class BufferHasher {
 public:
  // `buffer_size` bytes per buffer, at most `buffers` of them alive at a time.
  BufferHasher(size_t buffer_size, int buffers);
  ~BufferHasher();
  BufferHasher(const BufferHasher&) = delete;
  BufferHasher& operator=(const BufferHasher&) = delete;

  size_t buffer_size() const { return buffer_size_; }
  // An empty buffer with capacity buffer_size(); waits while all buffers are being hashed.
  std::string TakeBuffer();
  // Queues `buffer` (any size) to be hashed after everything submitted before it.
  void Submit(std::string buffer);
  // Hashes `tail` last and returns the 16-byte digest of the whole stream.
  std::string Finish(std::string_view tail);

 private:
  void Run();

  const size_t buffer_size_;
  const int max_buffers_;
  Md5 md5_;  // touched by the worker only while it runs
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> pending_;  // to hash, in order
  std::deque<std::string> free_;     // hashed, ready for reuse
  int allocated_ = 0;
  bool busy_ = false;  // the worker holds a buffer it is hashing
  bool closing_ = false;
  std::thread worker_;
};

}  // namespace sluice::storage
