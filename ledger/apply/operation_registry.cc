// The registry of operation kinds, indexed by the schema's Operation union tag.
#include <array>

#include "ledger/apply/operation_rules.h"

namespace crowdledger {

extern const OperationRules kRegisterPartyRules;
extern const OperationRules kRegisterKeyRules;
extern const OperationRules kRevokeKeyRules;
extern const OperationRules kDepositRules;
extern const OperationRules kWithdrawRules;
extern const OperationRules kTransferRules;
extern const OperationRules kSetPolicyParameterRules;
extern const OperationRules kOpenCampaignRules;
extern const OperationRules kPledgeRules;
extern const OperationRules kCancelPledgeRules;
extern const OperationRules kCloseCampaignRules;
extern const OperationRules kGrantSubsidyRules;
extern const OperationRules kRecordInvestmentRules;
extern const OperationRules kExitStakeRules;
extern const OperationRules kWriteOffStakeRules;
extern const OperationRules kIssueVoucherRules;
extern const OperationRules kRedeemVoucherRules;
extern const OperationRules kTransferStakeRules;
extern const OperationRules kSetMatchingRuleRules;
extern const OperationRules kOfferGuaranteeRules;
extern const OperationRules kDisburseLoanRules;
extern const OperationRules kRepayLoanRules;
extern const OperationRules kWriteOffLoanRules;
extern const OperationRules kSetCompensationPolicyRules;
extern const OperationRules kClaimCompensationRules;

// Every operation kind this build applies. A kind missing here is refused as Malformed.
const std::array<std::pair<schema::Operation, const OperationRules*>, 25> kRegistry{{
    {schema::Operation::RegisterParty, &kRegisterPartyRules},
    {schema::Operation::RegisterKey, &kRegisterKeyRules},
    {schema::Operation::RevokeKey, &kRevokeKeyRules},
    {schema::Operation::Deposit, &kDepositRules},
    {schema::Operation::Withdraw, &kWithdrawRules},
    {schema::Operation::Transfer, &kTransferRules},
    {schema::Operation::OpenCampaign, &kOpenCampaignRules},
    {schema::Operation::Pledge, &kPledgeRules},
    {schema::Operation::CancelPledge, &kCancelPledgeRules},
    {schema::Operation::CloseCampaign, &kCloseCampaignRules},
    {schema::Operation::RecordInvestment, &kRecordInvestmentRules},
    {schema::Operation::TransferStake, &kTransferStakeRules},
    {schema::Operation::ExitStake, &kExitStakeRules},
    {schema::Operation::WriteOffStake, &kWriteOffStakeRules},
    {schema::Operation::SetMatchingRule, &kSetMatchingRuleRules},
    {schema::Operation::OfferGuarantee, &kOfferGuaranteeRules},
    {schema::Operation::DisburseLoan, &kDisburseLoanRules},
    {schema::Operation::RepayLoan, &kRepayLoanRules},
    {schema::Operation::WriteOffLoan, &kWriteOffLoanRules},
    {schema::Operation::SetCompensationPolicy, &kSetCompensationPolicyRules},
    {schema::Operation::ClaimCompensation, &kClaimCompensationRules},
    {schema::Operation::GrantSubsidy, &kGrantSubsidyRules},
    {schema::Operation::IssueVoucher, &kIssueVoucherRules},
    {schema::Operation::RedeemVoucher, &kRedeemVoucherRules},
    {schema::Operation::SetPolicyParameter, &kSetPolicyParameterRules},
}};

const OperationRules* FindOperationRules(schema::Operation kind) {
  for (const auto& [registered, rules] : kRegistry) {
    if (registered == kind) return rules;
  }
  return nullptr;
}

Status CheckHandle(const flatbuffers::String* handle, const char* field) {
  if (handle == nullptr || !IsValidHandle(View(handle))) {
    return Status(ErrorCode::InvalidArgument, std::string(field) + " '" +
                                                  std::string(View(handle)) +
                                                  "' is not 1..64 characters of [a-z0-9._-]");
  }
  return Status::Ok();
}

Status CheckCompoundId(const flatbuffers::String* id, size_t max_parts, const char* field) {
  if (id == nullptr || !IsValidCompoundId(View(id), max_parts)) {
    return Status(ErrorCode::InvalidArgument, std::string(field) + " '" + std::string(View(id)) +
                                                  "' is not 1.." + std::to_string(max_parts) +
                                                  " handles joined by '/'");
  }
  return Status::Ok();
}

Status CheckCurrency(const flatbuffers::String* currency, const char* field) {
  if (currency == nullptr || !IsValidCurrency(View(currency))) {
    return Status(
        ErrorCode::InvalidArgument,
        std::string(field) + " '" + std::string(View(currency)) + "' is not an ISO 4217 code");
  }
  return Status::Ok();
}

Status CheckPositive(int64_t amount, const char* field) {
  if (amount <= 0) {
    return Status(ErrorCode::InvalidArgument,
                  std::string(field) + " must be positive, got " + std::to_string(amount));
  }
  return Status::Ok();
}

Status CheckTextLength(const flatbuffers::String* text, const char* field) {
  if (text != nullptr && text->size() > kMaxTextBytes) {
    return Status(ErrorCode::LimitExceeded, std::string(field) + " is longer than " +
                                                std::to_string(kMaxTextBytes) + " bytes");
  }
  return Status::Ok();
}

Status CheckBasisPoints(uint32_t basis_points, const char* field) {
  if (basis_points > kBasisPointsWhole) {
    return Status(
        ErrorCode::InvalidArgument,
        std::string(field) + " of " + std::to_string(basis_points) + " basis points exceeds 10000");
  }
  return Status::Ok();
}

}  // namespace crowdledger
