// Authorisation and answers for each kind of read.
#include "api/query_answers.h"

#include "ledger/apply/operation_rules.h"
#include "ledger/campaigns/campaign_record.h"
#include "ledger/log_keys.h"
#include "ledger/portfolio/portfolio.h"
#include "ledger/reports/ledger_report.h"

namespace crowdledger::api {
namespace {

using Builder = flatbuffers::FlatBufferBuilder;

std::string Finish(Builder& builder, uint64_t request_id, schema::ResponseBody kind,
                   flatbuffers::Offset<void> body) {
  builder.Finish(schema::CreateResponse(builder, request_id, ErrorCode::Ok, -1, 0, kind, body),
                 schema::ResponseIdentifier());
  return std::string(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
}

Status NotYours(std::string_view what) {
  return Status(ErrorCode::NotPermitted, std::string(what) + " belongs to another party");
}

uint32_t Page(uint32_t asked, uint32_t max_page) {
  return asked == 0 || asked > max_page ? max_page : asked;
}

std::string HashesView(const std::vector<Hash>& hashes) {
  std::string bytes;
  for (const Hash& hash : hashes) bytes.append(AsText(hash));
  return bytes;
}

std::string Proof(uint64_t request_id, const std::vector<Hash>& hashes) {
  Builder builder(64 + 32 * hashes.size());
  std::string bytes = HashesView(hashes);
  auto vector = builder.CreateVector(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return Finish(builder, request_id, schema::ResponseBody::ProofResult,
                schema::CreateProofResult(builder, vector).Union());
}

// The report a ReportQuery asks for, its fields checked as any input from outside.
Result<std::string> SignedReport(Ledger& ledger, const schema::ReportQuery& query) {
  if (query.kind() < schema::ReportKind::MIN || query.kind() > schema::ReportKind::MAX) {
    return Status(ErrorCode::InvalidArgument,
                  "unknown report kind " + std::to_string(static_cast<int>(query.kind())));
  }
  ASSIGN_OR_RETURN(
      ReportRequest request,
      MakeReportRequest(static_cast<ReportKind>(query.kind()), std::string(View(query.id())),
                        View(query.from_date()), View(query.to_date()), query.tree_size(),
                        ledger.log().size()));
  return SignedLedgerReport(ledger, request);
}

}  // namespace

Status AuthorizeQuery(Ledger& ledger, const schema::Query& query, uint32_t roles) {
  const auto kReadAll =
      static_cast<uint32_t>(schema::Role::Audit) | static_cast<uint32_t>(schema::Role::Administer);
  if ((roles & kReadAll) != 0) return Status::Ok();
  std::string_view party = View(query.party());
  switch (query.body_type()) {
    case schema::QueryBody::EntryQuery: {
      uint64_t sequence = query.body_as_EntryQuery()->sequence();
      ASSIGN_OR_RETURN(bool concerns, ledger.EntryConcernsParty(party, sequence));
      return concerns ? Status::Ok() : NotYours("entry " + std::to_string(sequence));
    }
    case schema::QueryBody::EntriesOfPartyQuery:
      return View(query.body_as_EntriesOfPartyQuery()->party()) == party ? Status::Ok()
                                                                         : NotYours("the index");
    case schema::QueryBody::BalanceQuery:
      return PartyOfAccount(View(query.body_as_BalanceQuery()->account())) == party
                 ? Status::Ok()
                 : NotYours("the account");
    case schema::QueryBody::PortfolioQuery:
      return View(query.body_as_PortfolioQuery()->party()) == party ? Status::Ok()
                                                                    : NotYours("the portfolio");
    case schema::QueryBody::CampaignQuery:
    case schema::QueryBody::CheckpointQuery:
    case schema::QueryBody::InclusionProofQuery:
    case schema::QueryBody::ConsistencyProofQuery:
      return Status::Ok();
    case schema::QueryBody::SubscribeQuery:
      return Status(ErrorCode::NotPermitted, "streaming the ledger needs the Audit role");
    case schema::QueryBody::ReportQuery:
      return Status(ErrorCode::NotPermitted, "reports need the Audit or Administer role");
    case schema::QueryBody::NONE:
      break;
  }
  return Status(ErrorCode::Malformed, "unknown query kind");
}

Result<std::string> AnswerQueryBody(Ledger& ledger, const schema::Query& query, uint64_t request_id,
                                    uint32_t max_page) {
  Builder builder(1024);
  switch (query.body_type()) {
    case schema::QueryBody::EntryQuery: {
      ASSIGN_OR_RETURN(std::string entry,
                       ledger.log().ReadEntry(query.body_as_EntryQuery()->sequence()));
      auto bytes =
          builder.CreateVector(reinterpret_cast<const uint8_t*>(entry.data()), entry.size());
      return Finish(builder, request_id, schema::ResponseBody::EntryResult,
                    schema::CreateEntryResult(builder, bytes).Union());
    }
    case schema::QueryBody::EntriesOfPartyQuery: {
      const auto* body = query.body_as_EntriesOfPartyQuery();
      ASSIGN_OR_RETURN(auto sequences,
                       ledger.EntriesOfParty(View(body->party()), body->from_sequence(),
                                             Page(body->limit(), max_page)));
      return Finish(builder, request_id, schema::ResponseBody::EntriesResult,
                    schema::CreateEntriesResultDirect(builder, &sequences).Union());
    }
    case schema::QueryBody::BalanceQuery: {
      std::string_view account = View(query.body_as_BalanceQuery()->account());
      ASSIGN_OR_RETURN(auto stored, ledger.state().Get(AccountKey(account)));
      if (!stored)
        return Status(ErrorCode::NotFound, "account " + std::string(account) + " has never moved");
      ASSIGN_OR_RETURN(AccountRecord record, AccountRecord::Decode(*stored));
      return Finish(builder, request_id, schema::ResponseBody::BalanceResult,
                    schema::CreateBalanceResultDirect(builder, record.currency.c_str(),
                                                      record.balance.minor_units())
                        .Union());
    }
    case schema::QueryBody::CampaignQuery: {
      std::string_view name = View(query.body_as_CampaignQuery()->campaign());
      ASSIGN_OR_RETURN(auto stored, ledger.state().Get(CampaignKey(name)));
      if (!stored)
        return Status(ErrorCode::NotFound, "campaign '" + std::string(name) + "' does not exist");
      const std::string stored_bytes = std::move(*stored);
      ASSIGN_OR_RETURN(CampaignRecord record, CampaignRecord::Decode(stored_bytes));
      auto bytes = builder.CreateVector(reinterpret_cast<const uint8_t*>(stored_bytes.data()),
                                        stored_bytes.size());
      return Finish(
          builder, request_id, schema::ResponseBody::CampaignResult,
          schema::CreateCampaignResult(builder, bytes, static_cast<uint8_t>(record.status),
                                       record.raised.minor_units(), record.investors)
              .Union());
    }
    case schema::QueryBody::PortfolioQuery: {
      const auto* body = query.body_as_PortfolioQuery();
      std::string_view party = View(body->party());
      ASSIGN_OR_RETURN(uint64_t size, PortfolioSize(ledger.state(), party));
      ASSIGN_OR_RETURN(auto items, ReadPortfolio(ledger.state(), party, body->from_position(),
                                                 Page(body->limit(), max_page)));
      auto vector = builder.CreateVectorOfStrings(items);
      return Finish(builder, request_id, schema::ResponseBody::PortfolioResult,
                    schema::CreatePortfolioResult(builder, vector, size).Union());
    }
    case schema::QueryBody::CheckpointQuery: {
      uint64_t size = query.body_as_CheckpointQuery()->tree_size();
      std::string note = ledger.log().latest_checkpoint();
      if (size != 0) {
        ASSIGN_OR_RETURN(note, ledger.log().CheckpointAt(size));
      }
      return Finish(builder, request_id, schema::ResponseBody::CheckpointResult,
                    schema::CreateCheckpointResultDirect(builder, note.c_str()).Union());
    }
    case schema::QueryBody::InclusionProofQuery: {
      const auto* body = query.body_as_InclusionProofQuery();
      ASSIGN_OR_RETURN(auto proof, ledger.log().InclusionProof(body->index(), body->tree_size()));
      return Proof(request_id, proof);
    }
    case schema::QueryBody::ConsistencyProofQuery: {
      const auto* body = query.body_as_ConsistencyProofQuery();
      ASSIGN_OR_RETURN(auto proof,
                       ledger.log().ConsistencyProof(body->old_size(), body->new_size()));
      return Proof(request_id, proof);
    }
    case schema::QueryBody::ReportQuery: {
      ASSIGN_OR_RETURN(std::string report, SignedReport(ledger, *query.body_as_ReportQuery()));
      Builder report_builder(report.size() + 256);
      auto text = report_builder.CreateString(report);
      return Finish(report_builder, request_id, schema::ResponseBody::ReportResult,
                    schema::CreateReportResult(report_builder, text).Union());
    }
    case schema::QueryBody::SubscribeQuery:
      return Status(ErrorCode::UsageError, "a subscription is answered by the subscriptions");
    case schema::QueryBody::NONE:
      break;
  }
  return Status(ErrorCode::Malformed, "unknown query kind");
}

}  // namespace crowdledger::api
