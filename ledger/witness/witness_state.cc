// WitnessState: the witness's state file, formatted and parsed strictly.
#include "ledger/witness/witness_state.h"

#include <algorithm>
#include <charconv>

#include "crypto/signed_note.h"

namespace crowdledger {
namespace {

constexpr std::string_view kHeader = "crowdledger-witness-state 1";
constexpr std::string_view kLogPrefix = "log ";

Status Bad(size_t line_number, const std::string& what) {
  return Status(ErrorCode::Malformed,
                "witness state file, line " + std::to_string(line_number) + ": " + what);
}

Result<uint64_t> Size(std::string_view text, size_t line_number) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      (text.size() > 1 && text[0] == '0') || text[0] == '+' || text[0] == '-') {
    return Bad(line_number, "the tree size is not a decimal number without leading zeros");
  }
  return value;
}

// "log <origin> <size> <root>" into `state`.
Status ParseLogLine(std::string_view line, size_t line_number, WitnessState& state) {
  if (!line.starts_with(kLogPrefix))
    return Bad(line_number, "expected 'log <origin> <size> <root>'");
  line.remove_prefix(kLogPrefix.size());
  size_t first = line.find(' ');
  size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
  if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos) {
    return Bad(line_number, "expected 'log <origin> <size> <root>'");
  }
  std::string origin(line.substr(0, first));
  if (!IsValidNoteKeyName(origin)) return Bad(line_number, "invalid origin '" + origin + "'");
  if (!state.logs.empty() && origin <= state.logs.rbegin()->first) {
    return Bad(line_number, "origin '" + origin + "' is out of order or repeated");
  }
  if (state.logs.size() == kMaxWitnessedLogs) {
    return Bad(line_number, "more than " + std::to_string(kMaxWitnessedLogs) + " logs");
  }
  WitnessedTree tree;
  ASSIGN_OR_RETURN(tree.size, Size(line.substr(first + 1, second - first - 1), line_number));
  auto root = Base64Decode(line.substr(second + 1));
  if (!root.ok() || root->size() != sizeof(Hash)) {
    return Bad(line_number, "the root of '" + origin + "' is not a base64 SHA-256 hash");
  }
  std::copy(root->begin(), root->end(), tree.root.begin());
  state.logs.emplace(std::move(origin), tree);
  return Status::Ok();
}

}  // namespace

std::string FormatWitnessState(const WitnessState& state) {
  std::string text(kHeader);
  text += '\n';
  for (const auto& [origin, tree] : state.logs) {
    text.append(kLogPrefix).append(origin).append(" ").append(std::to_string(tree.size));
    text.append(" ").append(Base64Encode(tree.root)).append("\n");
  }
  return text;
}

Result<WitnessState> ParseWitnessState(std::string_view text) {
  WitnessState state;
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    size_t end = text.find('\n');
    if (end == std::string_view::npos)
      return Bad(line_number, "the line does not end in a newline");
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    if (line_number == 1) {
      if (line != kHeader)
        return Bad(1, "not a crowdledger witness state (expected '" + std::string(kHeader) + "')");
      continue;
    }
    RETURN_IF_ERROR(ParseLogLine(line, line_number, state));
  }
  if (line_number == 0) return Bad(1, "the file is empty");
  return state;
}

}  // namespace crowdledger
