// InvariantChecker: conservation, non-negative accounts and campaign escrow, per entry.
#include "ledger/audit/invariants.h"

#include <set>

#include "ledger/campaigns/campaign_record.h"

namespace crowdledger {
namespace {

Status Broken(const std::string& what) { return Status(ErrorCode::Corruption, what); }

// "escrow:<campaign>": campaign escrows are the escrow accounts named by a bare handle
// (matching and guarantee reserves have a further ':').
std::optional<std::string_view> CampaignOfEscrow(std::string_view account) {
  constexpr std::string_view kPrefix = "escrow:";
  if (!account.starts_with(kPrefix)) return std::nullopt;
  std::string_view rest = account.substr(kPrefix.size());
  if (rest.find(':') != std::string_view::npos || !IsValidHandle(rest)) return std::nullopt;
  return rest;
}

Result<std::optional<AccountRecord>> ReadAccount(StateStore& state, const std::string& account) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(AccountKey(account)));
  if (!bytes) return std::optional<AccountRecord>();
  ASSIGN_OR_RETURN(AccountRecord record, AccountRecord::Decode(*bytes));
  return std::optional<AccountRecord>(std::move(record));
}

}  // namespace

void InvariantChecker::Seed(std::string_view account, const AccountRecord& record) {
  expected_[std::string(account)] = Expected{record.currency, record.balance.minor_units()};
}

Status InvariantChecker::CheckAccount(StateStore& state, const std::string& account,
                                      const Expected& expected) {
  ASSIGN_OR_RETURN(auto record, ReadAccount(state, account));
  if (!record) return Broken("account " + account + " has movements but does not exist");
  if (record->currency != expected.currency) {
    return Broken("account " + account + " holds " + record->currency + ", its movements " +
                  expected.currency);
  }
  __extension__ __int128 balance = record->balance.minor_units();
  if (balance != expected.balance) {
    return Broken("account " + account + " holds " + std::to_string(record->balance.minor_units()) +
                  " but its movements add up to another amount");
  }
  if (record->kind != AccountKind::External && balance < 0) {
    return Broken("account " + account + " is negative");
  }
  return Status::Ok();
}

Status InvariantChecker::CheckCampaignEscrow(StateStore& state, std::string_view campaign) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(CampaignKey(campaign)));
  if (!bytes) return Status::Ok();  // an escrow account of another kind's name
  ASSIGN_OR_RETURN(CampaignRecord record, CampaignRecord::Decode(*bytes));
  ASSIGN_OR_RETURN(auto escrow, ReadAccount(state, EscrowAccount(campaign)));
  int64_t held = escrow ? escrow->balance.minor_units() : 0;
  std::string name = "campaign " + std::string(campaign);
  if (record.status == CampaignStatus::Open) {
    if (held != record.raised.minor_units()) {
      return Broken(name + " is open with " + std::to_string(record.raised.minor_units()) +
                    " pledged but its escrow holds " + std::to_string(held));
    }
    if (!record.hard_cap.is_zero() && record.hard_cap < record.raised) {
      return Broken(name + " raised more than its hard cap");
    }
  } else if (held != 0) {
    return Broken(name + " is settled but its escrow still holds " + std::to_string(held));
  }
  return Status::Ok();
}

Status InvariantChecker::AfterEntry(StateStore& state, const std::vector<Movement>& movements) {
  std::set<std::string> moved;
  for (const Movement& movement : movements) {
    if (movement.amount.minor_units() <= 0 || movement.from == movement.to) {
      return Broken("a movement from " + movement.from + " to " + movement.to +
                    " is not a positive amount between two accounts");
    }
    for (const std::string* account : {&movement.from, &movement.to}) {
      auto [it, added] = expected_.try_emplace(*account, Expected{movement.currency, 0});
      if (!added && it->second.currency != movement.currency) {
        return Broken("account " + *account + " moved " + movement.currency + " and " +
                      it->second.currency);
      }
    }
    expected_[movement.from].balance -= movement.amount.minor_units();
    expected_[movement.to].balance += movement.amount.minor_units();
    moved.insert(movement.from);
    moved.insert(movement.to);
  }
  for (const std::string& account : moved) {
    RETURN_IF_ERROR(CheckAccount(state, account, expected_.at(account)));
    if (auto campaign = CampaignOfEscrow(account)) {
      RETURN_IF_ERROR(CheckCampaignEscrow(state, *campaign));
    }
  }
  return Status::Ok();
}

std::vector<std::string> InvariantChecker::AccountNames() const {
  std::vector<std::string> names;
  names.reserve(expected_.size());
  for (const auto& [account, expected] : expected_) names.push_back(account);
  return names;
}

Status InvariantChecker::Sweep(StateStore& state) const {
  for (const auto& [account, expected] : expected_) {
    RETURN_IF_ERROR(CheckAccount(state, account, expected));
  }
  return Status::Ok();
}

}  // namespace crowdledger
