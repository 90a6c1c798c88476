// The report contributions of one applied entry: what each of its operations adds to the
// figures of each scope (docs/reports.md lists them). This is THE function: the apply path
// calls it to keep the report buckets up to date, and a report as of a tree size inside a
// block calls it again on the entries of that block, with the same facts (report_facts.h),
// so the two can never disagree.
// Thread-safety: none.
#pragma once

#include <map>
#include <span>
#include <string>

#include "ledger/reports/figures.h"
#include "ledger/reports/report_facts.h"

namespace crowdledger {

// Contributions by scope ("programme", "party:<handle>", ...).
class ReportDelta {
 public:
  Figures& For(const std::string& scope) { return scopes_[scope]; }
  const std::map<std::string, Figures>& scopes() const { return scopes_; }

 private:
  std::map<std::string, Figures> scopes_;
};

// Adds the contributions of the entry (`transaction` as applied, with the `movements` its
// outcome records) to `delta`.
Status AddEntryContributions(ReportFacts& facts, const schema::Transaction& transaction,
                             std::span<const Movement> movements, uint64_t sequence,
                             int64_t time_us, ReportDelta& delta);

// A seed-stage enterprise is at most this old when invested in: the policy's "成立不超过3年
// 种子期" (3 years). The adjustable SeedStageAgeDays parameter governs matching, not this
// statistic, so that a figure never depends on a parameter changed later.
inline constexpr int64_t kSeedStageDays = 1'095;

}  // namespace crowdledger
