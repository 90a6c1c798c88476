// AuditorState: the auditor's state file, formatted and parsed strictly.
#include "ledger/audit/auditor_state.h"

#include <bit>
#include <charconv>

namespace crowdledger {
namespace {

constexpr std::string_view kHeader = "crowdledger-auditor-state 1";

Status Bad(const std::string& what) {
  return Status(ErrorCode::Malformed, "auditor state file: " + what);
}

// Splits off the next line (without its '\n'); false at the end or on a missing '\n'.
bool NextLine(std::string_view& text, std::string_view& line) {
  size_t end = text.find('\n');
  if (end == std::string_view::npos) return false;
  line = text.substr(0, end);
  text.remove_prefix(end + 1);
  return true;
}

Result<std::string_view> Field(std::string_view& text, std::string_view name) {
  std::string_view line;
  if (!NextLine(text, line) || !line.starts_with(name) || line.size() <= name.size() ||
      line[name.size()] != ' ') {
    std::string expected = "expected the line '";  // built in steps: GCC 12 misreads a '+' chain
    expected.append(name).append(" ...'");
    return Bad(expected);
  }
  return line.substr(name.size() + 1);
}

template <typename Integer>
Result<Integer> Number(std::string_view text, std::string_view name) {
  Integer value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() ||
      (text.size() > 1 && text[0] == '0') || text[0] == '-' || text[0] == '+') {
    std::string message(name);  // in steps: GCC 12 misreads the '+' chain (-Warray-bounds)
    message += " is not a decimal number";
    return Bad(message);
  }
  return value;
}

Result<Hash> HashField(std::string_view text, std::string_view name) {
  auto bytes = Base64Decode(text);
  if (!bytes.ok() || bytes->size() != sizeof(Hash)) {
    std::string message(name);
    message += " is not a base64 SHA-256 hash";
    return Bad(message);
  }
  Hash hash;
  std::copy(bytes->begin(), bytes->end(), hash.begin());
  return hash;
}

}  // namespace

std::string FormatAuditorState(const AuditorState& state) {
  std::string text(kHeader);
  text += "\norigin " + state.origin + "\nverifier " + state.verifier_key + "\nsize " +
          std::to_string(state.size) + "\nroot " + Base64Encode(state.root) + "\n";
  for (const Hash& hash : state.frontier) text += "frontier " + Base64Encode(hash) + "\n";
  if (state.state_digest) text += "state " + Base64Encode(*state.state_digest) + "\n";
  text += "verified " + std::to_string(state.verified_at_us) + "\ncheckpoint\n" + state.checkpoint;
  return text;
}

Result<AuditorState> ParseAuditorState(std::string_view text) {
  std::string_view line;
  if (!NextLine(text, line) || line != kHeader) return Bad("not a crowdledger auditor state");
  AuditorState state;
  ASSIGN_OR_RETURN(std::string_view origin, Field(text, "origin"));
  ASSIGN_OR_RETURN(std::string_view verifier, Field(text, "verifier"));
  ASSIGN_OR_RETURN(std::string_view size, Field(text, "size"));
  ASSIGN_OR_RETURN(std::string_view root, Field(text, "root"));
  state.origin = origin;
  state.verifier_key = verifier;
  ASSIGN_OR_RETURN(state.size, Number<uint64_t>(size, "size"));
  ASSIGN_OR_RETURN(state.root, HashField(root, "root"));
  for (int i = 0; i < std::popcount(state.size); ++i) {
    ASSIGN_OR_RETURN(std::string_view hash, Field(text, "frontier"));
    ASSIGN_OR_RETURN(Hash value, HashField(hash, "frontier"));
    state.frontier.push_back(value);
  }
  if (text.starts_with("state ")) {
    ASSIGN_OR_RETURN(std::string_view digest, Field(text, "state"));
    ASSIGN_OR_RETURN(state.state_digest, HashField(digest, "state"));
  }
  ASSIGN_OR_RETURN(std::string_view verified, Field(text, "verified"));
  ASSIGN_OR_RETURN(state.verified_at_us, Number<int64_t>(verified, "verified"));
  if (!NextLine(text, line) || line != "checkpoint") return Bad("expected the line 'checkpoint'");
  if (text.empty()) return Bad("the checkpoint is missing");
  state.checkpoint = text;
  return state;
}

}  // namespace crowdledger
