// RecentEntries: newest first, each entry verified before any field is read.
#include "ledger/monitor/monitor_entries.h"

#include "ledger/entry_format.h"

namespace crowdledger {
namespace {

using Object = JsonValue::Object;
using Array = JsonValue::Array;

// The operation kinds in the order they first appear, with their counts.
Array OperationKinds(const schema::Transaction& transaction) {
  std::vector<std::pair<schema::Operation, int64_t>> kinds;
  for (const schema::OperationSlot* slot : *transaction.operations()) {
    schema::Operation kind = slot->operation_type();
    auto found = std::find_if(kinds.begin(), kinds.end(),
                              [kind](const auto& seen) { return seen.first == kind; });
    if (found != kinds.end()) {
      ++found->second;
    } else {
      kinds.emplace_back(kind, 1);
    }
  }
  Array listed;
  int64_t others = 0;
  for (const auto& [kind, count] : kinds) {
    if (listed.size() < kMaxListedOperationKinds) {
      listed.push_back(Object{{"kind", schema::EnumNameOperation(kind)}, {"count", count}});
    } else {
      others += count;
    }
  }
  if (others > 0) listed.push_back(Object{{"kind", "other"}, {"count", others}});
  return listed;
}

Result<JsonValue> EntryRow(uint64_t sequence, std::string_view bytes) {
  std::vector<uint64_t> aligned;
  ASSIGN_OR_RETURN(const schema::Entry* entry, VerifyEntry(AlignedFlatbuffer(bytes, aligned)));
  if (entry->sequence() != sequence) {
    return Status(ErrorCode::Corruption,
                  "monitor: entry " + std::to_string(sequence) + " records another sequence");
  }
  std::string_view signed_bytes(reinterpret_cast<const char*>(entry->transaction()->data()),
                                entry->transaction()->size());
  std::vector<uint64_t> aligned_transaction;
  ASSIGN_OR_RETURN(const schema::Transaction* transaction,
                   VerifyTransaction(AlignedFlatbuffer(signed_bytes, aligned_transaction)));
  const schema::Outcome* outcome = entry->outcome();
  schema::ErrorCode code = outcome != nullptr ? outcome->code() : schema::ErrorCode::Ok;
  size_t movements =
      outcome != nullptr && outcome->movements() != nullptr ? outcome->movements()->size() : 0;
  return JsonValue(
      Object{{"sequence", static_cast<int64_t>(sequence)},
             {"time_us", entry->server_time_us()},
             {"submitter", transaction->submitter()->str()},
             {"operation_count", static_cast<int64_t>(transaction->operations()->size())},
             {"operations", OperationKinds(*transaction)},
             {"movements", static_cast<int64_t>(movements)},
             {"outcome", schema::EnumNameErrorCode(code)}});
}

}  // namespace

Result<JsonValue> RecentEntries(const LogStore& log, uint64_t tree_size, size_t count,
                                size_t max_bytes) {
  Array rows;
  size_t bytes_read = 0;
  for (uint64_t sequence = tree_size; sequence > 0 && rows.size() < count; --sequence) {
    ASSIGN_OR_RETURN(std::string bytes, log.ReadEntry(sequence - 1));
    bytes_read += bytes.size();
    if (bytes_read > max_bytes && !rows.empty()) break;
    ASSIGN_OR_RETURN(JsonValue row, EntryRow(sequence - 1, bytes));
    rows.push_back(std::move(row));
  }
  return JsonValue(std::move(rows));
}

}  // namespace crowdledger
