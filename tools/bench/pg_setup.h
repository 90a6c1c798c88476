// What every workload starts from, on the PostgreSQL side: the same parties, cash, campaigns
// and matching rule as `crowdledger bench` registers (tools/bench/signed_workload.h), written
// directly (a setup is not measured, and has no entries). Deposits come from each party's
// external account, so balances still sum to zero. Running it again finds everything there
// and changes nothing, as on the Crowdledger side.
#pragma once

#include <cstdint>

#include "tools/bench/pg_connection.h"
#include "tools/bench/workload.h"

namespace crowdledger::bench {

Status SetUpPostgres(PgConnection& connection, Workload workload, uint64_t investors,
                     int64_t now_us);

}  // namespace crowdledger::bench
