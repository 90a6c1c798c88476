// Fuzz target: a stored entry as read back from the database or an export, with its outcome.
#include "ledger/entry_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crowdledger;
  std::vector<uint64_t> storage;
  auto entry = VerifyEntry(
      AlignedFlatbuffer(std::string_view(reinterpret_cast<const char*>(data), size), storage));
  if (entry.ok()) (void)ReadRecordedOutcome(**entry);
  return 0;
}
