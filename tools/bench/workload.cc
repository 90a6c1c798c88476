// The benchmark workloads: which operations each transaction carries.
#include "tools/bench/workload.h"

#include <algorithm>
#include <array>

namespace crowdledger::bench {

std::optional<Workload> ParseWorkload(std::string_view name) {
  if (name == "single") return Workload::Single;
  if (name == "large") return Workload::Large;
  if (name == "mixed") return Workload::Mixed;
  if (name == "hot") return Workload::Hot;
  return std::nullopt;
}

const char* WorkloadName(Workload workload) {
  switch (workload) {
    case Workload::Single:
      return "single";
    case Workload::Large:
      return "large";
    case Workload::Mixed:
      return "mixed";
    case Workload::Hot:
      return "hot";
  }
  return "unknown";
}

uint32_t DefaultPledgesPerTransaction(Workload workload) {
  return workload == Workload::Large ? 1'000 : 1;
}

std::string Investor(uint64_t index) { return "bench-investor-" + std::to_string(index); }
std::string Campaign(int index) { return "bench-c" + std::to_string(index); }
std::string Angel(int index) { return "bench-angel-" + std::to_string(index); }

WorkloadPlan::WorkloadPlan(Workload workload, uint32_t pledges_per_transaction, uint64_t investors)
    : workload_(workload),
      pledges_per_transaction_(std::max(1u, pledges_per_transaction)),
      investors_(std::max<uint64_t>(4, investors)) {}

std::string WorkloadPlan::RandomInvestor(std::mt19937_64& random) const {
  return Investor(random() % investors_);
}

PlannedTransaction WorkloadPlan::Transaction(uint64_t sequence, std::mt19937_64& random) const {
  if (workload_ == Workload::Mixed) return MixedTransaction(sequence, random);
  return Pledges(pledges_per_transaction_, random);
}

PlannedTransaction WorkloadPlan::Pledges(uint32_t count, std::mt19937_64& random) const {
  PlannedTransaction transaction{kPlatform, {}};
  transaction.operations.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    int campaign = static_cast<int>(random() % kCampaigns);
    // Hot: most pledges to campaign 0, the rest spread over the others.
    if (workload_ == Workload::Hot) {
      campaign = static_cast<int>(random() % 100) < kHotSharePercent
                     ? 0
                     : 1 + static_cast<int>(random() % (kCampaigns - 1));
    }
    PlannedOperation pledge;
    pledge.kind = PlannedOperation::Kind::Pledge;
    pledge.campaign = Campaign(campaign);
    pledge.party = RandomInvestor(random);
    pledge.amount = kPledgeAmount;
    transaction.operations.push_back(std::move(pledge));
  }
  return transaction;
}

PlannedTransaction WorkloadPlan::MixedTransaction(uint64_t sequence,
                                                  std::mt19937_64& random) const {
  using Kind = PlannedOperation::Kind;
  switch (sequence % kMixedCycle) {
    case 7:
      return CampaignRound(sequence, random);
    case 8: {
      PlannedOperation investment;
      investment.kind = Kind::RecordInvestment;
      investment.instrument = "mix-stake-" + std::to_string(sequence);
      investment.party = kStartup;
      investment.amount = kInvestmentAmount;
      investment.shares = kInvestmentShares;
      return {Angel(static_cast<int>(random() % kAngels)), {investment}};
    }
    case 9: {
      PlannedOperation loan;
      loan.kind = Kind::DisburseLoan;
      loan.instrument = "mix-loan-" + std::to_string(sequence);
      loan.party = kStartup;
      loan.amount = kLoanPrincipal;
      return {kBank, {loan}};
    }
    default:
      return Pledges(1, random);
  }
}

// Open, three pledges (the cap), one cancelled, a fourth that fills the cap again, close.
PlannedTransaction WorkloadPlan::CampaignRound(uint64_t sequence, std::mt19937_64& random) const {
  using Kind = PlannedOperation::Kind;
  std::string campaign = "mix-c-" + std::to_string(sequence);
  std::array<std::string, 4> investors;
  for (size_t i = 0; i < investors.size(); ++i) {
    do {
      investors[i] = RandomInvestor(random);
    } while (std::find(investors.begin(), investors.begin() + static_cast<std::ptrdiff_t>(i),
                       investors[i]) != investors.begin() + static_cast<std::ptrdiff_t>(i));
  }
  PlannedTransaction round{kPlatform, {}};
  PlannedOperation open;
  open.kind = Kind::OpenCampaign;
  open.campaign = campaign;
  open.party = kStartup;
  round.operations.push_back(open);
  auto pledge = [&](const std::string& investor) {
    PlannedOperation op;
    op.kind = Kind::Pledge;
    op.campaign = campaign;
    op.party = investor;
    op.amount = kPledgeAmount;
    round.operations.push_back(std::move(op));
  };
  for (size_t i = 0; i < 3; ++i) pledge(investors[i]);
  PlannedOperation cancel;
  cancel.kind = Kind::CancelPledge;
  cancel.campaign = campaign;
  cancel.party = investors[2];
  round.operations.push_back(cancel);
  pledge(investors[3]);
  PlannedOperation close;
  close.kind = Kind::CloseCampaign;
  close.campaign = campaign;
  round.operations.push_back(close);
  return round;
}

}  // namespace crowdledger::bench
