// Fuzz target: an export directory (docs/export-format.md) as `crowdledger audit --export`
// reads it: the checkpoint file parsed, entries.bin read as a stream of length-prefixed
// records in chunks, each record verified as an entry with its outcome.
// Input: u16le(length of the checkpoint file) || checkpoint file || entries.bin. Each run
// writes the two files into a directory of this process's own (removed at exit), in
// /dev/shm where there is one.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ledger/audit/export_source.h"
#include "ledger/entry_format.h"

namespace {

namespace fs = std::filesystem;
using namespace crowdledger;

constexpr uint64_t kChunk = 64;  // records per read, as the auditor reads them in batches

// In memory where the system offers it (/dev/shm): two small files are rewritten per input.
fs::path ScratchRoot() {
  std::error_code error;
  return fs::is_directory("/dev/shm", error) ? fs::path("/dev/shm") : fs::temp_directory_path();
}

class ScratchDirectory {
 public:
  ScratchDirectory()
      : path_(ScratchRoot() / ("crowdledger-fuzz-export-" + std::to_string(::getpid()))) {
    fs::create_directories(path_);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void WriteFile(const fs::path& path, const uint8_t* data, size_t size) {
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

void ReadAll(ExportSource& source) {
  auto claimed = source.Size();
  if (!claimed.ok()) return;
  std::vector<std::string> records;
  std::vector<uint64_t> storage;
  for (uint64_t begin = 0; begin < *claimed; begin += kChunk) {
    uint64_t end = *claimed - begin < kChunk ? *claimed : begin + kChunk;
    records.clear();
    if (!source.ReadEntries(begin, end, records).ok()) return;
    for (const std::string& record : records) {
      auto entry = VerifyEntry(AlignedFlatbuffer(record, storage));
      if (entry.ok()) (void)ReadRecordedOutcome(**entry);
    }
    if (records.size() < end - begin) return;  // entries.bin ended first
  }
  (void)source.Checkpoints(0, *claimed, 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ScratchDirectory directory;
  if (size < 2) return 0;
  size_t checkpoint_size = std::min(size - 2, size_t{data[0]} | size_t{data[1]} << 8);
  WriteFile(directory.path() / "checkpoint", data + 2, checkpoint_size);
  WriteFile(directory.path() / "entries.bin", data + 2 + checkpoint_size,
            size - 2 - checkpoint_size);
  auto source = ExportSource::Open(directory.path());
  if (!source.ok()) return 0;
  (void)(*source)->Describe();
  ReadAll(**source);
  return 0;
}
