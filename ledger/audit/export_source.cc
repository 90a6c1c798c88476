// ExportSource: entries.bin as a stream of length-prefixed records, and its checkpoint.
#include "ledger/audit/export_source.h"

#include "crypto/checkpoint.h"
#include "crypto/signed_note.h"

namespace crowdledger {
namespace {

// An entry is at most 16 MiB (docs/export-format.md).
constexpr uint32_t kMaxExportedEntry = 16u << 20;
// The checkpoint file is a few hundred bytes; anything far larger is not one.
constexpr std::streamsize kMaxCheckpointFile = std::streamsize{64} * 1024;

Status Damaged(const std::string& what) { return Status(ErrorCode::Corruption, what); }

}  // namespace

Result<std::unique_ptr<ExportSource>> ExportSource::Open(const std::filesystem::path& directory) {
  std::ifstream file(directory / "checkpoint", std::ios::binary);
  if (!file)
    return Status(ErrorCode::IoError, "cannot read " + (directory / "checkpoint").string());
  std::string note(static_cast<size_t>(kMaxCheckpointFile) + 1, '\0');
  file.read(note.data(), kMaxCheckpointFile + 1);
  note.resize(static_cast<size_t>(file.gcount()));
  if (note.size() > static_cast<size_t>(kMaxCheckpointFile)) {
    return Damaged("the export's checkpoint file is too large to be a checkpoint");
  }
  ASSIGN_OR_RETURN(Note parsed, ParseNote(note));
  ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpointText(parsed.text));
  std::unique_ptr<ExportSource> source(
      new ExportSource(directory, SignedCheckpointNote{checkpoint.size, std::move(note)}));
  source->entries_.open(directory / "entries.bin", std::ios::binary);
  if (!source->entries_) {
    return Status(ErrorCode::IoError, "cannot read " + (directory / "entries.bin").string());
  }
  return source;
}

std::string ExportSource::Describe() const { return "export " + directory_.string(); }

Status ExportSource::ReadEntries(uint64_t begin, uint64_t end, std::vector<std::string>& out) {
  if (begin != next_) return Status(ErrorCode::UsageError, "an export is read in order");
  for (uint64_t index = begin; index < end; ++index) {
    unsigned char header[4];
    entries_.read(reinterpret_cast<char*>(header), sizeof(header));
    if (entries_.gcount() == 0 && entries_.eof()) return Status::Ok();  // entry `index` absent
    if (entries_.gcount() != sizeof(header)) {
      return Damaged("entries.bin ends inside the length of record " + std::to_string(index));
    }
    uint32_t length = uint32_t{header[0]} | uint32_t{header[1]} << 8 | uint32_t{header[2]} << 16 |
                      uint32_t{header[3]} << 24;
    if (length > kMaxExportedEntry) {
      return Damaged("record " + std::to_string(index) + " claims " + std::to_string(length) +
                     " bytes, more than an entry may hold");
    }
    std::string bytes(length, '\0');
    entries_.read(bytes.data(), length);
    if (static_cast<uint64_t>(entries_.gcount()) != length) {
      return Damaged("entries.bin ends inside record " + std::to_string(index));
    }
    out.push_back(std::move(bytes));
    ++next_;
  }
  if (end == checkpoint_.tree_size && entries_.peek() != std::char_traits<char>::eof()) {
    return Damaged("entries.bin holds more records than the checkpoint's " +
                   std::to_string(checkpoint_.tree_size));
  }
  return Status::Ok();
}

Result<std::vector<SignedCheckpointNote>> ExportSource::Checkpoints(uint64_t after, uint64_t up_to,
                                                                    size_t limit) {
  std::vector<SignedCheckpointNote> notes;
  if (limit > 0 && checkpoint_.tree_size > after && checkpoint_.tree_size <= up_to) {
    notes.push_back(checkpoint_);
  }
  return notes;
}

}  // namespace crowdledger
