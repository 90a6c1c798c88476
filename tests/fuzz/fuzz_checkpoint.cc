// Fuzz target: checkpoint text and signed notes (what a witness or an auditor reads).
#include "crypto/checkpoint.h"
#include "crypto/signed_note.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crowdledger;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ParseCheckpointText(text);
  (void)ParseNote(text);
  return 0;
}
