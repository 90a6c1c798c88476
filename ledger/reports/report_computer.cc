// ComputeReport: whole buckets, plus a recompute of the tree size's own block.
#include "ledger/reports/report_computer.h"

#include <algorithm>

#include "ledger/entry_format.h"
#include "ledger/reports/contributions.h"
#include "ledger/reports/report_aggregates.h"
#include "ledger/reports/report_scopes.h"

namespace crowdledger {
namespace {

bool IsFundKind(schema::PartyKind kind) {
  return kind == schema::PartyKind::SeedFund || kind == schema::PartyKind::GuideFund ||
         kind == schema::PartyKind::VentureFund || kind == schema::PartyKind::CompensationPool;
}

class Computation {
 public:
  Computation(StateStore& state, uint64_t state_size, const ReportRequest& request)
      : state_(state), state_size_(state_size), request_(request) {}

  Result<ReportData> Run(const EntryRangeReader& entries, ReportCheckpoint checkpoint);

 private:
  bool InPeriod(int64_t day) const {
    return (!request_.from_day || day >= *request_.from_day) &&
           (!request_.to_day || day <= *request_.to_day);
  }
  Status Count(ScopeFigures& figures, int64_t day, const Figures& added, bool main);
  Status SumBuckets(ScopeFigures& figures, bool main);
  Status Recompute(const EntryRangeReader& entries, std::vector<ScopeFigures*>& wanted);
  Result<const PartyRecord*> Party(std::string_view party);
  Status ChooseSubject(ReportData& report);
  Status ChooseSections(ReportData& report);

  StateStore& state_;
  uint64_t state_size_;
  const ReportRequest& request_;
  // Entries from here to the tree size are recomputed; buckets of earlier blocks are whole.
  uint64_t recompute_from_ = 0;
  std::map<std::string, PartyRecord> parties_;
};

Status Computation::Count(ScopeFigures& figures, int64_t day, const Figures& added, bool main) {
  if (added.empty()) return Status::Ok();
  RETURN_IF_ERROR(figures.to_date.Merge(added));
  if (!InPeriod(day)) return Status::Ok();
  RETURN_IF_ERROR(figures.period.Merge(added));
  if (main) RETURN_IF_ERROR(figures.by_day[day].Merge(added));
  return Status::Ok();
}

Status Computation::SumBuckets(ScopeFigures& figures, bool main) {
  ASSIGN_OR_RETURN(std::vector<BucketId> buckets, ReadBucketIndex(state_, figures.scope));
  uint64_t first_partial_block = ReportBlock(recompute_from_);
  bool exact = state_size_ == request_.tree_size;
  for (const BucketId& bucket : buckets) {
    if (!exact && bucket.block >= first_partial_block) break;  // the index is ascending
    ASSIGN_OR_RETURN(Figures added, ReadBucket(state_, bucket, figures.scope));
    RETURN_IF_ERROR(Count(figures, bucket.day, added, main));
  }
  return Status::Ok();
}

Status Computation::Recompute(const EntryRangeReader& entries, std::vector<ScopeFigures*>& wanted) {
  if (recompute_from_ >= request_.tree_size) return Status::Ok();
  ReportFacts facts(state_);
  std::vector<uint64_t> aligned;
  return entries(
      recompute_from_, request_.tree_size, [&](uint64_t sequence, std::string_view bytes) {
        ASSIGN_OR_RETURN(const schema::Entry* entry,
                         VerifyEntry(AlignedFlatbuffer(bytes, aligned)));
        if (entry->sequence() != sequence) {
          return Status(ErrorCode::Corruption,
                        "report: entry " + std::to_string(sequence) + " records another sequence");
        }
        std::string_view transaction(reinterpret_cast<const char*>(entry->transaction()->data()),
                                     entry->transaction()->size());
        ASSIGN_OR_RETURN(const schema::Transaction* applied, VerifyTransaction(transaction));
        ASSIGN_OR_RETURN(RecordedOutcome outcome, ReadRecordedOutcome(*entry));
        ReportDelta delta;
        RETURN_IF_ERROR(AddEntryContributions(facts, *applied, outcome.movements, sequence,
                                              entry->server_time_us(), delta));
        int64_t day = ReportDay(entry->server_time_us());
        for (size_t i = 0; i < wanted.size(); ++i) {
          auto found = delta.scopes().find(wanted[i]->scope);
          if (found != delta.scopes().end())
            RETURN_IF_ERROR(Count(*wanted[i], day, found->second, i == 0));
        }
        return Status::Ok();
      });
}

Result<const PartyRecord*> Computation::Party(std::string_view party) {
  auto found = parties_.find(std::string(party));
  if (found != parties_.end()) return &found->second;
  ASSIGN_OR_RETURN(auto bytes, state_.Get(PartyKey(party)));
  if (!bytes)
    return Status(ErrorCode::NotFound, "party '" + std::string(party) + "' is not registered");
  ASSIGN_OR_RETURN(PartyRecord record, PartyRecord::Decode(*bytes));
  return &parties_.emplace(std::string(party), std::move(record)).first->second;
}

Status Computation::ChooseSubject(ReportData& report) {
  const std::string& id = request_.id;
  report.subject.id = id;
  switch (request_.kind) {
    case ReportKind::Programme:
      report.main.scope = kProgrammeScope;
      report.subject.name = report.checkpoint.origin;
      return Status::Ok();
    case ReportKind::District:
      if (id.empty())
        return Status(ErrorCode::InvalidArgument, "a district report needs a district");
      report.main.scope = DistrictScope(id);
      report.subject.name = report.subject.district = id;
      return Status::Ok();
    default:
      break;
  }
  ASSIGN_OR_RETURN(const PartyRecord* party, Party(id));
  bool fits = request_.kind == ReportKind::Fund ? IsFundKind(party->kind)
              : request_.kind == ReportKind::Platform
                  ? party->kind == schema::PartyKind::CrowdfundingPlatform
                  : party->kind == schema::PartyKind::MakerSpace;
  if (!fits) {
    return Status(ErrorCode::InvalidArgument,
                  "party '" + id + "' is a " + schema::EnumNamePartyKind(party->kind) + ", not a " +
                      std::string(ReportKindName(request_.kind)));
  }
  report.main.scope =
      request_.kind == ReportKind::MakerSpace ? MakerSpaceScope(id) : PartyScope(id);
  report.subject.name = report.main.name = party->display_name;
  report.subject.party_kind = schema::EnumNamePartyKind(party->kind);
  report.subject.district = party->district;
  report.subject.maker_space = party->maker_space;
  return Status::Ok();
}

Status Computation::ChooseSections(ReportData& report) {
  std::vector<std::string> scopes;
  if (request_.kind == ReportKind::Programme) {
    ASSIGN_OR_RETURN(auto districts, ReadScopeList(state_, ScopeKind::District));
    for (const std::string& district : districts) scopes.push_back(DistrictScope(district));
  }
  if (request_.kind == ReportKind::Programme || request_.kind == ReportKind::District) {
    ASSIGN_OR_RETURN(auto spaces, ReadScopeList(state_, ScopeKind::MakerSpace));
    for (const std::string& space : spaces) {
      ASSIGN_OR_RETURN(const PartyRecord* party, Party(space));
      if (request_.kind == ReportKind::District && party->district != request_.id) continue;
      scopes.push_back(MakerSpaceScope(space));
    }
  }
  std::sort(scopes.begin(), scopes.end());
  for (std::string& scope : scopes) {
    ScopeFigures section;
    section.scope = std::move(scope);
    if (KindOfScope(section.scope) == ScopeKind::MakerSpace) {
      ASSIGN_OR_RETURN(const PartyRecord* party, Party(ScopeName(section.scope)));
      section.name = party->display_name;
    } else {
      section.name = std::string(ScopeName(section.scope));
    }
    report.sections.push_back(std::move(section));
  }
  return Status::Ok();
}

// A party registered after the tree size has no figure before it: its registration counts
// in its own scope, so the figures say whether it existed (as a replay to that size would).
Status RequireRegistered(const ReportData& report) {
  ReportField registered = ReportField::PartiesRegistered;
  switch (report.request.kind) {
    case ReportKind::Fund:
    case ReportKind::Platform:
      registered = ReportField::PartiesRegistered;
      break;
    case ReportKind::MakerSpace:
      registered = ReportField::MakerSpacesRegistered;
      break;
    case ReportKind::District:
      // A district is a name parties are registered with: none yet, no such district.
      if (!report.main.to_date.empty()) return Status::Ok();
      return Status(ErrorCode::NotFound, "no party of district '" + report.request.id +
                                             "' was registered at tree size " +
                                             std::to_string(report.request.tree_size));
    case ReportKind::Programme:
      return Status::Ok();
  }
  if (report.main.to_date.Cell("", "").Get(registered) > 0) return Status::Ok();
  return Status(ErrorCode::NotFound, "party '" + report.request.id +
                                         "' was not registered at tree size " +
                                         std::to_string(report.request.tree_size));
}

Result<ReportData> Computation::Run(const EntryRangeReader& entries, ReportCheckpoint checkpoint) {
  uint64_t n = request_.tree_size;
  if (n == 0 || n > state_size_) {
    return Status(ErrorCode::InvalidArgument, "a report as of tree size " + std::to_string(n) +
                                                  " of a ledger of " + std::to_string(state_size_));
  }
  if (request_.from_day && request_.to_day && *request_.from_day > *request_.to_day) {
    return Status(ErrorCode::InvalidArgument, "the period ends before it starts");
  }
  recompute_from_ = state_size_ == n ? n : n - n % kReportBlockEntries;
  ReportData report;
  report.request = request_;
  report.checkpoint = std::move(checkpoint);
  RETURN_IF_ERROR(ChooseSubject(report));
  RETURN_IF_ERROR(ChooseSections(report));
  std::vector<ScopeFigures*> wanted{&report.main};
  for (ScopeFigures& section : report.sections) wanted.push_back(&section);
  for (size_t i = 0; i < wanted.size(); ++i) RETURN_IF_ERROR(SumBuckets(*wanted[i], i == 0));
  RETURN_IF_ERROR(Recompute(entries, wanted));
  RETURN_IF_ERROR(RequireRegistered(report));
  // Sections that had no figure yet at the tree size did not exist then.
  std::erase_if(report.sections, [](const ScopeFigures& s) { return s.to_date.empty(); });
  return report;
}

}  // namespace

std::string_view ReportKindName(ReportKind kind) {
  switch (kind) {
    case ReportKind::Fund:
      return "fund";
    case ReportKind::Platform:
      return "platform";
    case ReportKind::MakerSpace:
      return "maker-space";
    case ReportKind::District:
      return "district";
    case ReportKind::Programme:
      break;
  }
  return "programme";
}

Result<ReportKind> ParseReportKind(std::string_view name) {
  for (ReportKind kind : {ReportKind::Fund, ReportKind::Platform, ReportKind::MakerSpace,
                          ReportKind::District, ReportKind::Programme}) {
    if (ReportKindName(kind) == name) return kind;
  }
  return Status(ErrorCode::InvalidArgument,
                "report kind '" + std::string(name) +
                    "' is not fund, platform, maker-space, district or programme");
}

Result<ReportData> ComputeReport(StateStore& state, uint64_t state_size,
                                 const EntryRangeReader& entries, const ReportRequest& request,
                                 ReportCheckpoint checkpoint) {
  Computation computation(state, state_size, request);
  return computation.Run(entries, std::move(checkpoint));
}

}  // namespace crowdledger
