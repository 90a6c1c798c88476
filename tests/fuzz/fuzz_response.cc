// Fuzz target: a response frame body as a client receives it from a server it need not trust
// (the online auditor, tail, the clients): the verifier, then every body as the clients read
// it (an entry is verified as one, a checkpoint note parsed, a proof split into hashes).
#include "api/wire.h"
#include "crypto/checkpoint.h"
#include "ledger/entry_format.h"

namespace {

using namespace crowdledger;

void ReadBody(const schema::Response& response) {
  if (const auto* submitted = response.body_as_SubmitResult()) {
    (void)submitted->sequence();
    if (submitted->movements() != nullptr) {
      for (const auto* movement : *submitted->movements()) (void)movement->amount();
    }
  } else if (const auto* stored = response.body_as_EntryResult()) {
    if (stored->entry() == nullptr) return;
    std::string_view bytes(reinterpret_cast<const char*>(stored->entry()->data()),
                           stored->entry()->size());
    std::vector<uint64_t> storage;
    auto entry = VerifyEntry(AlignedFlatbuffer(bytes, storage));
    if (entry.ok()) (void)ReadRecordedOutcome(**entry);
  } else if (const auto* checkpoint = response.body_as_CheckpointResult()) {
    if (checkpoint->note() == nullptr) return;
    auto note = ParseNote(checkpoint->note()->string_view());
    if (note.ok()) (void)ParseCheckpointText(note->text);
  } else if (const auto* proof = response.body_as_ProofResult()) {
    if (proof->hashes() != nullptr && proof->hashes()->size() % sizeof(Hash) == 0) {
      std::vector<Hash> hashes(proof->hashes()->size() / sizeof(Hash));
      for (size_t i = 0; i < hashes.size(); ++i) {
        std::copy_n(proof->hashes()->data() + i * sizeof(Hash), sizeof(Hash), hashes[i].begin());
      }
    }
  } else if (const auto* portfolio = response.body_as_PortfolioResult()) {
    if (portfolio->items() != nullptr) {
      for (const auto* item : *portfolio->items()) (void)item->string_view();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint64_t> storage;
  auto response = api::VerifyResponse(
      AlignedFlatbuffer(std::string_view(reinterpret_cast<const char*>(data), size), storage));
  if (!response.ok()) return 0;
  (void)ErrorCodeName((*response)->code());
  ReadBody(**response);
  return 0;
}
