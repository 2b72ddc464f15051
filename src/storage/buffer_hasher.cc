#include "storage/buffer_hasher.h"

namespace sluice::storage {

BufferHasher::BufferHasher(size_t buffer_size, int buffers)
    : buffer_size_(buffer_size), max_buffers_(buffers < 1 ? 1 : buffers) {}

BufferHasher::~BufferHasher() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::string BufferHasher::TakeBuffer() {
  std::unique_lock lock(mu_);
  if (free_.empty() && allocated_ >= max_buffers_) {
    cv_.wait(lock, [&] { return !free_.empty(); });
  }
  std::string buffer;
  if (!free_.empty()) {
    buffer = std::move(free_.front());
    free_.pop_front();
    buffer.clear();
  } else {
    ++allocated_;
    lock.unlock();
    buffer.reserve(buffer_size_);
  }
  return buffer;
}

void BufferHasher::Submit(std::string buffer) {
  {
    std::lock_guard lock(mu_);
    pending_.push_back(std::move(buffer));
    if (!worker_.joinable()) worker_ = std::thread([this] { Run(); });
  }
  cv_.notify_all();
}

void BufferHasher::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return closing_ || !pending_.empty(); });
    if (pending_.empty()) return;  // closing and drained
    std::string buffer = std::move(pending_.front());
    pending_.pop_front();
    busy_ = true;
    lock.unlock();
    md5_.Update(buffer);
    lock.lock();
    busy_ = false;
    free_.push_back(std::move(buffer));
    cv_.notify_all();
  }
}

std::string BufferHasher::Finish(std::string_view tail) {
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return pending_.empty() && !busy_; });
    closing_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
  md5_.Update(tail);
  return md5_.FinishBinary();
}

}  // namespace sluice::storage
