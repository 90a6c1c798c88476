// The benchmark workloads as signed Crowdledger transactions.
#include "tools/bench/signed_workload.h"

#include "crypto/sha256.h"

namespace crowdledger::tool {
namespace {

using bench::PlannedOperation;
constexpr int64_t kDayUs = 86'400'000'000;
constexpr int64_t kSecondUs = 1'000'000;
constexpr uint64_t kInvestorsPerSetupTransaction = 1'000;

// Whether a registration was new (true) or done by an earlier run on this ledger (false).
Result<bool> Registered(const Status& status) {
  if (status.ok()) return true;
  if (status.code() == ErrorCode::AlreadyExists) return false;
  return status;
}

// A step that an earlier run may have done.
Status Done(const Status& status) {
  return status.code() == ErrorCode::AlreadyExists ? Status::Ok() : status;
}

Status SetUpMixed(int64_t now_us, const SetupStep& step) {
  ASSIGN_OR_RETURN(
      bool registered,
      Registered(step(
          "authority",
          [now_us](auto& b) {
            b.RegisterParty(bench::kStartup, schema::PartyKind::Enterprise,
                            now_us - bench::kStartupAgeDays * kDayUs);
            for (int i = 0; i < bench::kAngels; ++i) {
              b.RegisterParty(bench::Angel(i), schema::PartyKind::Angel)
                  .RegisterKey(bench::Angel(i), 1, BenchKey(bench::Angel(i)).public_key(),
                               schema::Role::Post);
            }
            b.RegisterParty(bench::kSeedFund, schema::PartyKind::SeedFund)
                .RegisterKey(bench::kSeedFund, 1, BenchKey(bench::kSeedFund).public_key(),
                             schema::Role::Post)
                .RegisterParty(bench::kBank, schema::PartyKind::Bank)
                .RegisterKey(bench::kBank, 1, BenchKey(bench::kBank).public_key(),
                             schema::Role::Post);
          },
          "registering the mixed workload's parties")));
  if (!registered) return Status::Ok();
  RETURN_IF_ERROR(step(
      bench::kPlatform,
      [](auto& b) {
        for (int i = 0; i < bench::kAngels; ++i)
          b.Deposit(bench::Angel(i), "CNY", bench::kAngelCash);
        b.Deposit(bench::kSeedFund, "CNY", bench::kSeedFundCash)
            .Deposit(bench::kBank, "CNY", bench::kBankCash);
      },
      "depositing for the mixed workload"));
  return step(
      bench::kSeedFund,
      [](auto& b) {
        api::TransactionBuilder::MatchingTerms terms;
        terms.fund = bench::kSeedFund;
        terms.rule = bench::kMatchingRule;
        terms.ratio_bp = bench::kMatchingRatioBp;
        terms.per_enterprise_cap = bench::kMatchingBudget;
        terms.budget = bench::kMatchingBudget;
        terms.max_enterprise_age_days = bench::kMatchingMaxAgeDays;
        b.SetMatchingRule(terms);
      },
      "setting the matching rule");
}

void AddOperation(api::TransactionBuilder& builder, const std::string& submitter,
                  const PlannedOperation& op, int64_t now_us) {
  switch (op.kind) {
    case PlannedOperation::Kind::Pledge:
      builder.Pledge(op.campaign, op.party, op.amount);
      return;
    case PlannedOperation::Kind::CancelPledge:
      builder.CancelPledge(op.campaign, op.party);
      return;
    case PlannedOperation::Kind::OpenCampaign: {
      api::TransactionBuilder::CampaignTerms terms;
      terms.campaign = op.campaign;
      terms.platform = submitter;
      terms.enterprise = op.party;
      terms.kind = schema::CampaignKind::Equity;
      terms.goal = terms.hard_cap = bench::kRoundCap;
      terms.min_pledge = bench::kPledgeAmount;
      terms.opens_us = now_us - kSecondUs;
      terms.closes_us = terms.cancel_cutoff_us = now_us + 365 * kDayUs;
      terms.max_investors = bench::kRoundMaxInvestors;
      terms.equity_shares = bench::kRoundEquityShares;
      builder.OpenCampaign(terms);
      return;
    }
    case PlannedOperation::Kind::CloseCampaign:
      builder.CloseCampaign(op.campaign);
      return;
    case PlannedOperation::Kind::RecordInvestment:
      builder.RecordInvestment(op.instrument, submitter, op.party, schema::InvestmentKind::Angel,
                               op.amount, op.shares);
      return;
    case PlannedOperation::Kind::DisburseLoan: {
      api::TransactionBuilder::LoanTerms terms;
      terms.loan = op.instrument;
      terms.lender = submitter;
      terms.borrower = op.party;
      terms.principal = op.amount;
      terms.annual_rate_bp = bench::kLoanRateBp;
      terms.maturity_us = now_us + bench::kLoanTermDays * kDayUs;
      builder.DisburseLoan(terms);
      return;
    }
  }
}

}  // namespace

Ed25519PrivateKey BenchKey(const std::string& party) {
  // The platform's seed predates the other parties' and stays, so that ledgers set up by
  // earlier versions of the bench keep working.
  std::string seed = party == bench::kPlatform ? "crowdledger bench key of platform"
                                               : "crowdledger bench key of " + party;
  return *Ed25519PrivateKey::FromSeed(Sha256(AsBytes(seed)));
}

Status SetUpWorkload(bench::Workload workload, uint64_t investors, int64_t now_us,
                     const SetupStep& step) {
  RETURN_IF_ERROR(Done(step(
      "authority",
      [](auto& b) {
        b.RegisterParty(bench::kPlatform, schema::PartyKind::CrowdfundingPlatform)
            .RegisterKey(bench::kPlatform, 1, BenchKey(bench::kPlatform).public_key(),
                         schema::Role::Post)
            .RegisterParty(bench::kEnterprise, schema::PartyKind::Enterprise);
      },
      "registering the platform")));
  for (uint64_t first = 0; first < investors; first += kInvestorsPerSetupTransaction) {
    uint64_t end = std::min(investors, first + kInvestorsPerSetupTransaction);
    ASSIGN_OR_RETURN(bool registered, Registered(step(
                                          "authority",
                                          [&](auto& b) {
                                            for (uint64_t i = first; i < end; ++i)
                                              b.RegisterParty(bench::Investor(i),
                                                              schema::PartyKind::Investor);
                                          },
                                          "registering investors")));
    if (!registered) continue;  // and their cash deposited
    RETURN_IF_ERROR(step(
        bench::kPlatform,
        [&](auto& b) {
          for (uint64_t i = first; i < end; ++i)
            b.Deposit(bench::Investor(i), "CNY", bench::kInvestorCash);
        },
        "depositing"));
  }
  RETURN_IF_ERROR(Done(step(
      bench::kPlatform,
      [now_us](auto& b) {
        for (int c = 0; c < bench::kCampaigns; ++c) {
          api::TransactionBuilder::CampaignTerms terms;
          terms.campaign = bench::Campaign(c);
          terms.platform = bench::kPlatform;
          terms.enterprise = bench::kEnterprise;
          terms.goal = 1;
          terms.opens_us = now_us - kSecondUs;
          terms.closes_us = now_us + int64_t{10} * 365 * kDayUs;
          terms.cancel_cutoff_us = terms.closes_us;
          terms.max_investors = bench::kCampaignMaxInvestors;
          b.OpenCampaign(terms);
        }
      },
      "opening campaigns")));
  return workload == bench::Workload::Mixed ? SetUpMixed(now_us, step) : Status::Ok();
}

SignedTransaction SignPlanned(const bench::PlannedTransaction& planned, uint64_t id, int64_t now_us,
                              const Ed25519PrivateKey& key) {
  api::TransactionBuilder builder(planned.submitter, 1, id, now_us);
  for (const PlannedOperation& op : planned.operations) {
    AddOperation(builder, planned.submitter, op, now_us);
  }
  return builder.Sign(key);
}

}  // namespace crowdledger::tool
