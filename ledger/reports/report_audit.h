// AuditReport: an auditor's check of a signed report against a ledger it can read (a data
// directory, an export or a server: any AuditSource). It trusts nothing in the file but
// what it can check, each check by name, stopping at the first that fails:
//   format      the file is a signed report of a known format
//   signature   the report is signed by the pinned ledger key
//   checkpoint  the checkpoint it names is signed by that key, for that origin and size
//   replay      the source's entries up to that size replay to their recorded outcomes
//   merkle      those entries have the checkpoint's root
//   report      the report recomputed from the replayed state equals the file's report
//   bytes       the file is exactly that report with that signature, byte for byte
// Thread-safety: none.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crypto/signed_note.h"
#include "ledger/audit/audit_source.h"

namespace crowdledger {

struct ReportAuditCheck {
  std::string name;
  std::string description;
};

struct ReportAuditResult {
  std::vector<ReportAuditCheck> checks;  // every check, in order
  size_t passed = 0;                     // how many of them passed before any failure
  std::optional<std::string> failed_check;
  std::string message;     // what was wrong, when one failed
  uint64_t tree_size = 0;  // the size the report names, once read
  uint64_t entries = 0;    // entries replayed
  bool ok() const { return !failed_check.has_value(); }
};

// An error status means the audit could not run (I/O, memory); what it found is in the result.
Result<ReportAuditResult> AuditReport(AuditSource& source, const NoteVerifier& ledger_key,
                                      std::string_view file);

}  // namespace crowdledger
