// tlog-checkpoint text: strict parsing (no leading zeros, no empty lines, exact base64).
#include "crypto/checkpoint.h"

#include <charconv>

namespace crowdledger {
namespace {

Status Malformed(const std::string& what) {
  return Status(ErrorCode::Malformed, "checkpoint: " + what);
}

Result<uint64_t> ParseTreeSize(std::string_view line) {
  uint64_t size = 0;
  auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), size);
  if (error != std::errc() || end != line.data() + line.size() || line.empty() ||
      (line.size() > 1 && line[0] == '0')) {
    return Malformed("tree size '" + std::string(line) + "' is not a decimal number");
  }
  return size;
}

}  // namespace

std::string FormatCheckpointText(const Checkpoint& checkpoint) {
  std::string text = checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
                     Base64Encode(checkpoint.root) + "\n";
  for (const std::string& extension : checkpoint.extensions) text += extension + "\n";
  return text;
}

Result<Checkpoint> ParseCheckpointText(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    if (end == std::string_view::npos) return Malformed("text does not end in a newline");
    if (end == 0) return Malformed("empty line in checkpoint text");
    if (lines.size() == 3 + kMaxCheckpointExtensions) return Malformed("too many extension lines");
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  if (lines.size() < 3) return Malformed("fewer than three lines");
  Checkpoint checkpoint;
  checkpoint.origin = std::string(lines[0]);
  ASSIGN_OR_RETURN(checkpoint.size, ParseTreeSize(lines[1]));
  auto root = Base64Decode(lines[2]);
  if (!root.ok() || root->size() != checkpoint.root.size()) {
    return Malformed("root hash is not base64 of 32 bytes");
  }
  std::copy(root->begin(), root->end(), checkpoint.root.begin());
  for (size_t i = 3; i < lines.size(); ++i) checkpoint.extensions.emplace_back(lines[i]);
  return checkpoint;
}

Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, const NoteSigner& signer) {
  if (checkpoint.origin != signer.key_name()) {
    return Status(ErrorCode::InvalidArgument, "checkpoint origin '" + checkpoint.origin +
                                                  "' differs from key name '" + signer.key_name() +
                                                  "'");
  }
  return signer.Sign(FormatCheckpointText(checkpoint));
}

Result<Checkpoint> OpenCheckpoint(std::string_view note, const NoteVerifier& verifier) {
  ASSIGN_OR_RETURN(Note opened, verifier.Open(note));
  ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpointText(opened.text));
  if (checkpoint.origin != verifier.key_name()) {
    return Status(ErrorCode::WrongOrigin, "checkpoint origin '" + checkpoint.origin + "' is not '" +
                                              verifier.key_name() + "'");
  }
  return checkpoint;
}

}  // namespace crowdledger
