// Tile paths: the strict parser of the spec's N, L and W forms.
#include "api/http/tile_path.h"

#include <vector>

namespace crowdledger::api::http {
namespace {

Status Invalid(const std::string& why) { return Status(ErrorCode::InvalidArgument, why); }

bool IsDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A decimal number with no leading zeros, at most `max`.
Result<uint32_t> ParseSmallDecimal(std::string_view text, uint32_t max, const char* what) {
  if (!IsDigits(text) || text.size() > 3 || (text.size() > 1 && text[0] == '0')) {
    return Invalid(std::string(what) + " must be a decimal number with no leading zeros");
  }
  uint32_t value = 0;
  for (char c : text) value = value * 10 + static_cast<uint32_t>(c - '0');
  if (value > max) return Invalid(std::string(what) + " " + std::string(text) + " is too large");
  return value;
}

std::vector<std::string_view> Split(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = text.find('/', start);
    parts.push_back(text.substr(start, slash - start));
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

// 2^64 - 1 has 20 digits: at most 7 elements of 3.
constexpr size_t kMaxIndexElements = 7;

Result<uint64_t> ParseIndex(const std::vector<std::string_view>& elements) {
  if (elements.empty() || elements.size() > kMaxIndexElements) {
    return Invalid("the tile index must have 1 to 7 path elements");
  }
  uint64_t value = 0;
  for (size_t i = 0; i < elements.size(); ++i) {
    std::string_view element = elements[i];
    bool last = i + 1 == elements.size();
    if (!last) {
      if (element.size() != 4 || element[0] != 'x') {
        return Invalid("every tile index element but the last is 'x' and 3 digits");
      }
      element.remove_prefix(1);
    }
    if (element.size() != 3 || !IsDigits(element)) {
      return Invalid("a tile index element must be 3 digits");
    }
    if (i == 0 && !last && element == "000") {
      return Invalid("a tile index must not start with an all-zero element");
    }
    uint64_t digits = 0;
    for (char c : element) digits = digits * 10 + static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digits) / 1000) return Invalid("the tile index is too large");
    value = value * 1000 + digits;
  }
  return value;
}

// "<N>[.p/<W>]" split into path elements.
Result<TilePath> ParseIndexAndWidth(std::vector<std::string_view> elements) {
  TilePath tile;
  // A partial tile's suffix: the last index element ends with ".p", and W follows.
  if (elements.size() >= 2 && elements[elements.size() - 2].ends_with(".p")) {
    ASSIGN_OR_RETURN(tile.width,
                     ParseSmallDecimal(elements.back(), kTileWidth - 1, "the tile width"));
    if (tile.width == 0) return Invalid("a partial tile's width must be 1 to 255");
    elements.pop_back();
    elements.back().remove_suffix(2);
  }
  ASSIGN_OR_RETURN(tile.index, ParseIndex(elements));
  return tile;
}

}  // namespace

Result<TilePath> ParseTilePath(std::string_view path) {
  std::vector<std::string_view> elements = Split(path);
  if (elements.size() < 2) return Invalid("a tile path is tile/<L>/<N>[.p/<W>]");
  bool entries = elements[0] == "entries";
  uint32_t level = 0;
  if (!entries) {
    ASSIGN_OR_RETURN(level, ParseSmallDecimal(elements[0], kMaxTileLevel, "the tile level"));
  }
  elements.erase(elements.begin());
  ASSIGN_OR_RETURN(TilePath tile, ParseIndexAndWidth(std::move(elements)));
  tile.entries = entries;
  tile.level = level;
  return tile;
}

Result<TilePath> ParseBundlePath(std::string_view path) {
  ASSIGN_OR_RETURN(TilePath tile, ParseIndexAndWidth(Split(path)));
  tile.entries = true;
  return tile;
}

std::string FormatTileIndex(uint64_t index) {
  std::vector<std::string> elements;
  do {
    std::string element = std::to_string(index % 1000);
    elements.push_back(std::string(3 - element.size(), '0') + element);
    index /= 1000;
  } while (index > 0);
  std::string path;
  for (size_t i = elements.size(); i-- > 0;) {
    if (i > 0) path += 'x';
    path += elements[i];
    if (i > 0) path += '/';
  }
  return path;
}

}  // namespace crowdledger::api::http
