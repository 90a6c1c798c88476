// ContributionWriter: the helpers every operation's contribution uses: which scopes a figure
// counts in (the programme; the district and maker space of the party it concerns; the own
// scope of each fund, pool or platform acting), and the composite figures (an investment, a
// stake closed) that several operations add alike.
// Thread-safety: none; one per entry.
#pragma once

#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/reports/contributions.h"

namespace crowdledger {

// Heterogeneous lookup by string_view in the writer's and the facts' caches.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
};

// The scopes one figure is added to, each once, the programme first; with the main cells of
// one currency in them, found once: an entry of many pledges to one campaign adds to the
// same few cells many times.
struct ContributionTargets {
  std::vector<std::string> scopes;
  mutable std::string cells_currency;      // a cache: what `cells` were found for
  mutable std::vector<FigureCell*> cells;  // in the writer's delta, one per scope
};
using TargetsRef = std::reference_wrapper<const ContributionTargets>;

class ContributionWriter {
 public:
  ContributionWriter(ReportFacts& facts, ReportDelta& delta, std::span<const Movement> movements,
                     uint64_t sequence, int64_t time_us)
      : facts_(facts),
        delta_(delta),
        movements_(movements),
        sequence_(sequence),
        time_us_(time_us) {}

  ReportFacts& facts() { return facts_; }
  uint64_t sequence() const { return sequence_; }
  // The movements operation `index` made.
  std::vector<const Movement*> MovementsOf(uint32_t index) const;

  // The programme, the places of `subject` (its district; its maker space, or itself if it is
  // one) and the own scopes of the `actors` that have one. An empty subject has no places.
  Result<TargetsRef> Targets(std::string_view subject,
                             std::initializer_list<std::string_view> actors);
  // The own scope of `party`, or "" if parties of its kind have none.
  Result<std::string> OwnScope(std::string_view party);

  Status Add(const ContributionTargets& targets, std::string_view currency, ReportField field,
             int64_t value);
  Status AddCount(const ContributionTargets& targets, std::string_view currency, ReportField count,
                  ReportField amount, int64_t value);
  Status AddTo(const std::string& scope, std::string_view breakdown, std::string_view currency,
               ReportField field, int64_t value);
  void SetGauge(const std::string& scope, std::string_view currency, ReportGauge gauge,
                int64_t value);

  // `count` new stakes in `enterprise` costing `amount` in all, of `kind`. A `holder` with a
  // scope of its own also gets them in its breakdowns (by district, maker space, enterprise).
  Status AddInvestment(const ContributionTargets& targets, std::string_view enterprise,
                       std::string_view holder, schema::InvestmentKind kind,
                       std::string_view currency, int64_t count, int64_t amount);
  // A stake in `enterprise` held by `holder` closed with its whole realised result.
  Status AddStakeClosed(const ContributionTargets& targets, std::string_view enterprise,
                        std::string_view holder, std::string_view currency, Amount realised);

 private:
  ReportFacts& facts_;
  ReportDelta& delta_;
  std::span<const Movement> movements_;
  uint64_t sequence_;
  int64_t time_us_;
  // By "<subject>/<actor>/<actor>...": handles never contain '/'.
  std::unordered_map<std::string, ContributionTargets, StringHash, std::equal_to<>> targets_;
};

}  // namespace crowdledger
