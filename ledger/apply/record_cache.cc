// RecordCache: write-back of changed records.
#include "ledger/apply/record_cache.h"

namespace crowdledger {

void RecordCache::WriteBack(Records::iterator found) {
  if (found->second.dirty) state_.Put(found->first, found->second.held->Encode());
  records_.erase(found);
}

void RecordCache::Forget(std::string_view key) {
  if (records_.empty()) return;
  if (auto found = records_.find(Lookup(key)); found != records_.end()) WriteBack(found);
}

void RecordCache::FlushAll() {
  for (const std::string& key : order_) {
    if (auto found = records_.find(Lookup(key)); found != records_.end()) WriteBack(found);
  }
  order_.clear();
}

}  // namespace crowdledger
