// OpenCampaign: a crowdfunding platform opens a campaign for a registered enterprise.
#include "ledger/apply/operation_rules.h"
#include "ledger/campaigns/campaign_record.h"
#include "ledger/policy/policy.h"

namespace crowdledger {
namespace {

Status Invalid(const std::string& what) { return Status(ErrorCode::InvalidArgument, what); }

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_OpenCampaign();
  RETURN_IF_ERROR(CheckHandle(op->campaign(), "campaign"));
  RETURN_IF_ERROR(CheckHandle(op->platform(), "platform"));
  RETURN_IF_ERROR(CheckHandle(op->enterprise(), "enterprise"));
  RETURN_IF_ERROR(CheckCurrency(op->currency(), "currency"));
  RETURN_IF_ERROR(CheckPositive(op->goal(), "goal"));
  if (schema::EnumNameCampaignKind(op->kind())[0] == '\0' ||
      schema::EnumNameSettlement(op->settlement())[0] == '\0') {
    return Invalid("unknown campaign kind or settlement");
  }
  if (op->hard_cap() < 0 || op->min_pledge() < 0 || op->max_pledge() < 0) {
    return Invalid("hard_cap, min_pledge and max_pledge are not negative");
  }
  if (op->hard_cap() != 0 && op->hard_cap() < op->goal())
    return Invalid("hard_cap is below the goal");
  if (op->max_pledge() != 0 && op->max_pledge() < op->min_pledge()) {
    return Invalid("max_pledge is below min_pledge");
  }
  if (op->opens_us() >= op->closes_us()) return Invalid("the campaign closes before it opens");
  if (op->cancel_cutoff_us() > op->closes_us())
    return Invalid("the cancellation cut-off is after closing");
  if (op->max_investors() > kMaxCampaignInvestors) {
    return Status(ErrorCode::LimitExceeded,
                  "max_investors exceeds " + std::to_string(kMaxCampaignInvestors));
  }
  if (op->kind() == schema::CampaignKind::Equity && op->equity_shares() <= 0) {
    return Invalid("an equity campaign offers a positive number of shares");
  }
  return CheckBasisPoints(op->debt_rate_bp(), "debt_rate_bp");
}

Result<uint32_t> MaxInvestors(ApplyContext& context, const schema::OpenCampaign& op) {
  if (op.max_investors() != 0) return op.max_investors();
  if (op.kind() != schema::CampaignKind::Equity) return kMaxCampaignInvestors;
  ASSIGN_OR_RETURN(int64_t limit,
                   PolicyValue(context, schema::PolicyParameter::EquityCampaignMaxInvestors));
  return static_cast<uint32_t>(std::clamp<int64_t>(limit, 1, kMaxCampaignInvestors));
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_OpenCampaign();
  std::string_view platform = View(op->platform());
  if (platform != context.submitter()) {
    return Status(
        ErrorCode::NotPermitted,
        "'" + context.submitter() + "' may not open campaigns on '" + std::string(platform) + "'");
  }
  ASSIGN_OR_RETURN(PartyRecord host, context.RequireParty(platform));
  if (host.kind != schema::PartyKind::CrowdfundingPlatform) {
    return Status(ErrorCode::WrongPartyKind,
                  "'" + std::string(platform) + "' is not a crowdfunding platform");
  }
  ASSIGN_OR_RETURN(PartyRecord enterprise, context.RequireParty(View(op->enterprise())));
  if (enterprise.kind != schema::PartyKind::Enterprise) {
    return Status(ErrorCode::WrongPartyKind,
                  "'" + std::string(View(op->enterprise())) + "' is not an enterprise");
  }
  KeyText key = CampaignKey(View(op->campaign()));
  ASSIGN_OR_RETURN(auto existing, context.Find<CampaignRecord>(key));
  if (existing)
    return Status(ErrorCode::AlreadyExists,
                  "campaign '" + std::string(View(op->campaign())) + "' exists");
  CampaignRecord campaign;
  campaign.platform = std::string(platform);
  campaign.enterprise = std::string(View(op->enterprise()));
  campaign.kind = op->kind();
  campaign.settlement = op->settlement();
  campaign.currency = std::string(View(op->currency()));
  campaign.goal = Amount::FromMinorUnits(op->goal());
  campaign.hard_cap = Amount::FromMinorUnits(op->hard_cap());
  campaign.min_pledge = Amount::FromMinorUnits(op->min_pledge());
  campaign.max_pledge = Amount::FromMinorUnits(op->max_pledge());
  campaign.opens_us = op->opens_us();
  campaign.closes_us = op->closes_us();
  campaign.cancel_cutoff_us = op->cancel_cutoff_us();
  ASSIGN_OR_RETURN(campaign.max_investors, MaxInvestors(context, *op));
  campaign.equity_shares = op->equity_shares();
  campaign.debt_rate_bp = op->debt_rate_bp();
  campaign.debt_maturity_us = op->debt_maturity_us();
  context.Store(key, campaign);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kOpenCampaignRules{"OpenCampaign", Check, Apply};

}  // namespace crowdledger
