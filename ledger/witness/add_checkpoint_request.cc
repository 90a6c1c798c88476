// add-checkpoint request bodies, parsed strictly line by line.
#include "ledger/witness/add_checkpoint_request.h"

#include <algorithm>
#include <charconv>

namespace crowdledger {
namespace {

Status Bad(const std::string& what) {
  return Status(ErrorCode::Malformed, "add-checkpoint request: " + what);
}

// Splits off the next line (without its '\n'); false when no '\n' is left.
bool NextLine(std::string_view& text, std::string_view& line) {
  size_t end = text.find('\n');
  if (end == std::string_view::npos) return false;
  line = text.substr(0, end);
  text.remove_prefix(end + 1);
  return true;
}

// An ASCII decimal with no leading zeros ("0" itself is allowed).
Result<uint64_t> OldSize(std::string_view line) {
  constexpr std::string_view kPrefix = "old ";
  if (!line.starts_with(kPrefix)) return Bad("the first line is not 'old <size>'");
  std::string_view digits = line.substr(kPrefix.size());
  uint64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
      (digits.size() > 1 && digits[0] == '0') || digits[0] == '+' || digits[0] == '-') {
    return Bad("the old size is not a decimal number without leading zeros");
  }
  return value;
}

Result<Hash> ProofHash(std::string_view line, size_t number) {
  auto bytes = Base64Decode(line);
  if (!bytes.ok() || bytes->size() != sizeof(Hash)) {
    return Bad("consistency proof line " + std::to_string(number) +
               " is not a base64 SHA-256 hash");
  }
  Hash hash;
  std::copy(bytes->begin(), bytes->end(), hash.begin());
  return hash;
}

}  // namespace

Result<AddCheckpointRequest> ParseAddCheckpointRequest(std::string_view body) {
  if (body.size() > kMaxAddCheckpointBytes) {
    return Status(ErrorCode::LimitExceeded, "add-checkpoint request of " +
                                                std::to_string(body.size()) + " bytes exceeds " +
                                                std::to_string(kMaxAddCheckpointBytes));
  }
  AddCheckpointRequest request;
  std::string_view line;
  if (!NextLine(body, line)) return Bad("no old size line");
  ASSIGN_OR_RETURN(request.old_size, OldSize(line));
  while (true) {
    if (!NextLine(body, line)) return Bad("no empty line before the checkpoint");
    if (line.empty()) break;
    if (request.proof.size() == kMaxAddCheckpointProofLines) {
      return Bad("more than " + std::to_string(kMaxAddCheckpointProofLines) +
                 " consistency proof lines");
    }
    ASSIGN_OR_RETURN(Hash hash, ProofHash(line, request.proof.size() + 1));
    request.proof.push_back(hash);
  }
  if (body.empty()) return Bad("the checkpoint is missing");
  request.checkpoint = body;
  return request;
}

std::string FormatAddCheckpointRequest(const AddCheckpointRequest& request) {
  std::string body = "old " + std::to_string(request.old_size) + "\n";
  for (const Hash& hash : request.proof) body += Base64Encode(hash) + "\n";
  body += "\n";
  body += request.checkpoint;
  return body;
}

}  // namespace crowdledger
