// The benchmark workloads (tools/bench/workload.h) as the PostgreSQL side carries them: the
// prepared statements calling tools/bench/pg/schema.sql's functions, and each planned
// transaction as the statements of one database transaction, ending with its entry's append
// to the hash chain.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "tools/bench/pg_connection.h"
#include "tools/bench/workload.h"

namespace crowdledger::bench {

struct PreparedStatementText {
  const char* name;
  const char* sql;
  int parameters;
};

// Every statement TransactionStatements uses, to prepare on each connection.
std::span<const PreparedStatementText> PreparedStatements();

// The statements of `planned` as ledger transaction `tx_id` at client time `now_us` (campaign
// and loan dates are relative to it, as on the Crowdledger side). Consecutive pledges go in
// one set-based statement; the last statement appends the entry, whose bytes are a text
// form of the transaction.
std::vector<PgStatement> TransactionStatements(const PlannedTransaction& planned, uint64_t tx_id,
                                               int64_t now_us);

}  // namespace crowdledger::bench
