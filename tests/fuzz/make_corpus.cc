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

// fuzz_export's input: u16le(checkpoint size) || checkpoint || entries.bin (its records).
std::string ExportInput(const std::string& checkpoint, const std::vector<std::string>& entries) {
  std::string input{static_cast<char>(checkpoint.size() & 0xff),
                    static_cast<char>(checkpoint.size() >> 8)};
  input += checkpoint;
  for (const std::string& entry : entries) {
    for (int shift = 0; shift < 32; shift += 8) {
      input += static_cast<char>((entry.size() >> shift) & 0xff);
    }
    input += entry;
  }
  return input;
}

// fuzz_response's seeds: a response with each kind of body a client reads, and a refusal.
void WriteResponses(const fs::path& directory, const std::string& entry,
                    const std::string& checkpoint) {
  using BodyMaker = std::function<std::pair<schema::ResponseBody, flatbuffers::Offset<void>>(
      flatbuffers::FlatBufferBuilder&)>;
  std::vector<std::pair<std::string, BodyMaker>> bodies = {
      {"submit",
       [](auto& b) {
         std::vector<uint8_t> digest(32, 7);
         std::vector<flatbuffers::Offset<schema::Movement>> movements = {
             schema::CreateMovementDirect(b, 0, "external:alice:CNY", "cash:alice:CNY", "CNY",
                                          100)};
         return std::make_pair(
             schema::ResponseBody::SubmitResult,
             schema::CreateSubmitResultDirect(b, 3, false, &digest, &movements).Union());
       }},
      {"entry",
       [&entry](auto& b) {
         std::vector<uint8_t> bytes(entry.begin(), entry.end());
         return std::make_pair(schema::ResponseBody::EntryResult,
                               schema::CreateEntryResultDirect(b, &bytes).Union());
       }},
      {"checkpoint",
       [&checkpoint](auto& b) {
         return std::make_pair(schema::ResponseBody::CheckpointResult,
                               schema::CreateCheckpointResultDirect(b, checkpoint.c_str()).Union());
       }},
      {"proof",
       [](auto& b) {
         std::vector<uint8_t> hashes(64, 9);
         return std::make_pair(schema::ResponseBody::ProofResult,
                               schema::CreateProofResultDirect(b, &hashes).Union());
       }},
      {"portfolio",
       [](auto& b) {
         std::vector<flatbuffers::Offset<flatbuffers::String>> items = {b.CreateString("stake:s1"),
                                                                        b.CreateString("loan:l1")};
         return std::make_pair(schema::ResponseBody::PortfolioResult,
                               schema::CreatePortfolioResultDirect(b, &items, 2).Union());
       }},
  };
  for (const auto& [name, make] : bodies) {
    flatbuffers::FlatBufferBuilder builder;
    auto [kind, body] = make(builder);
    builder.Finish(schema::CreateResponse(builder, 5, ErrorCode::Ok, -1, 0, kind, body),
                   schema::ResponseIdentifier());
    Write(directory, name,
          std::string_view(reinterpret_cast<const char*>(builder.GetBufferPointer()),
                           builder.GetSize()));
  }
  Write(directory, "refusal",
        api::ErrorResponse(6, Status(ErrorCode::InsufficientFunds, "alice holds 5"), 2));
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
    std::vector<std::string> entries;
    for (uint64_t i = 0; i < (*ledger)->log().size(); ++i) {
      auto entry = (*ledger)->log().ReadEntry(i);
      if (!entry.ok()) return 1;
      Write(out / "fuzz_entry", "entry" + std::to_string(i), *entry);
      entries.push_back(*entry);
    }
    const std::string checkpoint = (*ledger)->log().latest_checkpoint();
    Write(out / "fuzz_checkpoint", "checkpoint", checkpoint);
    Write(out / "fuzz_export", "export", ExportInput(checkpoint, entries));
    WriteResponses(out / "fuzz_response", entries.back(), checkpoint);
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
