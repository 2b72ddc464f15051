// Blob I/O of the bucket store: the writer that hashes, buffers and publishes (into the row or a
// file), the readers, and the publish steps shared by puts, copies and multipart uploads.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/ids.h"
#include "storage/bucket_store.h"
#include "storage/bucket_store_internal.h"
#include "storage/buffer_hasher.h"
#include "storage/md5.h"

namespace sluice::storage {

namespace fs = std::filesystem;
using metastore::Session;

namespace {

Status Errno(std::string_view what, const std::string& path) {
  return Status::IOError(std::string(what) + " '" + path + "': " + std::strerror(errno));
}

class BlobWriter final : public ObjectWriter {
 public:
  BlobWriter(BucketStore::Impl* impl, std::string bucket, std::optional<std::string> expected_md5,
             BucketStore::Impl::Publish publish, bool allow_inline)
      : impl_(impl),
        bucket_(std::move(bucket)),
        expected_md5_(std::move(expected_md5)),
        publish_(std::move(publish)),
        allow_inline_(allow_inline) {}

  ~BlobWriter() override {
    if (fd_ >= 0) close(fd_);
    if (fd_ != -1 || created_) {
      if (!done_) unlink(tmp_path_.c_str());
    }
  }

  Status Append(std::string_view data) override {
    if (done_) return Status::InvalidInput("this writer was already committed");
    size_ += data.size();
    // HTTP hands bodies over in small pieces; write(2) them in large ones, and hash each full
    // buffer on the hasher's thread while the next one fills.
    while (!data.empty()) {
      size_t n = std::min(data.size(), hasher_.buffer_size() - buffer_.size());
      buffer_.append(data.substr(0, n));
      data.remove_prefix(n);
      if (buffer_.size() == hasher_.buffer_size()) {
        RETURN_NOT_OK(WriteAll(buffer_));
        hasher_.Submit(std::move(buffer_));
        buffer_ = hasher_.TakeBuffer();
      }
    }
    return Status::OK();
  }

  Result<ObjectInfo> Commit() override {
    if (done_) return Status::InvalidInput("this writer was already committed");
    std::string digest = hasher_.Finish(buffer_);
    std::string expected = expected_md5_.value_or("");
    for (char& c : expected) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (expected_md5_ && expected != HexEncode(digest)) {
      return Status::InvalidInput(
          "BadDigest: the Content-MD5 you specified did not match what "
          "we received");
    }
    if (!created_ && allow_inline_ && size_ <= BucketStore::Impl::kInlineLimit) {
      done_ = true;
      return impl_->PublishInline(bucket_, {"", size_, digest, buffer_}, publish_);
    }
    if (!created_ || !buffer_.empty()) {  // creates the file for an empty part, too
      RETURN_NOT_OK(WriteAll(buffer_));
      buffer_.clear();
    }
    if (impl_->sync_data && fsync(fd_) != 0) return Errno("syncing", tmp_path_);
    close(fd_);
    fd_ = -1;
    done_ = true;  // PublishFile owns the file from here on
    return impl_->PublishFile(bucket_, tmp_path_, blob_id_, size_, digest, publish_);
  }

 private:
  Status WriteAll(std::string_view data) {
    if (!created_) {
      blob_id_ = NewUuid();
      tmp_path_ = impl_->tmp_dir + "/" + blob_id_;
      fd_ = open(tmp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd_ < 0) return Errno("creating", tmp_path_);
      created_ = true;
    }
    while (!data.empty()) {
      ssize_t n = write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return Errno("writing", tmp_path_);
      }
      data.remove_prefix(static_cast<size_t>(n));
      written_ += static_cast<uint64_t>(n);
    }
    // Start writeback as we go, so the fsync at commit waits for the last stretch only.
    if (impl_->sync_data && written_ - flushed_ >= kWritebackChunk) {
      sync_file_range(fd_, static_cast<off_t>(flushed_), static_cast<off_t>(written_ - flushed_),
                      SYNC_FILE_RANGE_WRITE);
      flushed_ = written_;
    }
    return Status::OK();
  }

  static constexpr size_t kWriteBuffer = 1 << 20;
  static constexpr int kBuffersInFlight = 4;
  static constexpr uint64_t kWritebackChunk = 8 << 20;
  BucketStore::Impl* impl_;
  std::string bucket_;
  std::optional<std::string> expected_md5_;
  BucketStore::Impl::Publish publish_;
  bool allow_inline_;
  int fd_ = -1;
  bool created_ = false;
  std::string blob_id_;
  std::string tmp_path_;
  BufferHasher hasher_{kWriteBuffer, kBuffersInFlight};
  std::string buffer_;  // grows while small; later buffers come from the hasher's pool
  uint64_t size_ = 0;
  uint64_t written_ = 0, flushed_ = 0;
  bool done_ = false;
};

// Reads a range of an object kept in its row.
class InlineReader final : public ObjectReader {
 public:
  explicit InlineReader(std::string bytes) : bytes_(std::move(bytes)) {}
  Result<size_t> Read(char* buffer, size_t size) override {
    size_t n = std::min(size, bytes_.size() - pos_);
    std::memcpy(buffer, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  uint64_t length() const override { return bytes_.size(); }

 private:
  std::string bytes_;
  size_t pos_ = 0;
};

class BlobReader final : public ObjectReader {
 public:
  BlobReader(int fd, uint64_t start, uint64_t length)
      : fd_(fd), start_(start), pos_(start), end_(start + length) {}
  ~BlobReader() override { close(fd_); }
  Result<size_t> Read(char* buffer, size_t size) override {
    if (pos_ >= end_) return size_t{0};
    size_t want = static_cast<size_t>(std::min<uint64_t>(size, end_ - pos_));
    while (true) {
      ssize_t n = pread(fd_, buffer, want, static_cast<off_t>(pos_));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Status::IOError(std::string("reading object: ") + std::strerror(errno));
      pos_ += static_cast<uint64_t>(n);
      return static_cast<size_t>(n);
    }
  }
  uint64_t length() const override { return end_ - start_; }
  std::optional<std::pair<int, uint64_t>> LocalFile() const override {
    return std::make_pair(fd_, start_);
  }

 private:
  int fd_;
  uint64_t start_, pos_, end_;
};

}  // namespace

std::unique_ptr<ObjectReader> NewFileReader(int fd, uint64_t start, uint64_t length) {
  return std::make_unique<BlobReader>(fd, start, length);
}

std::unique_ptr<ObjectReader> NewInlineReader(std::string bytes) {
  return std::make_unique<InlineReader>(std::move(bytes));
}

Result<std::unique_ptr<ObjectWriter>> BucketStore::Impl::NewWriter(
    std::string bucket, std::optional<std::string> expected_md5_hex, Publish publish,
    bool allow_inline) {
  return std::unique_ptr<ObjectWriter>(new BlobWriter(
      this, std::move(bucket), std::move(expected_md5_hex), std::move(publish), allow_inline));
}

Result<ObjectInfo> BucketStore::Impl::PublishInline(const std::string& bucket, const BlobRef& blob,
                                                    const Publish& publish) {
  std::optional<Published> published;
  RETURN_NOT_OK(meta->Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(published, publish(s, blob));
    return Status::OK();
  }));
  RemoveBlob(bucket, published->replaced_blob);
  return std::move(published->info);
}

Result<ObjectInfo> BucketStore::Impl::PublishFile(const std::string& bucket,
                                                  const std::string& tmp_path,
                                                  const std::string& blob_id, uint64_t size,
                                                  const std::string& md5_binary,
                                                  const Publish& publish) {
  std::string final_path = BlobPath(bucket, blob_id);
  std::error_code ec;
  fs::create_directories(fs::path(final_path).parent_path(), ec);
  if (rename(tmp_path.c_str(), final_path.c_str()) != 0) {
    Status st = Errno("publishing blob", final_path);
    unlink(tmp_path.c_str());
    return st;
  }
  std::optional<Published> published;
  Status st = meta->Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(published, publish(s, BlobRef{blob_id, size, md5_binary, {}}));
    return Status::OK();
  });
  if (!st.ok()) {
    unlink(final_path.c_str());
    return st;
  }
  RemoveBlob(bucket, published->replaced_blob);  // readers that hold it keep their fd
  return std::move(published->info);
}

}  // namespace sluice::storage
