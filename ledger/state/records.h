// The state records of the ledger's domain and their keys in the state store (documented in
// docs/state.md). Each record encodes with RecordWriter, version 1, fields in order.
// Thread-safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "crypto/ed25519.h"
#include "ledger/money.h"
#include "ledger/state/key_text.h"
#include "ledger_entry_generated.h"

namespace crowdledger {

struct PartyRecord {
  schema::PartyKind kind = schema::PartyKind::Unspecified;
  std::string display_name;
  int64_t founded_us = 0;
  std::string district;
  std::string maker_space;
  bool micro_enterprise = false;
  bool institution = false;

  std::string Encode() const;
  static Result<PartyRecord> Decode(std::string_view bytes);
};

struct KeyRecord {
  Ed25519PublicKeyBytes public_key{};
  uint32_t roles = 0;
  bool revoked = false;
  uint64_t revoked_at_sequence = 0;

  std::string Encode() const;
  static Result<KeyRecord> Decode(std::string_view bytes);
};

// What an account may hold: cash, escrow and pool accounts never go negative; an external
// account mirrors money outside the ledger and goes negative as money comes in.
enum class AccountKind : uint8_t { Cash = 0, External = 1, Escrow = 2 };

struct AccountRecord {
  AccountKind kind = AccountKind::Cash;
  std::string currency;
  Amount balance;

  std::string Encode() const;
  static Result<AccountRecord> Decode(std::string_view bytes);
};

// One movement of value between two accounts, as recorded in an entry's outcome.
struct Movement {
  uint32_t operation = 0;
  std::string from;
  std::string to;
  std::string currency;
  Amount amount;
  bool operator==(const Movement&) const = default;
};

// Account ids, as they appear in movements.
std::string CashAccount(std::string_view party, std::string_view currency);
std::string ExternalAccount(std::string_view party, std::string_view currency);
std::string EscrowAccount(std::string_view campaign);
// The party whose cash or external account this is; empty for escrow and reserve accounts.
std::string_view PartyOfAccount(std::string_view account);

// State keys.
KeyText PartyKey(std::string_view party);
std::string KeyKey(std::string_view party, uint32_t key_id);
KeyText AccountKey(std::string_view account);
// AccountKey(CashAccount(party, currency)), built at once.
KeyText CashAccountKey(std::string_view party, std::string_view currency);

// Handles of parties, campaigns, stakes, loans...: 1..64 characters of [a-z0-9._-].
inline constexpr size_t kMaxHandleLength = 64;
bool IsValidHandle(std::string_view handle);
// Ids the ledger derives from handles: 1..max_parts handles joined by '/', such as the stake
// "<campaign>/<investor>" a campaign issues.
bool IsValidCompoundId(std::string_view id, size_t max_parts);
inline constexpr size_t kStakeIdParts = 3;  // "<stake>/match/<fund>", "<campaign>/<investor>"
inline constexpr size_t kLoanIdParts = 2;   // "<campaign>/<investor>" for debt campaigns

}  // namespace crowdledger
