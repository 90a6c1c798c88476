// Fuzz target: the body of a tlog-witness add-checkpoint request, as a witness reads it from
// anyone on the network: the grammar (ParseAddCheckpointRequest), then the whole decision of a
// witness (note, checkpoint, signature, old size, consistency proof) on a fresh witness that
// serves one log, "fuzz.example/log" (key from the seed SHA-256("fuzz log key")), and has
// cosigned its tree of size 1 (the leaf "a"). The seeds in corpus/fuzz_add_checkpoint reach a
// 200 and a 409 (their checkpoint was signed with `openssl pkeyutl -sign -rawin`).
#include "crypto/merkle.h"
#include "crypto/sha256.h"
#include "ledger/witness/add_checkpoint_request.h"
#include "ledger/witness/witness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crowdledger;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto request = ParseAddCheckpointRequest(body);
  if (request.ok()) (void)FormatAddCheckpointRequest(*request);

  static const Ed25519PrivateKey log_key =
      *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("fuzz log key")));
  static const Ed25519PrivateKey witness_key =
      *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("fuzz witness key")));
  WitnessState state;
  state.logs["fuzz.example/log"] = WitnessedTree{1, MerkleLeafHash(AsBytes("a"))};
  auto witness = Witness::Create(
      "fuzz.example/witness", witness_key,
      {*NoteVerifier::Create("fuzz.example/log", log_key.public_key())}, std::move(state),
      [](const WitnessState&) { return Status::Ok(); }, [] { return uint64_t{1'700'000'000}; });
  (void)(*witness)->AddCheckpoint(body);
  return 0;
}
