// A fresh temporary ledger directory per test, removed afterwards, plus raw RocksDB access
// to damage a ledger under the store's feet.
#pragma once

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace crowdledger::test {

class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("crowdledger-") + (info ? info->name() : "test") + "-" +
                       std::to_string(::getpid()) + "-" + std::to_string(counter_++);
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

// Opens a ledger's RocksDB directly, bypassing every check, to tamper with it.
class RawLedgerDatabase {
 public:
  explicit RawLedgerDatabase(const std::filesystem::path& ledger_directory) {
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : {"default", "entries", "merkle", "checkpoints", "index", "state"}) {
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    rocksdb::DB* db = nullptr;
    auto status = rocksdb::DB::Open(rocksdb::DBOptions(), (ledger_directory / "db").string(),
                                    families, &handles_, &db);
    EXPECT_TRUE(status.ok()) << status.ToString();
    db_.reset(db);
  }
  ~RawLedgerDatabase() {
    for (auto* handle : handles_) (void)db_->DestroyColumnFamilyHandle(handle);
  }
  rocksdb::DB& db() { return *db_; }
  rocksdb::ColumnFamilyHandle* family(size_t i) { return handles_[i]; }
  rocksdb::ColumnFamilyHandle* meta() { return handles_[0]; }
  rocksdb::ColumnFamilyHandle* entries() { return handles_[1]; }
  rocksdb::ColumnFamilyHandle* merkle() { return handles_[2]; }
  rocksdb::ColumnFamilyHandle* checkpoints() { return handles_[3]; }

 private:
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace crowdledger::test
