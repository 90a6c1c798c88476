// Encoding of the domain's state records.
#include "ledger/state/records.h"

#include "ledger/state/record_codec.h"

namespace crowdledger {
std::string PartyRecord::Encode() const {
  return RecordWriter(kRecordVersion)
      .U8(static_cast<uint8_t>(kind))
      .Text(display_name)
      .I64(founded_us)
      .Text(district)
      .Text(maker_space)
      .Bool(micro_enterprise)
      .Bool(institution)
      .Finish();
}

Result<PartyRecord> PartyRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "party");
  PartyRecord record;
  record.kind = static_cast<schema::PartyKind>(reader.U8());
  record.display_name = reader.Text();
  record.founded_us = reader.I64();
  record.district = reader.Text();
  record.maker_space = reader.Text();
  record.micro_enterprise = reader.Bool();
  record.institution = reader.Bool();
  return FinishRecord(reader, std::move(record));
}

std::string KeyRecord::Encode() const {
  return RecordWriter(kRecordVersion)
      .Text(AsText(public_key))
      .U32(roles)
      .Bool(revoked)
      .U64(revoked_at_sequence)
      .Finish();
}

Result<KeyRecord> KeyRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "key");
  KeyRecord record;
  std::string raw = reader.Text();
  record.roles = reader.U32();
  record.revoked = reader.Bool();
  record.revoked_at_sequence = reader.U64();
  if (raw.size() != record.public_key.size()) {
    return Status(ErrorCode::Corruption, "key record holds a public key of the wrong size");
  }
  std::copy(raw.begin(), raw.end(), record.public_key.begin());
  return FinishRecord(reader, record);
}

std::string AccountRecord::Encode() const {
  // Version, kind, the currency's length and the balance: 14 bytes, and the currency.
  return RecordWriter(kRecordVersion, 14 + currency.size())
      .U8(static_cast<uint8_t>(kind))
      .Text(currency)
      .I64(balance.minor_units())
      .Finish();
}

Result<AccountRecord> AccountRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "account");
  AccountRecord record;
  record.kind = static_cast<AccountKind>(reader.U8());
  record.currency = reader.Text();
  record.balance = Amount::FromMinorUnits(reader.I64());
  return FinishRecord(reader, std::move(record));
}

std::string CashAccount(std::string_view party, std::string_view currency) {
  return "cash:" + std::string(party) + ":" + std::string(currency);
}
std::string ExternalAccount(std::string_view party, std::string_view currency) {
  return "external:" + std::string(party) + ":" + std::string(currency);
}
std::string EscrowAccount(std::string_view campaign) { return "escrow:" + std::string(campaign); }

std::string_view PartyOfAccount(std::string_view account) {
  for (std::string_view prefix : {"cash:", "external:"}) {
    if (account.starts_with(prefix)) {
      account.remove_prefix(prefix.size());
      return account.substr(0, account.find(':'));
    }
  }
  return {};
}

KeyText PartyKey(std::string_view party) { return {"p/", party}; }
std::string KeyKey(std::string_view party, uint32_t key_id) {
  return "k/" + std::string(party) + "/" + std::to_string(key_id);
}
KeyText AccountKey(std::string_view account) { return {"a/", account}; }
KeyText CashAccountKey(std::string_view party, std::string_view currency) {
  return {"a/cash:", party, ":", currency};
}

bool IsValidHandle(std::string_view handle) {
  if (handle.empty() || handle.size() > kMaxHandleLength) return false;
  for (char c : handle) {
    bool allowed =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!allowed) return false;
  }
  return true;
}

bool IsValidCompoundId(std::string_view id, size_t max_parts) {
  size_t parts = 0;
  while (true) {
    size_t slash = id.find('/');
    if (!IsValidHandle(id.substr(0, slash)) || ++parts > max_parts) return false;
    if (slash == std::string_view::npos) return true;
    id.remove_prefix(slash + 1);
  }
}

}  // namespace crowdledger
