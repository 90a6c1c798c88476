// ExportSource: audits an export (docs/export-format.md): OUT/entries.bin, read as a stream
// in one pass, and OUT/checkpoint, the one checkpoint it carries. A record whose length runs
// past the end of the file, or bytes after the last record, are integrity failures.
// Thread-safety: none; entries must be read in order.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>

#include "ledger/audit/audit_source.h"

namespace crowdledger {

class ExportSource : public AuditSource {
 public:
  static Result<std::unique_ptr<ExportSource>> Open(const std::filesystem::path& directory);

  std::string Describe() const override;
  // The tree size the checkpoint claims (its signature is the auditor's to check).
  Result<uint64_t> Size() override { return checkpoint_.tree_size; }
  Status ReadEntries(uint64_t begin, uint64_t end, std::vector<std::string>& out) override;
  Result<std::vector<SignedCheckpointNote>> Checkpoints(uint64_t after, uint64_t up_to,
                                                        size_t limit) override;

 private:
  ExportSource(std::filesystem::path directory, SignedCheckpointNote checkpoint)
      : directory_(std::move(directory)), checkpoint_(std::move(checkpoint)) {}

  std::filesystem::path directory_;
  SignedCheckpointNote checkpoint_;
  std::ifstream entries_;
  uint64_t next_ = 0;  // the record the stream is at
};

}  // namespace crowdledger
