// Report scopes, bucket keys and the China Standard Time calendar.
#include "ledger/reports/report_scopes.h"

#include <chrono>
#include <cstdio>

namespace crowdledger {
namespace {

constexpr std::string_view kPartyPrefix = "party:";
constexpr std::string_view kDistrictPrefix = "district:";
constexpr std::string_view kMakerSpacePrefix = "maker-space:";

// Floor division: days before 1970 (never used by a real ledger) stay on the right day.
int64_t FloorDivide(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

bool ParseDigits(std::string_view text, int& out) {
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return !text.empty();
}

}  // namespace

std::string PartyScope(std::string_view party) { return std::string(kPartyPrefix).append(party); }
std::string DistrictScope(std::string_view district) {
  return std::string(kDistrictPrefix).append(district);
}
std::string MakerSpaceScope(std::string_view maker_space) {
  return std::string(kMakerSpacePrefix).append(maker_space);
}

ScopeKind KindOfScope(std::string_view scope) {
  if (scope.starts_with(kPartyPrefix)) return ScopeKind::Party;
  if (scope.starts_with(kDistrictPrefix)) return ScopeKind::District;
  if (scope.starts_with(kMakerSpacePrefix)) return ScopeKind::MakerSpace;
  return ScopeKind::Programme;
}

std::string_view ScopeName(std::string_view scope) {
  switch (KindOfScope(scope)) {
    case ScopeKind::Party:
      return scope.substr(kPartyPrefix.size());
    case ScopeKind::District:
      return scope.substr(kDistrictPrefix.size());
    case ScopeKind::MakerSpace:
      return scope.substr(kMakerSpacePrefix.size());
    case ScopeKind::Programme:
      break;
  }
  return {};
}

bool HasPartyScope(schema::PartyKind kind) {
  switch (kind) {
    case schema::PartyKind::SeedFund:
    case schema::PartyKind::GuideFund:
    case schema::PartyKind::VentureFund:
    case schema::PartyKind::CompensationPool:
    case schema::PartyKind::CrowdfundingPlatform:
      return true;
    default:
      return false;
  }
}

uint64_t ReportBlock(uint64_t sequence) { return sequence / kReportBlockEntries; }

int64_t ReportDay(int64_t time_us) {
  return FloorDivide(time_us + kReportUtcOffsetUs, kMicrosecondsPerDay);
}

std::string ReportDate(int64_t day) {
  using namespace std::chrono;
  year_month_day date{sys_days{days{day}}};
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

Result<int64_t> ParseReportDate(std::string_view text) {
  using namespace std::chrono;
  int y = 0, m = 0, d = 0;
  bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                ParseDigits(text.substr(0, 4), y) && ParseDigits(text.substr(5, 2), m) &&
                ParseDigits(text.substr(8, 2), d);
  year_month_day date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!shaped || !date.ok()) {
    return Status(ErrorCode::InvalidArgument,
                  "date '" + std::string(text) + "' is not a YYYY-MM-DD calendar date");
  }
  return static_cast<int64_t>(sys_days{date}.time_since_epoch().count());
}

std::string ReportBucketKey(uint64_t block, int64_t day, std::string_view scope) {
  return "rb/" + std::to_string(block) + "/" + std::to_string(day) + "/" + std::string(scope);
}

std::string ReportBucketIndexKey(std::string_view scope) { return "ri/" + std::string(scope); }

std::string ReportScopeListKey(ScopeKind kind) {
  switch (kind) {
    case ScopeKind::Party:
      return "rs/party";
    case ScopeKind::District:
      return "rs/district";
    case ScopeKind::MakerSpace:
      return "rs/maker-space";
    case ScopeKind::Programme:
      break;
  }
  return "rs/programme";
}

std::string StakeClosedByTransferKey(std::string_view stake) {
  return "rf/closed-by-transfer/" + std::string(stake);
}

}  // namespace crowdledger
