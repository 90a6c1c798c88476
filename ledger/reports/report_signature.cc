// Signing and reading back report files.
#include "ledger/reports/report_signature.h"

#include <cstdio>

namespace crowdledger {
namespace {

std::string KeyIdHex(uint32_t key_id) {
  char hex[16];
  std::snprintf(hex, sizeof(hex), "%08x", key_id);
  return hex;
}

std::string SignedBytes(std::string_view body_bytes) {
  return std::string(kReportSignatureContext).append(body_bytes);
}

Status NotAReport(const std::string& what) {
  return Status(ErrorCode::InvalidArgument, "not a signed report: " + what);
}

}  // namespace

std::string SignedReportFile(const JsonValue& body, ByteView signature, uint32_t key_id,
                             std::string_view key_name) {
  JsonValue::Object signature_json{
      {"algorithm", "Ed25519"},
      {"key_name", std::string(key_name)},
      {"key_id", KeyIdHex(key_id)},
      {"signed",
       "the bytes \"crowdledger report signature v1\\n\" then the canonical JSON of "
       "\"report\""},
      {"value", Base64Encode(signature)},
  };
  JsonValue::Object file{{"report", body}, {"signature", std::move(signature_json)}};
  return CanonicalJson(JsonValue(std::move(file))) + "\n";
}

std::string SignReport(const JsonValue& body, const Ed25519PrivateKey& ledger_key,
                       std::string_view origin) {
  Ed25519Signature signature = ledger_key.Sign(AsBytes(SignedBytes(CanonicalJson(body))));
  uint32_t key_id = Ed25519NoteKeyId(origin, ledger_key.public_key());
  return SignedReportFile(body, ByteView(signature.data(), signature.size()), key_id, origin);
}

Result<SignedReport> ReadSignedReport(std::string_view file) {
  ASSIGN_OR_RETURN(JsonValue parsed, ParseJson(file));
  const JsonValue* body = parsed.Find("report");
  const JsonValue* signature = parsed.Find("signature");
  if (body == nullptr || body->AsObject() == nullptr) return NotAReport("no report object");
  if (signature == nullptr || signature->AsObject() == nullptr) return NotAReport("no signature");
  SignedReport report;
  report.body = *body;
  report.body_bytes = CanonicalJson(*body);
  const JsonValue* algorithm = signature->Find("algorithm");
  const JsonValue* name = signature->Find("key_name");
  const JsonValue* key_id = signature->Find("key_id");
  const JsonValue* value = signature->Find("value");
  if (algorithm == nullptr || algorithm->AsString() == nullptr ||
      *algorithm->AsString() != "Ed25519") {
    return NotAReport("the signature is not Ed25519");
  }
  if (name == nullptr || name->AsString() == nullptr) return NotAReport("no key name");
  report.key_name = *name->AsString();
  if (key_id == nullptr || key_id->AsString() == nullptr || key_id->AsString()->size() != 8) {
    return NotAReport("no 8-digit key ID");
  }
  ASSIGN_OR_RETURN(Bytes id_bytes, HexDecode(*key_id->AsString()));
  for (uint8_t byte : id_bytes) report.key_id = (report.key_id << 8) | byte;
  if (value == nullptr || value->AsString() == nullptr) return NotAReport("no signature value");
  ASSIGN_OR_RETURN(report.signature, Base64Decode(*value->AsString()));
  if (report.signature.size() != kEd25519SignatureSize) {
    return NotAReport("the signature is not 64 bytes");
  }
  return report;
}

Status VerifyReportSignature(const SignedReport& report, const NoteVerifier& ledger_key) {
  if (report.key_name != ledger_key.key_name() || report.key_id != ledger_key.key_id()) {
    return Status(ErrorCode::BadSignature, "the report names key " + report.key_name + "+" +
                                               KeyIdHex(report.key_id) + ", not the ledger's key");
  }
  if (!ledger_key.public_key().Verify(AsBytes(SignedBytes(report.body_bytes)),
                                      ByteView(report.signature.data(), report.signature.size()))) {
    return Status(ErrorCode::BadSignature,
                  "the report's signature does not verify with the ledger key");
  }
  return Status::Ok();
}

}  // namespace crowdledger
