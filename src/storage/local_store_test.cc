// LocalFileStore behaviour beyond the conformance suite (files dropped by users, the temp
// directory, file-system limits, zero-copy reads), and container lifecycle of both stores.
#include "storage/local_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "storage/conformance.h"
#include "storage/md5.h"
#include "storage/memory_store.h"

namespace sluice::storage {
namespace {

namespace fs = std::filesystem;

class LocalFileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = (fs::temp_directory_path() / "sluice-local-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    root_ = dir;
    store_ = std::make_unique<LocalFileStore>(root_);
    STORE_ASSERT_OK(store_->CreateContainer("c"));
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(root_);
  }

  Result<ObjectInfo> Put(std::string_view key, std::string_view data, WriteOptions options = {}) {
    ASSIGN_OR_RETURN(auto writer, store_->Create("c", key, options));
    RETURN_NOT_OK(writer->Append(data));
    return writer->Commit();
  }
  std::vector<std::string> Keys(ListOptions options = {}) {
    std::vector<std::string> keys;
    auto page = store_->List("c", options);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (page.ok()) {
      for (const ObjectInfo& o : page->objects) keys.push_back(o.key);
    }
    return keys;
  }
  void Drop(const std::string& relative, std::string_view data) {
    fs::path path = fs::path(root_) / "c" / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << data;
  }
  size_t TempFiles() {
    fs::path tmp = fs::path(root_) / "c" / ".sluice-tmp";
    if (!fs::exists(tmp)) return 0;
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(tmp), fs::directory_iterator()));
  }

  std::string root_;
  std::unique_ptr<LocalFileStore> store_;
};

TEST_F(LocalFileStoreTest, FilesDroppedByUsersGetAnMd5EtagAndNoMetadata) {
  Drop("landing/2025/events.json", "{\"id\":1}\n");
  STORE_ASSERT_OK_AND_ASSIGN(auto head, store_->Head("c", "landing/2025/events.json"));
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->etag, Md5Hex("{\"id\":1}\n"));
  EXPECT_EQ(head->size, 9u);
  EXPECT_EQ(head->content_type, "");
  EXPECT_EQ(Keys(), std::vector<std::string>{"landing/2025/events.json"});
  // Edited in place (outside Sluice): the cached etag is stale and is recomputed.
  Drop("landing/2025/events.json", "{\"id\":2, \"more\":true}\n");
  STORE_ASSERT_OK_AND_ASSIGN(head, store_->Head("c", "landing/2025/events.json"));
  EXPECT_EQ(head->etag, Md5Hex("{\"id\":2, \"more\":true}\n"));
}

TEST_F(LocalFileStoreTest, MetadataLivesInTheXattrOfThePublishedFile) {
  WriteOptions options;
  options.content_type = "text/csv";
  options.user_metadata = {{"k", "v"}};
  STORE_ASSERT_OK(Put("t/x.csv", "1,2\n", options));
  std::string path = root_ + "/c/t/x.csv";
  char value[1024];
  ssize_t n = getxattr(path.c_str(), "user.sluice", value, sizeof(value));
  ASSERT_GT(n, 0);
  std::string json(value, static_cast<size_t>(n));
  EXPECT_NE(json.find("\"content_type\":\"text/csv\""), std::string::npos) << json;
  EXPECT_NE(json.find(Md5Hex("1,2\n")), std::string::npos) << json;
}

TEST_F(LocalFileStoreTest, WritesGoThroughTheTempDirectoryWhichIsNeverListed) {
  {
    STORE_ASSERT_OK_AND_ASSIGN(auto writer, store_->Create("c", "in-progress", {}));
    STORE_ASSERT_OK(writer->Append("partial"));
    EXPECT_EQ(TempFiles(), 1u);
    EXPECT_TRUE(Keys().empty());
    STORE_ASSERT_OK_AND_ASSIGN(auto head, store_->Head("c", "in-progress"));
    EXPECT_FALSE(head.has_value());
  }
  EXPECT_EQ(TempFiles(), 0u) << "a dropped writer removes its temp file";
  STORE_ASSERT_OK(Put("done", "x"));
  EXPECT_EQ(TempFiles(), 0u);
  EXPECT_EQ(Keys(), std::vector<std::string>{"done"});
  EXPECT_TRUE(Keys(Options(".sluice-tmp/")).empty());
  EXPECT_EQ(store_->Create("c", ".sluice-tmp/x", {}).status().code(), StatusCode::kInvalidInput);
}

TEST_F(LocalFileStoreTest, KeyAndDirectoryCollisionsAreInvalidInputWithTheReason) {
  STORE_ASSERT_OK(Put("a/b", "1"));
  auto file_over_dir = Put("a", "2");
  EXPECT_EQ(file_over_dir.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(file_over_dir.status().message().find("directory"), std::string::npos);
  STORE_ASSERT_OK(Put("f", "3"));
  for (const char* key : {"f/g", "f/g/h", "f/"}) {
    auto dir_over_file = Put(key, "");
    EXPECT_EQ(dir_over_file.status().code(), StatusCode::kInvalidInput) << key;
    EXPECT_NE(dir_over_file.status().message().find("'f' is a file"), std::string::npos)
        << dir_over_file.status().message();
  }
  EXPECT_EQ(Keys(), (std::vector<std::string>{"a/b", "f"}));
  EXPECT_EQ(TempFiles(), 0u);
  // An empty directory that is not a folder marker is a leftover and gives way.
  fs::create_directories(root_ + "/c/leftover");
  STORE_ASSERT_OK(Put("leftover", "4"));
}

TEST_F(LocalFileStoreTest, RejectsKeysTheFileSystemCannotHold) {
  for (std::string key :
       {std::string("a//b"), std::string(256, 's'), "x/" + std::string(256, 's')}) {
    auto writer = store_->Create("c", key, {});
    EXPECT_EQ(writer.status().code(), StatusCode::kInvalidInput) << key.substr(0, 10);
  }
  STORE_ASSERT_OK(Put(std::string(255, 's'), "ok"));
  auto marker_bytes = Put("folder/", "bytes");
  EXPECT_EQ(marker_bytes.status().code(), StatusCode::kInvalidInput);
}

TEST_F(LocalFileStoreTest, ReadersExposeTheFileForSendfile) {
  STORE_ASSERT_OK(Put("blob", "0123456789"));
  STORE_ASSERT_OK_AND_ASSIGN(auto reader, store_->Open("c", "blob", 3, 4));
  auto local = reader->LocalFile();
  ASSERT_TRUE(local.has_value());
  EXPECT_EQ(local->second, 3u);
  char bytes[4];
  ASSERT_EQ(pread(local->first, bytes, 4, static_cast<off_t>(local->second)), 4);
  EXPECT_EQ(std::string(bytes, 4), "3456");
  MemoryObjectStore memory;
  STORE_ASSERT_OK(memory.CreateContainer("m"));
  STORE_ASSERT_OK_AND_ASSIGN(auto writer, memory.Create("m", "k", {}));
  STORE_ASSERT_OK(writer->Commit());
  STORE_ASSERT_OK_AND_ASSIGN(auto memory_reader, memory.Open("m", "k", 0, std::nullopt));
  EXPECT_FALSE(memory_reader->LocalFile().has_value());
}

TEST_F(LocalFileStoreTest, SymlinksAndSpecialFilesAreNotObjects) {
  Drop("real", "r");
  ASSERT_EQ(symlink((root_ + "/c/real").c_str(), (root_ + "/c/link").c_str()), 0);
  ASSERT_EQ(mkfifo((root_ + "/c/pipe").c_str(), 0644), 0);
  EXPECT_EQ(Keys(), std::vector<std::string>{"real"});
  for (const char* key : {"link", "pipe"}) {
    STORE_ASSERT_OK_AND_ASSIGN(auto head, store_->Head("c", key));
    EXPECT_FALSE(head.has_value()) << key;
    STORE_ASSERT_OK_AND_ASSIGN(bool existed, store_->Delete("c", key));
    EXPECT_FALSE(existed) << key;
  }
}

TEST_F(LocalFileStoreTest, DeletingTheLastKeyRemovesDirectoriesItNeeded) {
  STORE_ASSERT_OK(Put("a/b/c/d", "x"));
  STORE_ASSERT_OK(Put("a/keep", "y"));
  STORE_ASSERT_OK(store_->Delete("c", "a/b/c/d"));
  EXPECT_FALSE(fs::exists(root_ + "/c/a/b"));
  EXPECT_TRUE(fs::exists(root_ + "/c/a/keep"));
}

TEST_F(LocalFileStoreTest, PrefixesNoKeyCanHaveListNothing) {
  Drop("../outside", "escape");
  STORE_ASSERT_OK(Put("x", "1"));
  EXPECT_TRUE(Keys(Options("../")).empty());
  EXPECT_TRUE(Keys(Options("a//")).empty());
  STORE_ASSERT_OK_AND_ASSIGN(auto head, store_->Head("c", "../outside"));
  EXPECT_FALSE(head.has_value());
  EXPECT_EQ(store_->List("..", {}).status().code(), StatusCode::kInvalidInput);
}

TEST_F(LocalFileStoreTest, CommitAfterTheContainerWasDeletedIsNotFound) {
  STORE_ASSERT_OK_AND_ASSIGN(auto writer, store_->Create("c", "late", {}));
  STORE_ASSERT_OK(writer->Append("x"));
  STORE_ASSERT_OK(store_->DeleteContainer("c"));
  EXPECT_EQ(writer->Commit().status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists(root_ + "/c"));
}

// Container lifecycle, the same for both stores.
template <typename Store>
class ContainerLifecycleTest : public ::testing::Test {};

class LocalStoreInTemp : public LocalFileStore {
 public:
  LocalStoreInTemp() : LocalFileStore(MakeDir()) {}
  ~LocalStoreInTemp() override { fs::remove_all(root()); }
  static std::string MakeDir() {
    std::string dir = (fs::temp_directory_path() / "sluice-lifecycle-XXXXXX").string();
    return mkdtemp(dir.data()) != nullptr ? dir : "/nonexistent";
  }
};

using Stores = ::testing::Types<MemoryObjectStore, LocalStoreInTemp>;
TYPED_TEST_SUITE(ContainerLifecycleTest, Stores);

TYPED_TEST(ContainerLifecycleTest, CreateDeleteAndTheirErrors) {
  TypeParam store;
  STORE_ASSERT_OK(store.CreateContainer("b"));
  EXPECT_EQ(store.CreateContainer("b").code(), StatusCode::kAlreadyExists);
  for (const std::string& bad :
       std::vector<std::string>{"", "a/b", "..", ".", std::string(256, 'n')}) {
    EXPECT_EQ(store.CreateContainer(bad).code(), StatusCode::kInvalidInput) << bad;
  }
  STORE_ASSERT_OK_AND_ASSIGN(auto writer, store.Create("b", "dir/k", {}));
  STORE_ASSERT_OK(writer->Commit());
  Status not_empty = store.DeleteContainer("b");
  EXPECT_EQ(not_empty.code(), StatusCode::kInvalidInput);
  EXPECT_NE(not_empty.message().find("delete them first"), std::string::npos);
  STORE_ASSERT_OK(store.Delete("b", "dir/k"));
  STORE_ASSERT_OK(store.DeleteContainer("b"));
  EXPECT_EQ(store.DeleteContainer("b").code(), StatusCode::kNotFound);
  EXPECT_EQ(store.List("b", {}).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sluice::storage

namespace sluice::storage {
namespace {

TEST_F(LocalFileStoreTest, AdoptFileRenamesALocalFileIntoPlace) {
  fs::path staged = fs::path(root_) / "staged.csv";
  std::ofstream(staged, std::ios::binary) << "a,b\n";
  STORE_ASSERT_OK_AND_ASSIGN(auto adopted,
                             store_->AdoptFile("c", "t/day=01/f.csv", staged.string()));
  ASSERT_TRUE(adopted.has_value());
  EXPECT_EQ(adopted->size, 4u);
  EXPECT_FALSE(fs::exists(staged));
  STORE_ASSERT_OK_AND_ASSIGN(auto head, store_->Head("c", "t/day=01/f.csv"));
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->etag, Md5Hex("a,b\n"));
  EXPECT_EQ(Keys(), std::vector<std::string>{"t/day=01/f.csv"});
}

}  // namespace
}  // namespace sluice::storage
