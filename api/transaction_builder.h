// TransactionBuilder: signed transactions for clients, tools and tests, one operation at a
// time (every operation kind, with the terms structs for the larger ones).
//   auto tx = TransactionBuilder("alice", 1, 42).Deposit("alice", "CNY", 1000).Sign(key);
#pragma once

#include <flatbuffers/flatbuffers.h>

#include <string>
#include <vector>

#include "ledger/entry_format.h"

namespace crowdledger::api {

class TransactionBuilder {
 public:
  TransactionBuilder(std::string submitter, uint32_t key_id, uint64_t id,
                     int64_t client_time_us = 0)
      : submitter_(std::move(submitter)),
        key_id_(key_id),
        id_(id),
        client_time_us_(client_time_us) {}

  TransactionBuilder& RegisterParty(const std::string& party, schema::PartyKind kind,
                                    int64_t founded_us = 0, const std::string& maker_space = "",
                                    bool micro_enterprise = false,
                                    const std::string& district = "") {
    auto op = schema::CreateRegisterPartyDirect(
        builder_, party.c_str(), kind, party.c_str(), founded_us,
        district.empty() ? nullptr : district.c_str(),
        maker_space.empty() ? nullptr : maker_space.c_str(), micro_enterprise, false);
    return Add(schema::Operation::RegisterParty, op.Union());
  }
  TransactionBuilder& RegisterKey(const std::string& party, uint32_t key_id,
                                  const Ed25519PublicKey& key, schema::Role roles) {
    std::vector<uint8_t> raw(key.raw().begin(), key.raw().end());
    auto op = schema::CreateRegisterKeyDirect(builder_, party.c_str(), key_id, &raw, roles);
    return Add(schema::Operation::RegisterKey, op.Union());
  }
  TransactionBuilder& RevokeKey(const std::string& party, uint32_t key_id) {
    return Add(schema::Operation::RevokeKey,
               schema::CreateRevokeKeyDirect(builder_, party.c_str(), key_id).Union());
  }
  TransactionBuilder& Deposit(const std::string& party, const std::string& currency,
                              int64_t amount) {
    auto op = schema::CreateDepositDirect(builder_, party.c_str(), currency.c_str(), amount);
    return Add(schema::Operation::Deposit, op.Union());
  }
  TransactionBuilder& Withdraw(const std::string& party, const std::string& currency,
                               int64_t amount) {
    auto op = schema::CreateWithdrawDirect(builder_, party.c_str(), currency.c_str(), amount);
    return Add(schema::Operation::Withdraw, op.Union());
  }
  TransactionBuilder& Transfer(const std::string& from, const std::string& to,
                               const std::string& currency, int64_t amount) {
    auto op =
        schema::CreateTransferDirect(builder_, from.c_str(), to.c_str(), currency.c_str(), amount);
    return Add(schema::Operation::Transfer, op.Union());
  }
  TransactionBuilder& SetPolicy(schema::PolicyParameter parameter, int64_t value) {
    return Add(schema::Operation::SetPolicyParameter,
               schema::CreateSetPolicyParameter(builder_, parameter, value).Union());
  }

  struct CampaignTerms {
    std::string campaign, platform, enterprise;
    schema::CampaignKind kind = schema::CampaignKind::Reward;
    schema::Settlement settlement = schema::Settlement::AllOrNothing;
    std::string currency = "CNY";
    int64_t goal = 0, hard_cap = 0, min_pledge = 0, max_pledge = 0;
    int64_t opens_us = 0, closes_us = 0, cancel_cutoff_us = 0;
    uint32_t max_investors = 0;
    int64_t equity_shares = 0;
    uint32_t debt_rate_bp = 0;
    int64_t debt_maturity_us = 0;
  };
  TransactionBuilder& OpenCampaign(const CampaignTerms& t) {
    auto op = schema::CreateOpenCampaignDirect(
        builder_, t.campaign.c_str(), t.platform.c_str(), t.enterprise.c_str(), t.kind,
        t.settlement, t.currency.c_str(), t.goal, t.hard_cap, t.min_pledge, t.max_pledge,
        t.opens_us, t.closes_us, t.cancel_cutoff_us, t.max_investors, t.equity_shares,
        t.debt_rate_bp, t.debt_maturity_us);
    return Add(schema::Operation::OpenCampaign, op.Union());
  }
  TransactionBuilder& Pledge(const std::string& campaign, const std::string& investor,
                             int64_t amount) {
    auto op = schema::CreatePledgeDirect(builder_, campaign.c_str(), investor.c_str(), amount);
    return Add(schema::Operation::Pledge, op.Union());
  }
  TransactionBuilder& CancelPledge(const std::string& campaign, const std::string& investor) {
    auto op = schema::CreateCancelPledgeDirect(builder_, campaign.c_str(), investor.c_str());
    return Add(schema::Operation::CancelPledge, op.Union());
  }
  TransactionBuilder& CloseCampaign(const std::string& campaign) {
    return Add(schema::Operation::CloseCampaign,
               schema::CreateCloseCampaignDirect(builder_, campaign.c_str()).Union());
  }

  TransactionBuilder& GrantSubsidy(const std::string& grantor, const std::string& recipient,
                                   schema::SubsidyKind kind, int64_t amount,
                                   const std::string& currency = "CNY") {
    auto op = schema::CreateGrantSubsidyDirect(builder_, grantor.c_str(), recipient.c_str(), kind,
                                               currency.c_str(), amount);
    return Add(schema::Operation::GrantSubsidy, op.Union());
  }
  TransactionBuilder& IssueVoucher(const std::string& voucher, const std::string& issuer,
                                   const std::string& holder, int64_t face_value,
                                   int64_t expires_us,
                                   schema::VoucherKind kind = schema::VoucherKind::Innovation) {
    auto op = schema::CreateIssueVoucherDirect(builder_, voucher.c_str(), issuer.c_str(),
                                               holder.c_str(), kind, "CNY", face_value, expires_us);
    return Add(schema::Operation::IssueVoucher, op.Union());
  }
  TransactionBuilder& RedeemVoucher(const std::string& voucher, const std::string& provider) {
    auto op = schema::CreateRedeemVoucherDirect(builder_, voucher.c_str(), provider.c_str());
    return Add(schema::Operation::RedeemVoucher, op.Union());
  }

  TransactionBuilder& RecordInvestment(const std::string& stake, const std::string& investor,
                                       const std::string& enterprise, schema::InvestmentKind kind,
                                       int64_t amount, int64_t shares) {
    auto op = schema::CreateRecordInvestmentDirect(builder_, stake.c_str(), investor.c_str(),
                                                   enterprise.c_str(), kind, "CNY", amount, shares);
    return Add(schema::Operation::RecordInvestment, op.Union());
  }
  TransactionBuilder& ExitStake(const std::string& stake, const std::string& buyer,
                                int64_t proceeds) {
    auto op = schema::CreateExitStakeDirect(builder_, stake.c_str(), buyer.c_str(), proceeds);
    return Add(schema::Operation::ExitStake, op.Union());
  }
  TransactionBuilder& WriteOffStake(const std::string& stake) {
    return Add(schema::Operation::WriteOffStake,
               schema::CreateWriteOffStakeDirect(builder_, stake.c_str()).Union());
  }

  TransactionBuilder& TransferStake(const std::string& stake, const std::string& new_stake,
                                    const std::string& buyer, int64_t shares, int64_t price) {
    auto op = schema::CreateTransferStakeDirect(builder_, stake.c_str(), new_stake.c_str(),
                                                buyer.c_str(), shares, price);
    return Add(schema::Operation::TransferStake, op.Union());
  }

  struct MatchingTerms {
    std::string fund, rule;
    uint32_t ratio_bp = 10'000;
    int64_t per_enterprise_cap = 0, budget = 0;
    uint32_t max_enterprise_age_days = 0;
    bool require_incubation = false;
    std::vector<schema::InvestmentKind> eligible_kinds;  // empty: Angel and Crowd
    bool active = true;
  };
  TransactionBuilder& SetMatchingRule(const MatchingTerms& t) {
    auto op = schema::CreateSetMatchingRuleDirect(
        builder_, t.fund.c_str(), t.rule.c_str(), "CNY", t.ratio_bp, t.per_enterprise_cap, t.budget,
        t.max_enterprise_age_days, t.require_incubation,
        t.eligible_kinds.empty() ? nullptr : &t.eligible_kinds, t.active);
    return Add(schema::Operation::SetMatchingRule, op.Union());
  }

  TransactionBuilder& OfferGuarantee(const std::string& loan, const std::string& guarantor,
                                     const std::string& lender, const std::string& borrower,
                                     int64_t amount) {
    auto op = schema::CreateOfferGuaranteeDirect(builder_, loan.c_str(), guarantor.c_str(),
                                                 lender.c_str(), borrower.c_str(), "CNY", amount);
    return Add(schema::Operation::OfferGuarantee, op.Union());
  }
  struct LoanTerms {
    std::string loan, lender, borrower;
    int64_t principal = 0;
    uint32_t annual_rate_bp = 0;
    int64_t maturity_us = 0;
    bool first_loan = false;
    std::string linked_stake, guarantor;
    uint32_t guaranteed_share_bp = 0;
  };
  TransactionBuilder& DisburseLoan(const LoanTerms& t) {
    auto op = schema::CreateDisburseLoanDirect(
        builder_, t.loan.c_str(), t.lender.c_str(), t.borrower.c_str(), "CNY", t.principal,
        t.annual_rate_bp, t.maturity_us, t.first_loan,
        t.linked_stake.empty() ? nullptr : t.linked_stake.c_str(),
        t.guarantor.empty() ? nullptr : t.guarantor.c_str(), t.guaranteed_share_bp);
    return Add(schema::Operation::DisburseLoan, op.Union());
  }
  TransactionBuilder& RepayLoan(const std::string& loan, int64_t principal, int64_t interest) {
    auto op = schema::CreateRepayLoanDirect(builder_, loan.c_str(), principal, interest);
    return Add(schema::Operation::RepayLoan, op.Union());
  }
  TransactionBuilder& WriteOffLoan(const std::string& loan) {
    return Add(schema::Operation::WriteOffLoan,
               schema::CreateWriteOffLoanDirect(builder_, loan.c_str()).Union());
  }

  TransactionBuilder& SetCompensationPolicy(const std::string& pool, uint32_t angel_share_bp,
                                            uint32_t first_loan_share_bp,
                                            int64_t per_enterprise_cap, int64_t per_year_cap) {
    auto op = schema::CreateSetCompensationPolicyDirect(builder_, pool.c_str(), "CNY",
                                                        angel_share_bp, first_loan_share_bp,
                                                        per_enterprise_cap, per_year_cap);
    return Add(schema::Operation::SetCompensationPolicy, op.Union());
  }
  TransactionBuilder& ClaimCompensation(const std::string& pool, schema::LossKind kind,
                                        const std::string& loss) {
    auto op = schema::CreateClaimCompensationDirect(builder_, pool.c_str(), kind, loss.c_str());
    return Add(schema::Operation::ClaimCompensation, op.Union());
  }

  // Serialises the transaction and signs its exact bytes.
  SignedTransaction Sign(const Ed25519PrivateKey& key) {
    auto operations = builder_.CreateVector(slots_);
    schema::TransactionId id(0, id_);
    auto transaction = schema::CreateTransaction(builder_, &id, builder_.CreateString(submitter_),
                                                 key_id_, client_time_us_, operations);
    return FinishAndSignTransaction(builder_, transaction, key);
  }

 private:
  TransactionBuilder& Add(schema::Operation kind, flatbuffers::Offset<void> operation) {
    slots_.push_back(schema::CreateOperationSlot(builder_, kind, operation));
    return *this;
  }

  flatbuffers::FlatBufferBuilder builder_;
  std::vector<flatbuffers::Offset<schema::OperationSlot>> slots_;
  std::string submitter_;
  uint32_t key_id_;
  uint64_t id_;
  int64_t client_time_us_;
};

}  // namespace crowdledger::api
