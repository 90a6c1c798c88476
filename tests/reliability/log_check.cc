// CheckLogAgainstWorkload: one pass over the log's workload entries. See log_check.h.
#include "tests/reliability/log_check.h"

#include "crypto/sha256.h"
#include "ledger/log_store.h"

namespace crowdledger::reliability {
namespace {

std::string Named(const TrackedTransaction& tracked) {
  return "transaction " + CrashWorkload::Party(tracked.client) + "/" + std::to_string(tracked.id);
}

}  // namespace

Result<LogCheckFigures> CheckLogAgainstWorkload(const std::filesystem::path& directory,
                                                uint64_t first_workload_sequence,
                                                CrashWorkload& workload,
                                                std::vector<std::string>& violations) {
  LogStoreOptions options;
  options.read_only = true;
  ASSIGN_OR_RETURN(auto log, LogStore::Open(directory, options));
  LogCheckFigures figures;
  figures.entries = log->size();
  if (figures.entries < first_workload_sequence) {
    violations.push_back("the log lost its setup: " + std::to_string(figures.entries) + " entries");
    return figures;
  }
  std::vector<TrackedTransaction>& transactions = workload.transactions();
  std::vector<std::optional<uint64_t>> found_at(transactions.size());
  std::vector<uint64_t> entry_storage, transaction_storage;
  Status scanned = log->ForEachEntry(
      first_workload_sequence, figures.entries, [&](uint64_t sequence, std::string_view stored) {
        const std::string where = "entry " + std::to_string(sequence);
        ASSIGN_OR_RETURN(const schema::Entry* entry,
                         VerifyEntry(AlignedFlatbuffer(stored, entry_storage)));
        std::string_view bytes(reinterpret_cast<const char*>(entry->transaction()->data()),
                               entry->transaction()->size());
        ASSIGN_OR_RETURN(const schema::Transaction* transaction,
                         VerifyTransaction(AlignedFlatbuffer(bytes, transaction_storage)));
        auto index = transaction->id()->high() == 0
                         ? workload.Find(transaction->submitter()->str(), transaction->id()->low())
                         : std::nullopt;
        if (!index) {
          violations.push_back(where + " is no transaction the harness made");
          return Status::Ok();
        }
        const TrackedTransaction& tracked = transactions[*index];
        if (found_at[*index]) {
          violations.push_back(Named(tracked) + " is logged twice, at " +
                               std::to_string(*found_at[*index]) + " and " +
                               std::to_string(sequence));
        }
        found_at[*index] = sequence;
        if (Sha256(AsBytes(bytes)) != tracked.bytes_digest) {
          violations.push_back(where + " holds other bytes than " + Named(tracked));
        }
        if (tracked.acknowledged && tracked.sequence != sequence) {
          violations.push_back(Named(tracked) + " was acknowledged at " +
                               std::to_string(tracked.sequence) + " but is logged at " +
                               std::to_string(sequence));
        }
        return Status::Ok();
      });
  RETURN_IF_ERROR(scanned);
  for (size_t i = 0; i < transactions.size(); ++i) {
    TrackedTransaction& tracked = transactions[i];
    if (tracked.acknowledged) {
      if (!found_at[i]) violations.push_back("acknowledged " + Named(tracked) + " is lost");
      continue;
    }
    tracked.logged_at = found_at[i];
    ++(found_at[i] ? figures.unanswered_logged : figures.unanswered_missing);
  }
  return figures;
}

}  // namespace crowdledger::reliability
