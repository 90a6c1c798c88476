// Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/): valid inputs of
// every kind, built with the same code the ledger and the client use, so that mutations start
// from deep inside each decoder. Run once when the formats change:
//   make_fuzz_corpus tests/fuzz/corpus
#include <filesystem>
#include <fstream>

#include "api/client.h"
#include "api/transaction_builder.h"
#include "crypto/sha256.h"
#include "ledger/campaigns/campaign_record.h"
#include "ledger/ledger.h"
#include "ledger/loans/loan_records.h"
#include "ledger/matching/matching_records.h"

namespace crowdledger {
namespace {

namespace fs = std::filesystem;
using Builder = api::TransactionBuilder;

Ed25519PrivateKey KeyFor(const std::string& party) {
  return *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("corpus key of " + party)));
}

void Write(const fs::path& directory, const std::string& name, std::string_view bytes) {
  fs::create_directories(directory);
  std::ofstream(directory / name, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// One transaction per family of operations.
std::vector<SignedTransaction> Transactions() {
  std::vector<SignedTransaction> all;
  auto add = [&](const std::string& submitter, const std::function<void(Builder&)>& fill) {
    Builder builder(submitter, 1, all.size() + 1, 1'700'000'000'000'000);
    fill(builder);
    all.push_back(builder.Sign(KeyFor(submitter)));
  };
  add("authority", [](auto& b) {
    b.RegisterParty("alice", schema::PartyKind::Investor)
        .RegisterKey("alice", 1, KeyFor("alice").public_key(), schema::Role::Post)
        .RevokeKey("alice", 2)
        .SetPolicy(schema::PolicyParameter::SeedStageAgeDays, 1000);
  });
  add("bank", [](auto& b) {
    b.Deposit("alice", "CNY", 100).Withdraw("alice", "CNY", 5).Transfer("bank", "alice", "CNY", 7);
  });
  add("platform", [](auto& b) {
    Builder::CampaignTerms t;
    t.campaign = "c1";
    t.platform = "platform";
    t.enterprise = "acme";
    t.kind = schema::CampaignKind::Equity;
    t.goal = 1000;
    t.closes_us = 10;
    t.equity_shares = 100;
    b.OpenCampaign(t).Pledge("c1", "alice", 10).CancelPledge("c1", "alice").CloseCampaign("c1");
  });
  add("alice", [](auto& b) {
    b.RecordInvestment("s1", "alice", "acme", schema::InvestmentKind::Angel, 100, 10)
        .TransferStake("s1", "s2", "bob", 5, 60)
        .ExitStake("s1", "bob", 40)
        .WriteOffStake("c1/alice");
  });
  add("fund", [](auto& b) {
    Builder::MatchingTerms m;
    m.fund = "fund";
    m.rule = "r1";
    m.per_enterprise_cap = 100;
    m.budget = 1000;
    m.eligible_kinds = {schema::InvestmentKind::Angel};
    b.SetMatchingRule(m);
  });
  add("bank", [](auto& b) {
    Builder::LoanTerms l;
    l.loan = "l1";
    l.lender = "bank";
    l.borrower = "acme";
    l.principal = 1000;
    l.maturity_us = 99;
    l.first_loan = true;
    l.linked_stake = "s1";
    l.guarantor = "g";
    l.guaranteed_share_bp = 5000;
    b.OfferGuarantee("l1", "g", "bank", "acme", 600)
        .DisburseLoan(l)
        .RepayLoan("l1", 10, 1)
        .WriteOffLoan("l1");
  });
  add("pool", [](auto& b) {
    b.SetCompensationPolicy("pool", 4000, 4000, 100, 1000)
        .ClaimCompensation("pool", schema::LossKind::FirstLoanLoss, "l1");
  });
  add("authority", [](auto& b) {
    b.GrantSubsidy("authority", "acme", schema::SubsidyKind::Startup, 100)
        .IssueVoucher("v1", "authority", "acme", 50, 99)
        .RedeemVoucher("v1", "ip");
  });
  return all;
}

std::string Query(
    schema::QueryBody kind,
    const std::function<flatbuffers::Offset<void>(flatbuffers::FlatBufferBuilder&)>& body) {
  flatbuffers::FlatBufferBuilder builder;
  auto offset = body(builder);
  builder.Finish(schema::CreateQuery(builder, builder.CreateString("alice"), 1, 5, 6, kind, offset),
                 schema::QueryIdentifier());
  return std::string(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
}

int Main(const fs::path& out) {
  auto transactions = Transactions();
  for (size_t i = 0; i < transactions.size(); ++i) {
    const SignedTransaction& tx = transactions[i];
    Write(out / "fuzz_transaction", "tx" + std::to_string(i), tx.bytes);
    Write(out / "fuzz_request", "write" + std::to_string(i),
          api::BuildRequest(i, schema::PayloadKind::Transaction, tx.bytes, tx.signature));
  }
  std::vector<std::string> queries = {
      Query(schema::QueryBody::EntryQuery,
            [](auto& b) { return schema::CreateEntryQuery(b, 3).Union(); }),
      Query(schema::QueryBody::EntriesOfPartyQuery,
            [](auto& b) {
              return schema::CreateEntriesOfPartyQueryDirect(b, "alice", 0, 10).Union();
            }),
      Query(schema::QueryBody::BalanceQuery,
            [](auto& b) { return schema::CreateBalanceQueryDirect(b, "cash:alice:CNY").Union(); }),
      Query(schema::QueryBody::PortfolioQuery,
            [](auto& b) { return schema::CreatePortfolioQueryDirect(b, "alice", 0, 5).Union(); }),
      Query(schema::QueryBody::InclusionProofQuery,
            [](auto& b) { return schema::CreateInclusionProofQuery(b, 1, 9).Union(); }),
      Query(schema::QueryBody::SubscribeQuery,
            [](auto& b) { return schema::CreateSubscribeQuery(b, 0).Union(); }),
  };
  for (size_t i = 0; i < queries.size(); ++i) {
    Write(out / "fuzz_request", "read" + std::to_string(i),
          api::BuildRequest(100 + i, schema::PayloadKind::Query, queries[i], std::string(64, 's')));
  }
  // An empty payload, which once reached memcpy with a null pointer.
  Write(out / "fuzz_request", "empty-payload",
        api::BuildRequest(200, schema::PayloadKind::Transaction, "", std::string(64, 's')));
  // Entries: the transactions applied (or refused) into a ledger, read back as stored.
  fs::path directory = fs::temp_directory_path() / "crowdledger-make-corpus";
  fs::remove_all(directory);
  if (!Ledger::Create(directory, "corpus.example/l", KeyFor("authority"), 1'700'000'000'000'000)
           .ok())
    return 1;
  {
    auto ledger = Ledger::Open(directory);
    if (!ledger.ok()) return 1;
    Builder setup("authority", 1, 1000, 0);
    setup.RegisterParty("bank", schema::PartyKind::Bank)
        .RegisterKey("bank", 1, KeyFor("bank").public_key(), schema::Role::Post)
        .RegisterParty("alice", schema::PartyKind::Investor);
    std::vector<SignedTransaction> group{setup.Sign(KeyFor("authority")), transactions[1]};
    (void)(*ledger)->SubmitGroup(group, 1'700'000'000'000'001);
    for (uint64_t i = 0; i < (*ledger)->log().size(); ++i) {
      auto entry = (*ledger)->log().ReadEntry(i);
      if (entry.ok()) Write(out / "fuzz_entry", "entry" + std::to_string(i), *entry);
    }
    Write(out / "fuzz_checkpoint", "checkpoint", (*ledger)->log().latest_checkpoint());
  }
  fs::remove_all(directory);
  // State records, each behind the byte that selects its decoder in fuzz_state_record.
  PartyRecord party;
  party.display_name = "Alice";
  party.maker_space = "space";
  StakeRecord stake;
  stake.investor = "alice";
  stake.cost_basis = Amount::FromMinorUnits(100);
  LoanRecord loan;
  loan.lender = "bank";
  loan.principal = Amount::FromMinorUnits(1000);
  MatchingRuleRecord rule;
  rule.currency = "CNY";
  std::vector<std::pair<char, std::string>> records = {{0, party.Encode()},
                                                       {5, stake.Encode()},
                                                       {7, rule.Encode()},
                                                       {8, EncodeActiveRules({{"fund", "r1"}})},
                                                       {9, loan.Encode()}};
  for (const auto& [kind, bytes] : records) {
    Write(out / "fuzz_state_record", "record" + std::to_string(static_cast<int>(kind)),
          std::string(1, kind) + bytes);
  }
  Write(out / "fuzz_json_transaction", "deposit.json",
        R"({"id": {"high": 0, "low": 1}, "submitter": "alice", "key_id": 1,
 "operations": [{"operation_type": "Deposit",
                 "operation": {"party": "alice", "currency": "CNY", "amount": 250000}}]})");
  Write(out / "fuzz_json_transaction", "register.json",
        R"({"id": {"high": 0, "low": 2}, "submitter": "authority", "key_id": 1,
 "operations": [{"operation_type": "RegisterParty", "operation": {"party": "bob", "kind": "Investor"}},
  {"operation_type": "RegisterKey", "operation": {"party": "bob", "key_id": 1, "public_key": [1,2,3], "roles": "Post"}}]})");
  return 0;
}

}  // namespace
}  // namespace crowdledger

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  return crowdledger::Main(argv[1]);
}
