// Amounts and ratios as text, by integer arithmetic only: fen shown as yuan with two
// decimals ("-1,234.56" with separators, "-1234.56" without), basis points as a percentage
// with two decimals ("12.34%").
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace crowdledger {

std::string YuanFromFen(int64_t fen, bool thousands_separators);
std::string PercentFromBasisPoints(int64_t basis_points);

}  // namespace crowdledger
