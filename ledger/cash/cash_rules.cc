// The cash channel rule shared by deposits and withdrawals.
#include "ledger/cash/cash_rules.h"

namespace crowdledger {

Status RequireCashChannel(ApplyContext& context, std::string_view party) {
  RETURN_IF_ERROR(context.RequirePartyRegistered(party));
  if (party == context.submitter()) return Status::Ok();
  ASSIGN_OR_RETURN(PartyRecord channel, context.RequireParty(context.submitter()));
  if (channel.kind == schema::PartyKind::CrowdfundingPlatform ||
      channel.kind == schema::PartyKind::Bank) {
    return Status::Ok();
  }
  return Status(ErrorCode::NotPermitted,
                "'" + context.submitter() + "' is neither the party nor a platform or bank");
}

}  // namespace crowdledger
