// FaultInjectingFileSystem: RocksDB's file system with storage faults switched on and off by a
// test while the database runs. A fault makes every write (Append, PositionedAppend, Allocate)
// or every sync (Sync, Fsync, RangeSync) of files opened for writing fail, as a full or
// failing disk would: the WAL, table files and the MANIFEST alike. Reads never fail.
//
//   auto fs = std::make_shared<FaultInjectingFileSystem>(rocksdb::FileSystem::Default());
//   auto env = rocksdb::NewCompositeEnv(fs);     // LogStoreOptions::env = env.get()
//   fs->Inject(StorageFault::kDiskFull);  ...  fs->Inject(StorageFault::kNone);
//
// Thread-safety: Inject and injected() from any thread; RocksDB calls the rest from its own.
#pragma once

#include <rocksdb/file_system.h>

#include <atomic>
#include <memory>
#include <string>

namespace crowdledger::reliability {

enum class StorageFault {
  kNone,
  kDiskFull,    // writes fail with ENOSPC's status (IOStatus::NoSpace)
  kWriteError,  // writes fail with a plain I/O error (EIO)
  kSyncError,   // writes succeed; syncs fail with a plain I/O error (fsync's EIO)
};

class FaultInjectingFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit FaultInjectingFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base)
      : FileSystemWrapper(base) {}

  const char* Name() const override { return "FaultInjectingFileSystem"; }
  void Inject(StorageFault fault) { fault_.store(fault); }
  // Operations failed on purpose so far.
  uint64_t injected() const { return injected_.load(); }

  // The status a write (or a sync) returns under the current fault; counts the failures.
  rocksdb::IOStatus CheckWrite();
  rocksdb::IOStatus CheckSync();

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* debug) override;

 private:
  // Wraps a file just opened (when `opened` is ok) so that its writes and syncs are checked.
  rocksdb::IOStatus Wrap(rocksdb::IOStatus opened,
                         std::unique_ptr<rocksdb::FSWritableFile>* result);

  std::atomic<StorageFault> fault_{StorageFault::kNone};
  std::atomic<uint64_t> injected_{0};
};

}  // namespace crowdledger::reliability
