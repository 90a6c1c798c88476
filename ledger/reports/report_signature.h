// The signed report file: {"report": <body>, "signature": {...}} as canonical JSON and one
// newline. The ledger's own Ed25519 key (the key that signs its checkpoints) signs the bytes
//   "crowdledger report signature v1\n" || canonical JSON of the body
// The prefix keeps a report signature from ever being taken for a signed note's, which the
// same key makes. The signature object names the key as a signed note does (key name = the
// ledger's origin, key ID = the C2SP key hash); a verifier checks it with the verifier key it
// has pinned, never with one the file offers.
// Thread-safety: pure functions.
#pragma once

#include "crypto/signed_note.h"
#include "ledger/reports/canonical_json.h"

namespace crowdledger {

inline constexpr char kReportSignatureContext[] = "crowdledger report signature v1\n";

// The whole file: canonical JSON of the signed report, then "\n".
std::string SignReport(const JsonValue& body, const Ed25519PrivateKey& ledger_key,
                       std::string_view origin);

struct SignedReport {
  JsonValue body;
  std::string body_bytes;  // the canonical JSON of the body, as signed
  Bytes signature;         // 64 bytes
  uint32_t key_id = 0;
  std::string key_name;
};
// Reads a report file's parts (BadEncoding or InvalidArgument if it is not one). Does not
// verify anything.
Result<SignedReport> ReadSignedReport(std::string_view file);
// BadSignature unless the report is signed by `ledger_key` (key name, key ID and signature).
Status VerifyReportSignature(const SignedReport& report, const NoteVerifier& ledger_key);
// The file bytes a report with this body and signature has: the byte-for-byte comparison.
std::string SignedReportFile(const JsonValue& body, ByteView signature, uint32_t key_id,
                             std::string_view key_name);

}  // namespace crowdledger
