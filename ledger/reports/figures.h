// Figures: a set of report figures, as kept in one report bucket or summed for a report.
// Figures live in cells, one per (breakdown, currency): the main cell has an empty breakdown;
// a breakdown cell ("district:<d>", "maker-space:<m>", "enterprise:<e>") splits a few
// figures of a fund's report. Amounts of different currencies are never added together; the
// cells without currency hold counts that have none (registrations). A cell also holds
// gauges: values of which the latest set one counts (by entry sequence), not the sum.
// Sums are kept in 128 bits: a bucket adds at most 4,096 entries of 8,190 operations of
// 64-bit amounts (below 2^88), so keeping the figures never refuses a transaction; a report
// that would show a figure beyond 64 bits fails with Overflow instead of showing it wrong.
// Thread-safety: plain value.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "crypto/status.h"
#include "ledger/reports/report_fields.h"

namespace crowdledger {

struct FigureGauge {
  uint64_t sequence = 0;  // the entry that set it
  int64_t value = 0;
  bool present = false;
};

__extension__ using FigureSum = __int128;

struct FigureCell {
  std::array<FigureSum, kReportFieldSlots> values{};
  std::array<FigureGauge, kReportGaugeSlots> gauges{};

  FigureSum Get(ReportField field) const { return values[FieldId(field)]; }
  // Overflow (and no change) if the sum does not fit in 128 bits.
  Status Add(ReportField field, int64_t value);
  bool empty() const;
};

// (breakdown, currency)
using FigureCellKey = std::pair<std::string, std::string>;

class Figures {
 public:
  Status Add(std::string_view breakdown, std::string_view currency, ReportField field,
             int64_t value);
  void SetGauge(std::string_view currency, ReportGauge gauge, uint64_t sequence, int64_t value);
  // Adds every figure of `other`; a gauge takes the value set by the later entry.
  Status Merge(const Figures& other);

  // The cell, or an empty one.
  const FigureCell& Cell(std::string_view breakdown, std::string_view currency) const;
  // The cell, created empty if absent; it stays where it is as other cells are added.
  FigureCell& MutableCell(std::string_view breakdown, std::string_view currency);
  const std::map<FigureCellKey, FigureCell>& cells() const { return cells_; }
  // No figure and no gauge (a cell can exist with nothing in it yet).
  bool empty() const;

  // Record layout (docs/reports.md): version, then the non-empty cells in key order, each
  // with its non-zero values (64 bits, or 128 when they need it) and its gauges.
  std::string Encode() const;
  static Result<Figures> Decode(std::string_view bytes);

 private:
  std::map<FigureCellKey, FigureCell> cells_;
};

}  // namespace crowdledger
