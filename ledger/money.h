// Amount: money in integer minor units (fen for CNY) with checked arithmetic, and basis-point
// ratios with the ledger's one rounding rule: toward zero, so that a payer never pays more
// than the rule allows. No floating point anywhere near money.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crowdledger {

// 10000 basis points are 100%.
inline constexpr int64_t kBasisPointsWhole = 10'000;

class Amount {
 public:
  constexpr Amount() = default;
  static constexpr Amount FromMinorUnits(int64_t units) { return Amount(units); }

  constexpr int64_t minor_units() const { return units_; }
  constexpr bool is_negative() const { return units_ < 0; }
  constexpr bool is_zero() const { return units_ == 0; }

  // nullopt on overflow.
  std::optional<Amount> CheckedAdd(Amount other) const {
    int64_t sum = 0;
    if (__builtin_add_overflow(units_, other.units_, &sum)) return std::nullopt;
    return Amount(sum);
  }
  std::optional<Amount> CheckedSubtract(Amount other) const {
    int64_t difference = 0;
    if (__builtin_sub_overflow(units_, other.units_, &difference)) return std::nullopt;
    return Amount(difference);
  }
  // amount * numerator / denominator, rounded toward zero, computed in 128 bits.
  std::optional<Amount> CheckedScale(int64_t numerator, int64_t denominator) const {
    if (denominator <= 0) return std::nullopt;
    __extension__ using Wide = __int128;  // GCC/Clang 128-bit integer: no overflow in between
    Wide product = static_cast<Wide>(units_) * numerator / denominator;
    if (product > INT64_MAX || product < INT64_MIN) return std::nullopt;
    return Amount(static_cast<int64_t>(product));
  }
  std::optional<Amount> CheckedBasisPoints(int64_t basis_points) const {
    return CheckedScale(basis_points, kBasisPointsWhole);
  }

  // clang-tidy 14 misreads a defaulted <=> as a literal zero pointer.
  // NOLINTNEXTLINE(modernize-use-nullptr)
  constexpr auto operator<=>(const Amount&) const = default;

 private:
  constexpr explicit Amount(int64_t units) : units_(units) {}
  int64_t units_ = 0;
};

// ISO 4217 alphabetic code: exactly three upper-case ASCII letters.
inline bool IsValidCurrency(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

}  // namespace crowdledger
