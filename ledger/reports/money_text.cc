// Yuan and percentages from integers, with no floating point.
#include "ledger/reports/money_text.h"

namespace crowdledger {
namespace {

// Whole units and hundredths of |value| / 100, as text; the magnitude is taken unsigned so
// that the most negative 64-bit value has one too.
std::string Hundredths(int64_t value, bool thousands_separators) {
  uint64_t magnitude =
      value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude / 100);
  uint64_t cents = magnitude % 100;
  std::string out = value < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    // A separator before every group of three digits counted from the right.
    if (thousands_separators && i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out += '.';
  out += static_cast<char>('0' + cents / 10);
  out += static_cast<char>('0' + cents % 10);
  return out;
}

}  // namespace

std::string YuanFromFen(int64_t fen, bool thousands_separators) {
  return Hundredths(fen, thousands_separators);
}

std::string PercentFromBasisPoints(int64_t basis_points) {
  return Hundredths(basis_points, false) + "%";
}

}  // namespace crowdledger
