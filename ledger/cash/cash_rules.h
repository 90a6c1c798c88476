// Who may move money across the ledger's edge for a party: the party itself, or a
// crowdfunding platform or bank acting as the channel the money comes in or goes out by.
#pragma once

#include "ledger/apply/apply_context.h"

namespace crowdledger {

Status RequireCashChannel(ApplyContext& context, std::string_view party);

}  // namespace crowdledger
