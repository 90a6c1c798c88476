// DataDirSource: audits a stopped ledger's data directory (or a copy), read-only. Besides
// the entries and every checkpoint ever signed, it offers the stored Merkle leaves (to locate
// a changed entry exactly; read kLeafBatch at a time, in one scan), the stored nodes' consistency
// proofs, and the stored derived state. Thread-safety: none.
#pragma once

#include <filesystem>
#include <memory>

#include "ledger/audit/audit_source.h"
#include "ledger/log_store.h"

namespace crowdledger {

class DataDirSource : public AuditSource {
 public:
  static Result<std::unique_ptr<DataDirSource>> Open(const std::filesystem::path& directory);

  std::string Describe() const override;
  Result<uint64_t> Size() override;
  Status ReadEntries(uint64_t begin, uint64_t end, std::vector<std::string>& out) override;
  Result<std::vector<SignedCheckpointNote>> Checkpoints(uint64_t after, uint64_t up_to,
                                                        size_t limit) override;
  Result<std::optional<Hash>> StoredLeafHash(uint64_t index) override;
  Result<std::optional<std::vector<Hash>>> ConsistencyProof(uint64_t old_size,
                                                            uint64_t new_size) override;
  Result<std::optional<uint64_t>> StoredStateSequence() override;
  Status ForEachStateItem(
      const std::function<Status(std::string_view, std::string_view)>& visit) override;

  LogStore& log() { return *log_; }

 private:
  DataDirSource(std::filesystem::path directory, std::unique_ptr<LogStore> log)
      : directory_(std::move(directory)), log_(std::move(log)) {}

  std::filesystem::path directory_;
  std::unique_ptr<LogStore> log_;
  // Leaves [leaves_begin_, leaves_begin_ + leaves_.size() / 32), read ahead of the audit.
  uint64_t leaves_begin_ = 0;
  std::string leaves_;
};

// Stored leaves read in one scan: a point read per entry cost the audit's replay thread 12%.
inline constexpr uint64_t kLeafBatch = 4'096;

}  // namespace crowdledger
