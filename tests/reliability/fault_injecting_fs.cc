// FaultInjectingFileSystem: writable files whose writes and syncs ask the file system first.
#include "tests/reliability/fault_injecting_fs.h"

namespace crowdledger::reliability {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

class FaultInjectingFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultInjectingFile(std::unique_ptr<rocksdb::FSWritableFile> file, FaultInjectingFileSystem& fs)
      : FSWritableFileOwnerWrapper(std::move(file)), fs_(fs) {}

  IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* debug) override {
    IOStatus fault = fs_.CheckWrite();
    return fault.ok() ? target()->Append(data, options, debug) : fault;
  }
  IOStatus Append(const Slice& data, const IOOptions& options,
                  const rocksdb::DataVerificationInfo& verification,
                  IODebugContext* debug) override {
    IOStatus fault = fs_.CheckWrite();
    return fault.ok() ? target()->Append(data, options, verification, debug) : fault;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            IODebugContext* debug) override {
    IOStatus fault = fs_.CheckWrite();
    return fault.ok() ? target()->PositionedAppend(data, offset, options, debug) : fault;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            const rocksdb::DataVerificationInfo& verification,
                            IODebugContext* debug) override {
    IOStatus fault = fs_.CheckWrite();
    return fault.ok() ? target()->PositionedAppend(data, offset, options, verification, debug)
                      : fault;
  }
  IOStatus Allocate(uint64_t offset, uint64_t length, const IOOptions& options,
                    IODebugContext* debug) override {
    IOStatus fault = fs_.CheckWrite();
    return fault.ok() ? target()->Allocate(offset, length, options, debug) : fault;
  }
  IOStatus Sync(const IOOptions& options, IODebugContext* debug) override {
    IOStatus fault = fs_.CheckSync();
    return fault.ok() ? target()->Sync(options, debug) : fault;
  }
  IOStatus Fsync(const IOOptions& options, IODebugContext* debug) override {
    IOStatus fault = fs_.CheckSync();
    return fault.ok() ? target()->Fsync(options, debug) : fault;
  }
  IOStatus RangeSync(uint64_t offset, uint64_t length, const IOOptions& options,
                     IODebugContext* debug) override {
    IOStatus fault = fs_.CheckSync();
    return fault.ok() ? target()->RangeSync(offset, length, options, debug) : fault;
  }

 private:
  FaultInjectingFileSystem& fs_;
};

}  // namespace

IOStatus FaultInjectingFileSystem::CheckWrite() {
  switch (fault_.load()) {
    case StorageFault::kDiskFull:
      ++injected_;
      return IOStatus::NoSpace("injected fault: no space left on device");
    case StorageFault::kWriteError:
      ++injected_;
      return IOStatus::IOError("injected fault: write failed (EIO)");
    case StorageFault::kNone:
    case StorageFault::kSyncError:
      break;
  }
  return IOStatus::OK();
}

IOStatus FaultInjectingFileSystem::CheckSync() {
  if (fault_.load() != StorageFault::kSyncError) return IOStatus::OK();
  ++injected_;
  return IOStatus::IOError("injected fault: sync failed (EIO)");
}

IOStatus FaultInjectingFileSystem::Wrap(IOStatus opened,
                                        std::unique_ptr<rocksdb::FSWritableFile>* result) {
  if (opened.ok()) *result = std::make_unique<FaultInjectingFile>(std::move(*result), *this);
  return opened;
}

IOStatus FaultInjectingFileSystem::NewWritableFile(const std::string& name,
                                                   const rocksdb::FileOptions& options,
                                                   std::unique_ptr<rocksdb::FSWritableFile>* result,
                                                   IODebugContext* debug) {
  return Wrap(target()->NewWritableFile(name, options, result, debug), result);
}

IOStatus FaultInjectingFileSystem::ReopenWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* debug) {
  return Wrap(target()->ReopenWritableFile(name, options, result, debug), result);
}

IOStatus FaultInjectingFileSystem::ReuseWritableFile(
    const std::string& name, const std::string& old_name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* debug) {
  return Wrap(target()->ReuseWritableFile(name, old_name, options, result, debug), result);
}

}  // namespace crowdledger::reliability
