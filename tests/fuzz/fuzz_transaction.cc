// Fuzz target: a transaction's bytes through verification and every operation's own checks
// (the steps before any state is read).
#include "ledger/apply/operation_rules.h"
#include "ledger/entry_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crowdledger;
  std::vector<uint64_t> storage;
  auto transaction = VerifyTransaction(
      AlignedFlatbuffer(std::string_view(reinterpret_cast<const char*>(data), size), storage));
  if (!transaction.ok()) return 0;
  for (const auto* slot : *(*transaction)->operations()) {
    if (const OperationRules* rules = FindOperationRules(slot->operation_type())) {
      (void)rules->check(*slot);
    }
  }
  return 0;
}
