// ContributionWriter: scopes and composite figures.
#include "ledger/reports/contribution_writer.h"

#include <algorithm>
#include <cstdint>

#include "ledger/reports/report_scopes.h"

namespace crowdledger {
namespace {

void AddScope(ContributionTargets& targets, std::string scope) {
  if (std::find(targets.scopes.begin(), targets.scopes.end(), scope) == targets.scopes.end()) {
    targets.scopes.push_back(std::move(scope));
  }
}

bool IsSeedStage(const PartyRecord& enterprise, int64_t time_us) {
  if (enterprise.founded_us <= 0 || enterprise.founded_us > time_us) return false;
  return time_us - enterprise.founded_us <= kSeedStageDays * kMicrosecondsPerDay;
}

}  // namespace

std::vector<const Movement*> ContributionWriter::MovementsOf(uint32_t index) const {
  std::vector<const Movement*> found;
  for (const Movement& movement : movements_) {
    if (movement.operation == index) found.push_back(&movement);
  }
  return found;
}

Result<std::string> ContributionWriter::OwnScope(std::string_view party) {
  if (party.empty()) return std::string();
  ASSIGN_OR_RETURN(const PartyRecord* record, facts_.Party(party));
  return HasPartyScope(record->kind) ? PartyScope(party) : std::string();
}

Result<TargetsRef> ContributionWriter::Targets(std::string_view subject,
                                               std::initializer_list<std::string_view> actors) {
  std::string key(subject);
  for (std::string_view actor : actors) key.append("/").append(actor);
  if (auto found = targets_.find(key); found != targets_.end()) return std::cref(found->second);
  ContributionTargets targets;
  targets.scopes.emplace_back(kProgrammeScope);
  if (!subject.empty()) {
    ASSIGN_OR_RETURN(const PartyRecord* record, facts_.Party(subject));
    if (!record->district.empty()) AddScope(targets, DistrictScope(record->district));
    if (record->kind == schema::PartyKind::MakerSpace) {
      AddScope(targets, MakerSpaceScope(subject));
    } else if (!record->maker_space.empty()) {
      AddScope(targets, MakerSpaceScope(record->maker_space));
    }
  }
  for (std::string_view actor : actors) {
    ASSIGN_OR_RETURN(std::string own, OwnScope(actor));
    if (!own.empty()) AddScope(targets, std::move(own));
  }
  return std::cref(targets_.emplace(std::move(key), std::move(targets)).first->second);
}

Status ContributionWriter::AddTo(const std::string& scope, std::string_view breakdown,
                                 std::string_view currency, ReportField field, int64_t value) {
  if (value == 0) return Status::Ok();
  return delta_.For(scope).Add(breakdown, currency, field, value);
}

Status ContributionWriter::Add(const ContributionTargets& targets, std::string_view currency,
                               ReportField field, int64_t value) {
  if (value == 0) return Status::Ok();
  // The cells are found again only when the currency changes.
  if (targets.cells.empty() || targets.cells_currency != currency) {
    targets.cells.clear();
    targets.cells_currency = std::string(currency);
    for (const std::string& scope : targets.scopes) {
      targets.cells.push_back(&delta_.For(scope).MutableCell("", currency));
    }
  }
  for (FigureCell* cell : targets.cells) RETURN_IF_ERROR(cell->Add(field, value));
  return Status::Ok();
}

Status ContributionWriter::AddCount(const ContributionTargets& targets, std::string_view currency,
                                    ReportField count, ReportField amount, int64_t value) {
  RETURN_IF_ERROR(Add(targets, currency, count, 1));
  return Add(targets, currency, amount, value);
}

void ContributionWriter::SetGauge(const std::string& scope, std::string_view currency,
                                  ReportGauge gauge, int64_t value) {
  delta_.For(scope).SetGauge(currency, gauge, sequence_, value);
}

Status ContributionWriter::AddInvestment(const ContributionTargets& targets,
                                         std::string_view enterprise, std::string_view holder,
                                         schema::InvestmentKind kind, std::string_view currency,
                                         int64_t count, int64_t amount) {
  ASSIGN_OR_RETURN(const PartyRecord* record, facts_.Party(enterprise));
  auto by_kind = static_cast<unsigned>(kind);
  RETURN_IF_ERROR(Add(targets, currency, ReportField::InvestmentsCount, count));
  RETURN_IF_ERROR(Add(targets, currency, ReportField::InvestmentsAmount, amount));
  RETURN_IF_ERROR(
      Add(targets, currency, FieldAfter(ReportField::PublicInterestCount, by_kind), count));
  RETURN_IF_ERROR(
      Add(targets, currency, FieldAfter(ReportField::PublicInterestAmount, by_kind), amount));
  RETURN_IF_ERROR(Add(targets, currency, ReportField::StakesAcquired, count));
  if (IsSeedStage(*record, time_us_)) {
    RETURN_IF_ERROR(Add(targets, currency, ReportField::SeedStageCount, count));
    RETURN_IF_ERROR(Add(targets, currency, ReportField::SeedStageAmount, amount));
  }
  ASSIGN_OR_RETURN(std::string own, OwnScope(holder));
  if (own.empty()) return Status::Ok();
  std::vector<std::string> breakdowns;
  if (!record->district.empty()) breakdowns.push_back("district:" + record->district);
  if (!record->maker_space.empty()) breakdowns.push_back("maker-space:" + record->maker_space);
  for (const std::string& breakdown : breakdowns) {
    RETURN_IF_ERROR(AddTo(own, breakdown, currency, ReportField::InvestmentsCount, count));
    RETURN_IF_ERROR(AddTo(own, breakdown, currency, ReportField::InvestmentsAmount, amount));
  }
  std::string by_enterprise = "enterprise:" + std::string(enterprise);
  RETURN_IF_ERROR(AddTo(own, by_enterprise, currency, ReportField::StakesAcquired, count));
  return AddTo(own, by_enterprise, currency, ReportField::InvestmentsAmount, amount);
}

Status ContributionWriter::AddStakeClosed(const ContributionTargets& targets,
                                          std::string_view enterprise, std::string_view holder,
                                          std::string_view currency, Amount realised) {
  RETURN_IF_ERROR(Add(targets, currency, ReportField::StakesClosed, 1));
  if (realised.is_negative()) {
    if (realised.minor_units() == INT64_MIN) {
      return Status(ErrorCode::Overflow, "report: a realised loss overflows");
    }
    RETURN_IF_ERROR(Add(targets, currency, ReportField::RealisedLosses, -realised.minor_units()));
  } else {
    RETURN_IF_ERROR(Add(targets, currency, ReportField::RealisedGains, realised.minor_units()));
  }
  ASSIGN_OR_RETURN(std::string own, OwnScope(holder));
  if (own.empty()) return Status::Ok();
  return AddTo(own, "enterprise:" + std::string(enterprise), currency, ReportField::StakesClosed,
               1);
}

}  // namespace crowdledger
