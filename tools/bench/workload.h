// The benchmark workloads, described once and carried by both load generators: `crowdledger
// bench` (signed transactions through the binary API) and `crowdledger_pg_bench` (the same
// transactions as SQL on PostgreSQL), so that the comparison runs the same operations per
// transaction on both sides. A plan is pure: the transaction for a sequence number and a random
// source, with no clock, no I/O and no money arithmetic beyond the constants below.
//
// Thread-safety: a WorkloadPlan is immutable after construction; Transaction() may be called
// from any thread, each with its own random source.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace crowdledger::bench {

enum class Workload : uint8_t {
  Single,  // K pledges per transaction (default 1) by random investors to random campaigns
  Large,   // the same with K = 1,000 by default
  Mixed,   // a day of a platform: campaigns opened, pledges, cancellations, closes,
           // angel investments matched by a seed fund, bank loans (see kMixedCycle)
  Hot,     // as Single, but kHotSharePercent of the pledges go to one campaign
};

std::optional<Workload> ParseWorkload(std::string_view name);
const char* WorkloadName(Workload workload);
// Pledges per transaction when --ops-per-tx is not given (Mixed has its own shapes).
uint32_t DefaultPledgesPerTransaction(Workload workload);

// The parties and amounts both systems start from (amounts in fen).
inline constexpr int kCampaigns = 20;
inline constexpr char kPlatform[] = "bench-platform";
inline constexpr char kEnterprise[] = "bench-enterprise";
inline constexpr int64_t kInvestorCash = 1'000'000'000;
inline constexpr int64_t kPledgeAmount = 1;
inline constexpr uint32_t kCampaignMaxInvestors = 100'000;
inline constexpr int kHotSharePercent = 90;
// Mixed only: a young enterprise that qualifies for matching, angels, a seed fund with a
// 1:1 matching rule, and a bank.
inline constexpr char kStartup[] = "bench-startup";
inline constexpr int64_t kStartupAgeDays = 100;
inline constexpr int kAngels = 10;
inline constexpr int64_t kAngelCash = 1'000'000'000'000;
inline constexpr char kSeedFund[] = "bench-seed-fund";
inline constexpr char kMatchingRule[] = "bench-match";
inline constexpr uint32_t kMatchingRatioBp = 10'000;
inline constexpr uint32_t kMatchingMaxAgeDays = 3'650;
inline constexpr int64_t kMatchingBudget = 10'000'000'000'000;
inline constexpr int64_t kSeedFundCash = kMatchingBudget;
inline constexpr char kBank[] = "bench-bank";
inline constexpr int64_t kBankCash = 100'000'000'000'000;
inline constexpr int64_t kInvestmentAmount = 100'000;
inline constexpr int64_t kInvestmentShares = 100;
inline constexpr int64_t kLoanPrincipal = 1'000'000;
inline constexpr uint32_t kLoanRateBp = 435;
inline constexpr int64_t kLoanTermDays = 365;
// A mixed "campaign round" opens an equity campaign whose goal is its hard cap, so that the
// platform may close it as soon as it is full: kRoundCap pledges of kPledgeAmount.
inline constexpr int64_t kRoundCap = 3;
inline constexpr int64_t kRoundEquityShares = 1'000;
inline constexpr uint32_t kRoundMaxInvestors = 100;
// The mixed day repeats every kMixedCycle transactions: 7 single pledges, one campaign round
// (open, 3 pledges, a cancellation, a pledge that fills it, close: stakes and a match), one
// angel investment (matched) and one loan. 16 operations per cycle.
inline constexpr uint64_t kMixedCycle = 10;

std::string Investor(uint64_t index);
std::string Campaign(int index);
std::string Angel(int index);

struct PlannedOperation {
  enum class Kind : uint8_t {
    Pledge,         // campaign, party = investor, amount
    CancelPledge,   // campaign, party = investor
    OpenCampaign,   // campaign (a round: equity, goal = hard cap = kRoundCap), party = enterprise
    CloseCampaign,  // campaign
    RecordInvestment,  // instrument = stake, party = enterprise, amount, shares
    DisburseLoan,      // instrument = loan, party = borrower, amount = principal
  };
  Kind kind = Kind::Pledge;
  std::string campaign;
  std::string party;
  std::string instrument;
  int64_t amount = 0;
  int64_t shares = 0;
};

struct PlannedTransaction {
  std::string submitter;  // also the investor of a RecordInvestment, the lender of a loan
  std::vector<PlannedOperation> operations;
};

class WorkloadPlan {
 public:
  // `pledges_per_transaction` is for Single, Large and Hot; `investors` >= 4 (a round needs 4).
  WorkloadPlan(Workload workload, uint32_t pledges_per_transaction, uint64_t investors);

  // The transaction with this sequence number, which is unique within a run (and across the
  // runs on one ledger or database): the names of what it creates are derived from it.
  PlannedTransaction Transaction(uint64_t sequence, std::mt19937_64& random) const;

  Workload workload() const { return workload_; }

 private:
  PlannedTransaction Pledges(uint32_t count, std::mt19937_64& random) const;
  PlannedTransaction MixedTransaction(uint64_t sequence, std::mt19937_64& random) const;
  PlannedTransaction CampaignRound(uint64_t sequence, std::mt19937_64& random) const;
  std::string RandomInvestor(std::mt19937_64& random) const;

  Workload workload_;
  uint32_t pledges_per_transaction_;
  uint64_t investors_;
};

}  // namespace crowdledger::bench
