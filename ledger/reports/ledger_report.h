// SignedLedgerReport: the signed report file (report_signature.h) of an open, writable ledger,
// bound to the checkpoint the ledger issued at the request's tree size. The one path from a
// request to a signed report: `crowdledger report --data`, the API's ReportQuery and the
// tests all take it. Runs on the ledger's writer thread (it reads the state store).
// Thread-safety: as Ledger's writer.
#pragma once

#include "ledger/ledger.h"
#include "ledger/reports/report_request.h"

namespace crowdledger {

// A request read from outside (a command line or an API query): the kind's subject rule (a
// programme report names no party, every other kind names one), "YYYY-MM-DD" dates (empty:
// open-ended), and a tree size of 1..ledger_size (0: ledger_size). InvalidArgument otherwise.
Result<ReportRequest> MakeReportRequest(ReportKind kind, std::string id, std::string_view from,
                                        std::string_view to, uint64_t tree_size,
                                        uint64_t ledger_size);

// NotFound when the ledger issued no checkpoint at request.tree_size (a report names one) or
// the report's subject was not registered there; UsageError on a read-only ledger (it holds
// no signing key); the stores' errors otherwise.
Result<std::string> SignedLedgerReport(Ledger& ledger, const ReportRequest& request);

}  // namespace crowdledger
