// InvariantChecker: the domain invariants an auditor checks at every entry of a replay.
// - Conservation: an entry's movements are positive amounts between two different accounts
//   of one currency (so each moves value without creating it), and every account holds
//   exactly what the movements recorded since genesis add up to: no value appears or
//   vanishes outside a recorded movement, and per currency all balances (external accounts
//   negative) sum to zero.
// - No account but an external one is ever negative.
// - A campaign's escrow holds exactly its live pledges while it is open (and no more than its
//   hard cap), and nothing once it is settled.
// Per entry it looks only at what the entry moved; Sweep compares every account at the end.
// Thread-safety: none.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/state/records.h"
#include "ledger/state/state_store.h"

namespace crowdledger {

class InvariantChecker {
 public:
  // After an entry was applied to `state` with these movements: the first invariant broken.
  Status AfterEntry(StateStore& state, const std::vector<Movement>& movements);
  // An account as an earlier audit left it (an incremental audit starts from there).
  void Seed(std::string_view account, const AccountRecord& record);
  // Every account ever moved still equals its movements.
  Status Sweep(StateStore& state) const;

  size_t accounts() const { return expected_.size(); }
  // The accounts ever moved, in no particular order.
  std::vector<std::string> AccountNames() const;

 private:
  struct Expected {
    std::string currency;
    __extension__ __int128 balance = 0;  // sums of near-limit amounts may pass 64 bits
  };
  static Status CheckAccount(StateStore& state, const std::string& account,
                             const Expected& expected);
  static Status CheckCampaignEscrow(StateStore& state, std::string_view campaign);

  std::unordered_map<std::string, Expected> expected_;
};

}  // namespace crowdledger
