// What each read may see and what it answers. Auditors (Audit role) and the authority
// (Administer) read everything; any other key reads what concerns its own party: its
// entries, balances and portfolio, and entries that name it. Checkpoints, proofs and
// campaign status are public. Runs on the ledger service's thread.
#pragma once

#include "api/wire.h"
#include "ledger/ledger.h"

namespace crowdledger::api {

// NotPermitted unless `roles` (of the query's key) allow this query.
Status AuthorizeQuery(Ledger& ledger, const schema::Query& query, uint32_t roles);
// The response frame body for an authorised query.
Result<std::string> AnswerQueryBody(Ledger& ledger, const schema::Query& query, uint64_t request_id,
                                    uint32_t max_page);

}  // namespace crowdledger::api
