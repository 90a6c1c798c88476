// Fuzz target: the JSON form of a transaction (crowdledger submit's input) through the
// schema parser and then the transaction verifier.
#include "ledger/entry_format.h"
#include "tools/schema_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crowdledger;
  auto bytes = tool::JsonToFlatbuffer(std::string_view(reinterpret_cast<const char*>(data), size),
                                      "Transaction", "CLTX");
  if (!bytes.ok()) return 0;
  std::vector<uint64_t> storage;
  (void)VerifyTransaction(AlignedFlatbuffer(*bytes, storage));
  return 0;
}
