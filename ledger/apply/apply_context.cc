// ApplyContext: party checks and the one function that moves value.
#include "ledger/apply/apply_context.h"

#include "ledger/state/record_codec.h"

namespace crowdledger {
namespace {

AccountKind KindOf(std::string_view account) {
  if (account.starts_with("external:")) return AccountKind::External;
  if (account.starts_with("escrow:")) return AccountKind::Escrow;
  return AccountKind::Cash;
}

}  // namespace

Result<std::optional<std::string>> ApplyContext::Get(std::string_view key) {
  records_.Forget(key);
  return state_.Get(key);
}

void ApplyContext::Put(std::string_view key, std::string value) {
  records_.Forget(key);
  state_.Put(key, std::move(value));
}

Status ApplyContext::PutNew(std::string_view key, std::string value) {
  records_.Forget(key);
  return state_.PutNew(key, std::move(value));
}

Result<Amount> ApplyContext::FindTotal(std::string_view key) {
  records_.Forget(key);
  ASSIGN_OR_RETURN(const std::string* stored, state_.Peek(key));
  if (stored == nullptr) return Amount();
  RecordReader reader(*stored, "running total");
  Amount total = Amount::FromMinorUnits(reader.I64());
  return FinishRecord(reader, total);
}

void ApplyContext::StoreTotal(std::string_view key, Amount total) {
  records_.Forget(key);
  state_.Put(key, RecordWriter(kRecordVersion).I64(total.minor_units()).Finish());
}

void ApplyContext::NoteParty(std::string_view party) {
  if (party.empty()) return;
  // Most transactions name a few parties, and a scan beats hashing; one of 1,000 pledges by
  // as many investors would make the scan quadratic, so past a few a set answers.
  constexpr size_t kScanned = 8;
  if (parties_.size() < kScanned) {
    for (const std::string& noted : parties_) {
      if (noted == party) return;
    }
    parties_.emplace_back(party);
    if (parties_.size() == kScanned) named_.insert(parties_.begin(), parties_.end());
    return;
  }
  if (!named_.emplace(party).second) return;
  parties_.emplace_back(party);
}

namespace {

Status PartyNotRegistered(std::string_view party) {
  return Status(ErrorCode::NotFound, "party '" + std::string(party) + "' is not registered");
}

}  // namespace

Result<PartyRecord> ApplyContext::RequireParty(std::string_view party) {
  ASSIGN_OR_RETURN(auto record, Find<PartyRecord>(PartyKey(party)));
  if (!record) return PartyNotRegistered(party);
  NoteParty(party);
  return std::move(*record);
}

Status ApplyContext::RequirePartyRegistered(std::string_view party) {
  KeyText key = PartyKey(party);
  records_.Forget(key);
  ASSIGN_OR_RETURN(const std::string* stored, state_.Peek(key));
  if (stored == nullptr) return PartyNotRegistered(party);
  NoteParty(party);
  return Status::Ok();
}

Status ApplyContext::RequireSelfOr(std::string_view party, schema::Role role) const {
  if (party == submitter_ || HasRole(role)) return Status::Ok();
  return Status(ErrorCode::NotPermitted,
                "party '" + submitter_ + "' may not act for '" + std::string(party) + "'");
}

Result<AccountRecord> ApplyContext::LoadAccount(std::string_view account,
                                                std::string_view currency) {
  // Accounts of no party (a campaign's escrow, a fund's reserve) are what many operations of
  // one transaction move value to or from.
  KeyText key = AccountKey(account);
  ASSIGN_OR_RETURN(auto record, PartyOfAccount(account).empty() ? FindShared<AccountRecord>(key)
                                                                : Find<AccountRecord>(key));
  if (!record) return AccountRecord{KindOf(account), std::string(currency), Amount()};
  if (record->currency != currency) {
    return Status(ErrorCode::CurrencyMismatch, "account " + std::string(account) + " holds " +
                                                   record->currency + ", not " +
                                                   std::string(currency));
  }
  return std::move(*record);
}

Result<Amount> ApplyContext::Balance(std::string_view account) {
  ASSIGN_OR_RETURN(auto record, Find<AccountRecord>(AccountKey(account)));
  return record ? record->balance : Amount();
}

Status ApplyContext::Move(std::string from, std::string to, std::string_view currency,
                          Amount amount) {
  if (amount.is_negative()) {
    return Status(ErrorCode::InvalidArgument, "a movement of a negative amount");
  }
  if (amount.is_zero()) return Status::Ok();
  if (from == to)
    return Status(ErrorCode::InvalidArgument, "a movement from " + from + " to itself");
  ASSIGN_OR_RETURN(AccountRecord source, LoadAccount(from, currency));
  ASSIGN_OR_RETURN(AccountRecord target, LoadAccount(to, currency));
  auto debited = source.balance.CheckedSubtract(amount);
  auto credited = target.balance.CheckedAdd(amount);
  if (!debited || !credited) return Status(ErrorCode::Overflow, "balance overflow moving to " + to);
  if (debited->is_negative() && source.kind != AccountKind::External) {
    return Status(ErrorCode::InsufficientFunds,
                  from + " holds " + std::to_string(source.balance.minor_units()) + " " +
                      std::string(currency) + ", needs " + std::to_string(amount.minor_units()));
  }
  source.balance = *debited;
  target.balance = *credited;
  Store(AccountKey(from), source);
  Store(AccountKey(to), target);
  NoteParty(PartyOfAccount(from));
  NoteParty(PartyOfAccount(to));
  movements_.push_back(
      Movement{operation_index_, std::move(from), std::move(to), std::string(currency), amount});
  return Status::Ok();
}

}  // namespace crowdledger
