// Fuzz target: a request frame body as the server receives it (verifier, envelope checks),
// and the payload it carries: a transaction or a signed query.
#include "api/wire.h"
#include "ledger/entry_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crowdledger;
  std::vector<uint64_t> storage;
  std::string_view bytes =
      AlignedFlatbuffer(std::string_view(reinterpret_cast<const char*>(data), size), storage);
  auto request = api::VerifyRequest(bytes);
  if (!request.ok()) return 0;
  std::string_view payload(reinterpret_cast<const char*>((*request)->payload()->data()),
                           (*request)->payload()->size());
  std::vector<uint64_t> payload_storage;
  std::string_view aligned = AlignedFlatbuffer(payload, payload_storage);
  if ((*request)->kind() == schema::PayloadKind::Query) {
    auto query = api::VerifyQuery(aligned);
    if (query.ok()) (void)(*query)->body_type();
  } else {
    (void)VerifyTransaction(aligned);
  }
  return 0;
}
