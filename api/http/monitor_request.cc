// The page's query and If-None-Match, parsed by hand: both are short and their grammars tiny.
#include "api/http/monitor_request.h"

namespace crowdledger::api::http {
namespace {

// What a refusal echoes of the request, at most.
constexpr size_t kEchoedBytes = 48;

bool IsOptionalWhitespace(char c) { return c == ' ' || c == '\t'; }

// RFC 9110 etagc: %x21 / %x23-7E / obs-text (%x80-FF).
bool IsEtagChar(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte == 0x21 || (byte >= 0x23 && byte != 0x7F);
}

std::string Echo(std::string_view text) {
  std::string echoed;
  for (char c : text.substr(0, kEchoedBytes)) {
    auto byte = static_cast<unsigned char>(c);
    echoed += byte >= 0x20 && byte < 0x7F ? c : '?';  // the answer is text: no control bytes
  }
  return text.size() > kEchoedBytes ? echoed + "..." : echoed;
}

}  // namespace

Result<ReportLanguage> ParsePageQuery(std::string_view query) {
  if (query.empty() || query == "lang=zh") return ReportLanguage::Chinese;
  if (query == "lang=en") return ReportLanguage::English;
  return Status(ErrorCode::InvalidArgument,
                "the page takes no query but lang=zh or lang=en, got '" + Echo(query) + "'");
}

std::string MonitorEtag(uint64_t tree_size, std::string_view root_base64) {
  constexpr size_t kRootCharacters = 12;
  return "\"" + std::to_string(tree_size) + "-" +
         std::string(root_base64.substr(0, kRootCharacters)) + "\"";
}

bool IfNoneMatchHits(std::string_view header, std::string_view etag) {
  // The opaque tag of `etag` itself (its quoted form, without a weakness prefix).
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  size_t at = 0;
  auto skip_separators = [&] {
    while (at < header.size() && (IsOptionalWhitespace(header[at]) || header[at] == ',')) ++at;
  };
  skip_separators();
  if (header.substr(at) == "*") return true;
  while (at < header.size()) {
    if (header.substr(at, 2) == "W/") at += 2;
    if (at >= header.size() || header[at] != '"') return false;  // malformed: no match
    size_t end = at + 1;
    while (end < header.size() && IsEtagChar(header[end])) ++end;
    if (end >= header.size() || header[end] != '"') return false;
    if (header.substr(at, end + 1 - at) == etag) return true;
    at = end + 1;
    while (at < header.size() && IsOptionalWhitespace(header[at])) ++at;
    if (at < header.size() && header[at] != ',') return false;
    skip_separators();
  }
  return false;
}

}  // namespace crowdledger::api::http
