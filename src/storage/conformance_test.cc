// The ObjectStore conformance suite, part 1: registration, the fixture's helpers, reads, writes,
// metadata, atomicity, copies, errors and concurrency. Listings are in conformance_list_test.cc.
#include "storage/conformance.h"

#include <stdlib.h>

#include <filesystem>
#include <thread>

#include "storage/local_store.h"
#include "storage/md5.h"
#include "storage/memory_store.h"

namespace sluice::storage {

std::vector<StoreUnderTest>& ConformanceBackends() {
  static std::vector<StoreUnderTest> backends;
  return backends;
}

RegisterBackend::RegisterBackend(StoreUnderTest backend) {
  ConformanceBackends().push_back(std::move(backend));
}

Result<ObjectInfo> ObjectStoreConformance::Put(std::string_view key, std::string_view data,
                                               const WriteOptions& options, size_t chunk) {
  ASSIGN_OR_RETURN(std::unique_ptr<ObjectWriter> writer, store().Create(kBucket, key, options));
  for (size_t pos = 0; pos < data.size(); pos += chunk) {
    RETURN_NOT_OK(writer->Append(data.substr(pos, chunk)));
  }
  return writer->Commit();
}

Result<std::string> ObjectStoreConformance::Get(std::string_view key, uint64_t offset,
                                                std::optional<uint64_t> length) {
  ASSIGN_OR_RETURN(std::unique_ptr<ObjectReader> reader,
                   store().Open(kBucket, key, offset, length));
  std::string out;
  char buffer[100'003];
  while (true) {
    ASSIGN_OR_RETURN(size_t n, reader->Read(buffer, sizeof(buffer)));
    if (n == 0) break;
    out.append(buffer, n);
  }
  EXPECT_EQ(out.size(), reader->length()) << key;
  return out;
}

ObjectStoreConformance::Listing ObjectStoreConformance::ListAll(ListOptions options) {
  Listing out;
  for (int guard = 0; guard < 10'000; ++guard) {
    auto page = store().List(kBucket, options);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    ++out.pages;
    size_t count = page->objects.size() + page->common_prefixes.size();
    EXPECT_LE(count, static_cast<size_t>(options.max_keys));
    std::vector<std::string> items;
    for (const ObjectInfo& o : page->objects) {
      items.push_back(o.key);
      out.keys.push_back(o.key);
      out.objects.push_back(o);
    }
    for (const std::string& p : page->common_prefixes) {
      items.push_back(p);
      out.prefixes.push_back(p);
    }
    EXPECT_TRUE(std::is_sorted(page->common_prefixes.begin(), page->common_prefixes.end()));
    for (const std::string& item : items) {
      EXPECT_GT(item, options.start_after) << "listed at or before start_after";
      EXPECT_LE(item, page->last) << "listed after the page's last";
    }
    if (!page->truncated) break;
    EXPECT_EQ(count, static_cast<size_t>(options.max_keys)) << "a truncated page is full";
    EXPECT_GT(page->last, options.start_after) << "no progress";
    if (page->last <= options.start_after) break;
    options.start_after = page->last;
  }
  EXPECT_TRUE(std::is_sorted(out.keys.begin(), out.keys.end()));
  return out;
}

namespace {

// A LocalFileStore over a fresh temporary directory, removed with the store.
class TempLocalFileStore final : public LocalFileStore {
 public:
  TempLocalFileStore() : LocalFileStore(MakeTempDir()) {}
  ~TempLocalFileStore() override {
    std::error_code ignored;
    std::filesystem::remove_all(root(), ignored);
  }

 private:
  static std::string MakeTempDir() {
    std::string dir = (std::filesystem::temp_directory_path() / "sluice-store-XXXXXX").string();
    if (mkdtemp(dir.data()) == nullptr) return "/nonexistent-sluice-temp-dir";
    return dir;
  }
};

RegisterBackend kMemory({"memory", [] { return std::make_unique<MemoryObjectStore>(); },
                         [](ObjectStore& s, std::string_view c) {
                           return static_cast<MemoryObjectStore&>(s).CreateContainer(c);
                         }});
RegisterBackend kLocal({"local", [] { return std::make_unique<TempLocalFileStore>(); },
                        [](ObjectStore& s, std::string_view c) {
                          return static_cast<LocalFileStore&>(s).CreateContainer(c);
                        }});

constexpr char kEmptyMd5[] = "d41d8cd98f00b204e9800998ecf8427e";
constexpr char kHelloMd5[] = "5d41402abc4b2a76b9719d911017c592";

std::string Pattern(size_t size, uint32_t seed) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i) {
    seed = seed * 1103515245 + 12345;
    out[i] = static_cast<char>(seed >> 16);
  }
  return out;
}

TEST_P(ObjectStoreConformance, WritesAndReadsBackEmptyOneByteAndFiveMebibytes) {
  for (const std::string& data : {std::string(), std::string("x"), Pattern(5 << 20, 7)}) {
    std::string key = "round-trip/" + std::to_string(data.size());
    STORE_ASSERT_OK_AND_ASSIGN(ObjectInfo info, Put(key, data, {}, 65'537));
    EXPECT_EQ(info.key, key);
    EXPECT_EQ(info.size, data.size());
    STORE_ASSERT_OK_AND_ASSIGN(std::string back, Get(key));
    EXPECT_TRUE(back == data) << key << ": read back " << back.size() << " bytes";
  }
}

TEST_P(ObjectStoreConformance, EtagIsTheMd5OfTheContent) {
  STORE_ASSERT_OK_AND_ASSIGN(ObjectInfo hello, Put("hello.txt", "hello"));
  EXPECT_EQ(hello.etag, kHelloMd5);
  STORE_ASSERT_OK_AND_ASSIGN(ObjectInfo empty, Put("empty", ""));
  EXPECT_EQ(empty.etag, kEmptyMd5);
  STORE_ASSERT_OK_AND_ASSIGN(auto head, store().Head(kBucket, "hello.txt"));
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->etag, kHelloMd5);
  EXPECT_EQ(head->size, 5u);
  EXPECT_EQ(head->last_modified_ms, hello.last_modified_ms);
  EXPECT_GT(head->last_modified_ms, 1'600'000'000'000);  // epoch milliseconds, not seconds
}

TEST_P(ObjectStoreConformance, MetadataRoundTripsThroughCommitHeadAndList) {
  WriteOptions options;
  options.content_type = "text/csv";
  options.content_encoding = "gzip";
  options.user_metadata = {{"owner", "data-team"}, {"rows", "42"}};
  options.headers = {{"cache-control", "max-age=60"}, {"content-disposition", "attachment"}};
  STORE_ASSERT_OK_AND_ASSIGN(ObjectInfo info, Put("sales.csv.gz", "a,b\n", options));
  STORE_ASSERT_OK_AND_ASSIGN(auto head, store().Head(kBucket, "sales.csv.gz"));
  ASSERT_TRUE(head.has_value());
  Listing listing = ListAll({});
  ASSERT_EQ(listing.objects.size(), 1u);
  for (const ObjectInfo& got : {info, *head, listing.objects[0]}) {
    EXPECT_EQ(got.content_type, "text/csv");
    EXPECT_EQ(got.content_encoding, "gzip");
    EXPECT_EQ(got.user_metadata, options.user_metadata);
    EXPECT_EQ(got.headers, options.headers);
    EXPECT_EQ(got.etag, info.etag);
    EXPECT_EQ(got.size, 4u);
  }
  STORE_ASSERT_OK_AND_ASSIGN(ObjectInfo plain, Put("plain", "x"));
  EXPECT_EQ(plain.content_type, "");
  EXPECT_TRUE(plain.user_metadata.empty());
  EXPECT_TRUE(plain.headers.empty());
}

TEST_P(ObjectStoreConformance, ExpectedMd5MismatchIsInvalidInputAndLeavesNothing) {
  WriteOptions options;
  options.expected_md5_hex = kEmptyMd5;
  auto result = Put("checked", "hello", options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput) << result.status().ToString();
  STORE_ASSERT_OK_AND_ASSIGN(auto head, store().Head(kBucket, "checked"));
  EXPECT_FALSE(head.has_value());
  EXPECT_TRUE(ListAll({}).keys.empty());
  options.expected_md5_hex = "5D41402ABC4B2A76B9719D911017C592";  // hex case does not matter
  STORE_ASSERT_OK(Put("checked", "hello", options));
}

TEST_P(ObjectStoreConformance, WriterDroppedWithoutCommitLeavesNothing) {
  STORE_ASSERT_OK(Put("kept", "old"));
  for (std::string key : {"dropped/new", "kept"}) {
    STORE_ASSERT_OK_AND_ASSIGN(auto writer, store().Create(kBucket, key, {}));
    STORE_ASSERT_OK(writer->Append("partial bytes"));
  }
  EXPECT_EQ(ListAll({}).keys, std::vector<std::string>{"kept"});
  STORE_ASSERT_OK_AND_ASSIGN(std::string kept, Get("kept"));
  EXPECT_EQ(kept, "old");
}

TEST_P(ObjectStoreConformance, CommittedWriterRejectsMoreUse) {
  STORE_ASSERT_OK_AND_ASSIGN(auto writer, store().Create(kBucket, "once", {}));
  STORE_ASSERT_OK(writer->Commit());
  EXPECT_FALSE(writer->Append("x").ok());
  EXPECT_FALSE(writer->Commit().ok());
}

TEST_P(ObjectStoreConformance, ReplaceIsAtomicAndOpenReadersKeepTheOldBytes) {
  std::string v1 = Pattern(1 << 20, 1);
  std::string v2 = Pattern(3000, 2);
  STORE_ASSERT_OK(Put("table/data.parquet", v1));
  STORE_ASSERT_OK_AND_ASSIGN(auto before_replace,
                             store().Open(kBucket, "table/data.parquet", 0, std::nullopt));
  STORE_ASSERT_OK_AND_ASSIGN(auto writer, store().Create(kBucket, "table/data.parquet", {}));
  STORE_ASSERT_OK(writer->Append(v2));
  STORE_ASSERT_OK_AND_ASSIGN(std::string still_old, Get("table/data.parquet"));
  EXPECT_TRUE(still_old == v1) << "an uncommitted replace is visible";
  STORE_ASSERT_OK(writer->Commit());
  STORE_ASSERT_OK_AND_ASSIGN(auto before_delete,
                             store().Open(kBucket, "table/data.parquet", 10, std::nullopt));
  STORE_ASSERT_OK_AND_ASSIGN(bool existed, store().Delete(kBucket, "table/data.parquet"));
  EXPECT_TRUE(existed);
  for (auto [reader, expected] :
       {std::pair{before_replace.get(), std::string_view(v1)},
        std::pair{before_delete.get(), std::string_view(v2).substr(10)}}) {
    std::string got(expected.size() + 10, '\0');
    size_t total = 0;
    while (true) {
      STORE_ASSERT_OK_AND_ASSIGN(size_t n, reader->Read(got.data() + total, 4096));
      if (n == 0) break;
      total += n;
    }
    got.resize(total);
    EXPECT_TRUE(got == expected) << "reader saw " << total << " bytes, not its snapshot";
  }
}

TEST_P(ObjectStoreConformance, RangedReads) {
  STORE_ASSERT_OK(Put("digits", "0123456789"));
  auto get = [&](uint64_t offset, std::optional<uint64_t> length) {
    auto got = Get("digits", offset, length);
    return got.ok() ? *got : "error: " + got.status().ToString();
  };
  EXPECT_EQ(get(3, 4), "3456");
  EXPECT_EQ(get(7, std::nullopt), "789");
  EXPECT_EQ(get(8, 100), "89");
  EXPECT_EQ(get(0, 0), "");
  EXPECT_EQ(get(9, 1), "9");
  for (uint64_t past : {10u, 11u, 1000u}) {
    auto reader = store().Open(kBucket, "digits", past, std::nullopt);
    EXPECT_EQ(reader.status().code(), StatusCode::kInvalidInput) << past;
  }
  STORE_ASSERT_OK_AND_ASSIGN(auto clipped, store().Open(kBucket, "digits", 8, 100));
  EXPECT_EQ(clipped->length(), 2u);
  STORE_ASSERT_OK(Put("empty", ""));
  STORE_ASSERT_OK_AND_ASSIGN(std::string empty, Get("empty"));
  EXPECT_EQ(empty, "");
}

TEST_P(ObjectStoreConformance, MissingKeysAreAbsentNotErrors) {
  STORE_ASSERT_OK_AND_ASSIGN(auto head, store().Head(kBucket, "no/such/key"));
  EXPECT_FALSE(head.has_value());
  auto reader = store().Open(kBucket, "no/such/key", 0, std::nullopt);
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  STORE_ASSERT_OK(Put("present", "x"));
  STORE_ASSERT_OK_AND_ASSIGN(bool existed, store().Delete(kBucket, "present"));
  EXPECT_TRUE(existed);
  STORE_ASSERT_OK_AND_ASSIGN(existed, store().Delete(kBucket, "present"));
  EXPECT_FALSE(existed);
  STORE_ASSERT_OK_AND_ASSIGN(existed, store().Delete(kBucket, "never/was"));
  EXPECT_FALSE(existed);
  STORE_ASSERT_OK_AND_ASSIGN(head, store().Head(kBucket, "present"));
  EXPECT_FALSE(head.has_value());
}

TEST_P(ObjectStoreConformance, CopyKeepsOrReplacesMetadata) {
  WriteOptions options;
  options.content_type = "application/json";
  options.user_metadata = {{"source", "crawler"}};
  options.headers = {{"content-language", "en"}};
  STORE_ASSERT_OK(Put("in/doc.json", "{\"a\":1}", options));
  STORE_ASSERT_OK_AND_ASSIGN(ObjectInfo kept,
                             store().Copy(kBucket, "in/doc.json", kBucket, "out/kept.json", {}));
  EXPECT_EQ(kept.key, "out/kept.json");
  EXPECT_EQ(kept.content_type, "application/json");
  EXPECT_EQ(kept.user_metadata, options.user_metadata);
  EXPECT_EQ(kept.headers, options.headers);
  EXPECT_EQ(kept.etag, Md5Hex("{\"a\":1}"));
  WriteOptions replacement;
  replacement.content_type = "text/plain";
  replacement.user_metadata = {{"note", "replaced"}};
  STORE_ASSERT_OK_AND_ASSIGN(ObjectInfo replaced, store().Copy(kBucket, "in/doc.json", kBucket,
                                                               "out/replaced.txt", replacement));
  STORE_ASSERT_OK_AND_ASSIGN(auto head, store().Head(kBucket, "out/replaced.txt"));
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->content_type, "text/plain");
  EXPECT_EQ(head->user_metadata, replacement.user_metadata);
  EXPECT_TRUE(head->headers.empty()) << "replaced metadata drops the stored headers";
  EXPECT_EQ(head->etag, replaced.etag);
  STORE_ASSERT_OK_AND_ASSIGN(std::string bytes, Get("out/replaced.txt"));
  EXPECT_EQ(bytes, "{\"a\":1}");
  STORE_ASSERT_OK_AND_ASSIGN(std::string source, Get("in/doc.json"));
  EXPECT_EQ(source, "{\"a\":1}");
  auto missing = store().Copy(kBucket, "in/missing", kBucket, "out/x", {});
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST_P(ObjectStoreConformance, MissingContainerIsNotFound) {
  const char* missing = "no-such-bucket";
  STORE_ASSERT_OK(Put("k", "v"));
  EXPECT_EQ(store().List(missing, {}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().Head(missing, "k").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().Open(missing, "k", 0, std::nullopt).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().Create(missing, "k", {}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().Delete(missing, "k").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().Copy(missing, "k", kBucket, "k2", {}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().Copy(kBucket, "k", missing, "k2", {}).status().code(), StatusCode::kNotFound);
}

TEST_P(ObjectStoreConformance, CreateRejectsKeysThatValidateKeyRejects) {
  for (std::string key :
       {std::string("a/../b"), std::string("./a"), std::string("/abs"), std::string("nul\0byte", 8),
        std::string(1025, 'k'), std::string("bad\xff utf8"), std::string()}) {
    auto writer = store().Create(kBucket, key, {});
    EXPECT_EQ(writer.status().code(), StatusCode::kInvalidInput) << key.substr(0, 20);
  }
  EXPECT_TRUE(ListAll({}).keys.empty());
}

TEST_P(ObjectStoreConformance, EightConcurrentWritersThenList) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  std::vector<Status> failures(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread && failures[t].ok(); ++i) {
        std::string key = "t" + std::to_string(t) + "/obj-" + std::to_string(i);
        auto info = Put(key, key + Pattern(1000 + i, t));
        if (!info.ok()) failures[t] = info.status();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const Status& s : failures) EXPECT_TRUE(s.ok()) << s.ToString();
  Listing listing = ListAll(Options("", "", "", 64));
  ASSERT_EQ(listing.keys.size(), static_cast<size_t>(kThreads * kPerThread));
  STORE_ASSERT_OK_AND_ASSIGN(std::string one, Get("t5/obj-7"));
  EXPECT_TRUE(one == "t5/obj-7" + Pattern(1007, 5));
}

TEST(ValidateKeyTest, AcceptsWhatS3AndFileSystemsCanBothHold) {
  for (const std::string& key : std::vector<std::string>{
           "a", "year=2025/month=08/day=15/part-0.parquet", "with space", "100%", "a+b", "raw/",
           "..a/b..", ".hidden", "ünïcödé/日本語", "emoji 😀", std::string(1024, 'k')}) {
    EXPECT_TRUE(ValidateKey(key).ok()) << key.substr(0, 40) << ": " << ValidateKey(key).ToString();
  }
}

TEST(ValidateKeyTest, RejectsWithTheReason) {
  struct Case {
    std::string key;
    std::string reason;
  };
  for (const Case& c : std::vector<Case>{{"", "empty"},
                                         {"a/../b", "'..'"},
                                         {"..", "'..'"},
                                         {"a/..", "'..'"},
                                         {"a/./b", "'.'"},
                                         {std::string("a\0b", 3), "NUL"},
                                         {"/leading", "starts with '/'"},
                                         {std::string(1025, 'k'), "1025 bytes"},
                                         {"bad\xff", "UTF-8"},
                                         {"\xc0\xaf", "UTF-8"},          // overlong '/'
                                         {"\xed\xa0\x80", "UTF-8"},      // surrogate
                                         {"trunc\xe6\x97", "UTF-8"}}) {  // cut sequence
    Status s = ValidateKey(c.key);
    EXPECT_EQ(s.code(), StatusCode::kInvalidInput) << c.key.substr(0, 20);
    EXPECT_NE(s.message().find(c.reason), std::string::npos) << s.message();
  }
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, ObjectStoreConformance,
                         ::testing::ValuesIn(ConformanceBackends()),
                         [](const ::testing::TestParamInfo<StoreUnderTest>& info) {
                           return info.param.name;
                         });

}  // namespace sluice::storage
