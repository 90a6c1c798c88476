// Where report aggregates live in the derived state (docs/reports.md): the scopes a figure
// counts in, the buckets (scope, calendar day, sequence block) that hold them, and the
// calendar: report days are days in China Standard Time (UTC+8, no daylight saving), the
// programme's own time zone, whatever the server's.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/status.h"
#include "ledger_entry_generated.h"

namespace crowdledger {

// Entries per sequence block. A report as of a tree size inside a block sums the buckets of
// the blocks before it and recomputes the rest of its own block from the entries: at most
// this many minus one.
inline constexpr uint64_t kReportBlockEntries = 4'096;
// China Standard Time: UTC+8 all year.
inline constexpr int64_t kReportUtcOffsetUs = int64_t{8} * 3'600 * 1'000'000;
inline constexpr int64_t kMicrosecondsPerDay = int64_t{86'400} * 1'000'000;

// Scope names. Figures of the whole programme, of one party (a fund, a pool, a platform), of
// the enterprises of one district, and of those incubated in one maker space.
enum class ScopeKind : uint8_t { Programme, Party, District, MakerSpace };
inline constexpr char kProgrammeScope[] = "programme";
std::string PartyScope(std::string_view party);             // "party:<handle>"
std::string DistrictScope(std::string_view district);       // "district:<name>"
std::string MakerSpaceScope(std::string_view maker_space);  // "maker-space:<handle>"
ScopeKind KindOfScope(std::string_view scope);
// The name after the kind's prefix ("" for the programme).
std::string_view ScopeName(std::string_view scope);
// Parties of these kinds have a scope of their own: the funds, pools and platforms the
// reports are about. Other parties (investors, banks, enterprises) count only in the
// programme, district and maker-space scopes.
bool HasPartyScope(schema::PartyKind kind);

uint64_t ReportBlock(uint64_t sequence);
// Days since 1970-01-01 in China Standard Time.
int64_t ReportDay(int64_t time_us);
// "YYYY-MM-DD" of a report day, and back (InvalidArgument for anything else).
std::string ReportDate(int64_t day);
Result<int64_t> ParseReportDate(std::string_view date);

// State keys. The scope, which may hold any text of a district name, is always last.
std::string ReportBucketKey(uint64_t block, int64_t day, std::string_view scope);
std::string ReportBucketIndexKey(std::string_view scope);
std::string ReportScopeListKey(ScopeKind kind);
// A fact the entries alone cannot tell later: the entry whose TransferStake sold the last
// share of a stake (a later report must know which of several sales closed it).
std::string StakeClosedByTransferKey(std::string_view stake);

}  // namespace crowdledger
