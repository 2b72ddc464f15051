#include "query/table_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "engine/result_stream.h"

namespace sluice::query {

namespace {

Status WithUri(const Status& status, const std::string& what, const std::string& uri) {
  return Status(status.code(), what + " " + uri + ": " + status.message());
}

}  // namespace

std::string OutputExtension(const OutputFormat& format) {
  switch (format.kind) {
    case DataFormat::kParquet:
      return ".parquet";
    case DataFormat::kJson:
      return format.compression == "gzip" ? ".json.gz" : ".json";
    case DataFormat::kCsv:
      return format.compression == "gzip" ? ".csv.gz" : ".csv";
  }
  return "";
}

TableWriter::TableWriter(const storage::StorageRouter& router, std::string staging_dir)
    : router_(router), staging_dir_(std::move(staging_dir)) {}

TableWriter::~TableWriter() {
  std::error_code ignored;  // best effort: the server clears its scratch space at start
  std::filesystem::remove_all(staging_dir_, ignored);
}

Result<uint64_t> TableWriter::Copy(engine::Connection& connection, const std::string& sql,
                                   const OutputFormat& format,
                                   const std::vector<std::string>& partition_by,
                                   const std::string& file_prefix,
                                   const engine::QueryOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(staging_dir_, error);
  if (error) return Status::IOError("creating " + staging_dir_ + ": " + error.message());
  std::string opts;
  switch (format.kind) {
    case DataFormat::kParquet:
      opts = "FORMAT parquet, COMPRESSION " +
             SqlString(format.compression.empty() ? "snappy" : format.compression);
      break;
    case DataFormat::kJson:
      if (!partition_by.empty()) {
        return Status::InvalidInput(
            "partitioned_by is not supported with format JSON yet: write PARQUET or TEXTFILE");
      }
      opts = "FORMAT json";
      if (!format.compression.empty()) opts += ", COMPRESSION " + SqlString(format.compression);
      break;
    case DataFormat::kCsv:
      // Hive's text format: no quoting, NULL written as \N.
      opts = "FORMAT csv, HEADER false, QUOTE '', NULLSTR '\\N', DELIMITER " +
             SqlString(format.delimiter);
      if (!format.compression.empty()) opts += ", COMPRESSION " + SqlString(format.compression);
      break;
  }
  std::string target;
  if (partition_by.empty()) {
    target = staging_dir_ + "/" + file_prefix + "_0" + OutputExtension(format);
  } else {
    target = staging_dir_ + "/out";
    std::string keys;
    for (const std::string& key : partition_by)
      keys += (keys.empty() ? "" : ", ") + SqlIdentifier(key);
    opts += ", PARTITION_BY (" + keys + "), FILENAME_PATTERN " + SqlString(file_prefix + "_{i}");
  }
  ASSIGN_OR_RETURN(
      engine::TextResult result,
      connection.Query("COPY (" + sql + ") TO " + SqlString(target) + " (" + opts + ")", options));
  uint64_t rows = 0;
  if (!result.rows.empty() && !result.rows[0].empty() && result.rows[0][0]) {
    rows = std::stoull(*result.rows[0][0]);
  }
  return rows;
}

Result<std::vector<StagedFile>> TableWriter::Files() const {
  std::vector<StagedFile> files;
  std::error_code error;
  std::filesystem::path root = staging_dir_;
  if (std::filesystem::exists(root / "out")) root /= "out";
  for (auto it = std::filesystem::recursive_directory_iterator(root, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file()) continue;
    files.push_back({std::filesystem::relative(it->path(), root).string(), it->path().string()});
  }
  if (error) return Status::IOError("listing " + staging_dir_ + ": " + error.message());
  std::sort(files.begin(), files.end(),
            [](const StagedFile& a, const StagedFile& b) { return a.relative < b.relative; });
  return files;
}

Status TableWriter::Upload(const StagedFile& file, const std::string& uri) {
  ASSIGN_OR_RETURN(storage::StorageLocation where, router_.Resolve(uri));
  // Stores that keep objects as files on this file system take the staged file over (a
  // rename after fsync); the others get its bytes copied.
  auto adopted = where.store->AdoptFile(where.container, where.key, file.local_path);
  if (!adopted.ok()) return WithUri(adopted.status(), "writing", uri);
  if (*adopted) {
    created_.push_back(uri);
    return Status::OK();
  }
  int fd = ::open(file.local_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("opening " + file.local_path + ": " + std::strerror(errno));
  auto writer = where.store->Create(where.container, where.key, {});
  if (!writer.ok()) {
    ::close(fd);
    return WithUri(writer.status(), "writing", uri);
  }
  std::string buffer(1 << 20, '\0');
  Status status = Status::OK();
  while (status.ok()) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      status = Status::IOError("reading " + file.local_path + ": " + std::strerror(errno));
      break;
    }
    if (n == 0) break;
    status = (*writer)->Append(std::string_view(buffer.data(), static_cast<size_t>(n)));
  }
  ::close(fd);
  if (!status.ok()) return WithUri(status, "writing", uri);
  created_.push_back(uri);
  auto committed = (*writer)->Commit();
  if (!committed.ok()) return WithUri(committed.status(), "writing", uri);
  return Status::OK();
}

Status TableWriter::Move(const std::string& from, const std::string& to) {
  ASSIGN_OR_RETURN(storage::StorageLocation src, router_.Resolve(from));
  ASSIGN_OR_RETURN(storage::StorageLocation dst, router_.Resolve(to));
  if (src.store != dst.store) return Status::InvalidInput("cannot move " + from + " to " + to);
  created_.push_back(to);
  auto copied = dst.store->Copy(src.container, src.key, dst.container, dst.key, std::nullopt);
  if (!copied.ok()) return WithUri(copied.status(), "moving into place", to);
  auto deleted = src.store->Delete(src.container, src.key);
  if (!deleted.ok()) return WithUri(deleted.status(), "removing", from);
  created_.erase(std::remove(created_.begin(), created_.end(), from), created_.end());
  return Status::OK();
}

Status TableWriter::Delete(const std::string& uri) {
  ASSIGN_OR_RETURN(storage::StorageLocation where, router_.Resolve(uri));
  auto deleted = where.store->Delete(where.container, where.key);
  if (!deleted.ok()) return WithUri(deleted.status(), "removing", uri);
  return Status::OK();
}

Status TableWriter::Abort() {
  Status first = Status::OK();
  for (const std::string& uri : created_) {
    Status status = Delete(uri);
    if (!status.ok() && first.ok()) first = status;
  }
  created_.clear();
  return first;
}

}  // namespace sluice::query
