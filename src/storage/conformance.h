// The ObjectStore conformance suite: one set of GoogleTest cases (conformance_test.cc,
// conformance_list_test.cc) run against every backend, like Arrow's GenericFileSystemTest.
//
// A backend joins by registering itself from its own test file, which must be linked into the
// same test binary:
//
//   static RegisterBackend kBucketStore({"bucket", [] { ...make the store... },
//                                        [](ObjectStore& s, std::string_view c) { ... }});
//
// Each test gets a fresh store from `make` and one container (kConformanceContainer) made by
// `create_container`. Registration happens during static initialization; not thread-safe.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "storage/object_store.h"

namespace sluice::storage {

struct StoreUnderTest {
  std::string name;  // the test-name suffix: letters, digits and '_' only
  std::function<std::unique_ptr<ObjectStore>()> make;
  std::function<Status(ObjectStore&, std::string_view)> create_container;
};

// Test output names the backend instead of dumping the struct's bytes.
inline void PrintTo(const StoreUnderTest& backend, std::ostream* os) { *os << backend.name; }

// Every registered backend, in registration order.
std::vector<StoreUnderTest>& ConformanceBackends();

struct RegisterBackend {
  explicit RegisterBackend(StoreUnderTest backend);
};

inline constexpr char kConformanceContainer[] = "conformance-bucket";

// ListOptions by position: prefix, delimiter, start_after, max_keys.
inline ListOptions Options(std::string prefix, std::string delimiter = "",
                           std::string start_after = "", int max_keys = 1000) {
  ListOptions options;
  options.prefix = std::move(prefix);
  options.delimiter = std::move(delimiter);
  options.start_after = std::move(start_after);
  options.max_keys = max_keys;
  return options;
}

inline const Status& StatusOf(const Status& status) { return status; }
template <typename T>
const Status& StatusOf(const Result<T>& result) {
  return result.status();
}

}  // namespace sluice::storage

#define STORE_ASSERT_OK(expr)                                                       \
  do {                                                                              \
    const auto& _store_r = (expr);                                                  \
    ASSERT_TRUE(_store_r.ok()) << ::sluice::storage::StatusOf(_store_r).ToString(); \
  } while (0)

#define STORE_ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  ASSERT_TRUE(tmp.ok()) << tmp.status().ToString();     \
  lhs = std::move(*tmp)

#define STORE_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  STORE_ASSERT_OK_AND_ASSIGN_IMPL(SLUICE_CONCAT(_store_result_, __LINE__), lhs, expr)

namespace sluice::storage {

// The fixture of the suite: a fresh store with one container, and helpers that report failures
// through GoogleTest and return what they could.
class ObjectStoreConformance : public ::testing::TestWithParam<StoreUnderTest> {
 protected:
  static constexpr const char* kBucket = kConformanceContainer;

  void SetUp() override {
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr);
    STORE_ASSERT_OK(GetParam().create_container(*store_, kBucket));
  }

  ObjectStore& store() { return *store_; }

  // Writes `data` in Appends of at most `chunk` bytes and commits.
  Result<ObjectInfo> Put(std::string_view key, std::string_view data,
                         const WriteOptions& options = {}, size_t chunk = 1 << 16);

  // Reads [offset, offset + length) of an object through an ObjectReader, in odd-sized pieces.
  Result<std::string> Get(std::string_view key, uint64_t offset = 0,
                          std::optional<uint64_t> length = std::nullopt);

  // A listing followed over all its pages (each page checked: not over max_keys, full when
  // truncated, in order, after the previous page).
  struct Listing {
    std::vector<std::string> keys;
    std::vector<std::string> prefixes;
    std::vector<ObjectInfo> objects;
    int pages = 0;
  };
  Listing ListAll(ListOptions options);

  std::unique_ptr<ObjectStore> store_;
};

}  // namespace sluice::storage
