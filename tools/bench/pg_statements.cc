// Planned transactions as SQL statements.
#include "tools/bench/pg_statements.h"

#include <array>

namespace crowdledger::bench {
namespace {

constexpr int64_t kDayUs = 86'400'000'000;
constexpr int64_t kSecondUs = 1'000'000;

constexpr std::array kStatements = {
    PreparedStatementText{"pledge", "SELECT pledge($1, $2::text[], $3::text[], $4::bigint[])", 4},
    PreparedStatementText{"cancel_pledge", "SELECT cancel_pledge($1, $2, $3)", 3},
    PreparedStatementText{"open_campaign",
                          "SELECT open_campaign($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                          "$12, $13)",
                          13},
    PreparedStatementText{"close_campaign", "SELECT close_campaign($1, $2)", 2},
    PreparedStatementText{"record_investment", "SELECT record_investment($1, $2, $3, $4, $5, $6)",
                          6},
    PreparedStatementText{"disburse_loan", "SELECT disburse_loan($1, $2, $3, $4, $5, $6, $7)", 7},
    PreparedStatementText{"append_entry", "SELECT append_entry($1, $2, $3::bytea)", 3},
};

// A text[] literal. Names are handles ([a-z0-9._-]), but quoting keeps any text intact.
std::string ArrayLiteral(const std::vector<std::string>& elements) {
  std::string literal = "{";
  for (const std::string& element : elements) {
    if (literal.size() > 1) literal += ',';
    literal += '"';
    for (char c : element) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  return literal + "}";
}

std::string BigintArrayLiteral(const std::vector<int64_t>& values) {
  std::string literal = "{";
  for (int64_t value : values) {
    if (literal.size() > 1) literal += ',';
    literal += std::to_string(value);
  }
  return literal + "}";
}

// bytea's hex input form.
std::string HexBytea(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex = "\\x";
  hex.reserve(2 + 2 * bytes.size());
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xF];
  }
  return hex;
}

const char* KindName(PlannedOperation::Kind kind) {
  switch (kind) {
    case PlannedOperation::Kind::Pledge:
      return "pledge";
    case PlannedOperation::Kind::CancelPledge:
      return "cancel";
    case PlannedOperation::Kind::OpenCampaign:
      return "open";
    case PlannedOperation::Kind::CloseCampaign:
      return "close";
    case PlannedOperation::Kind::RecordInvestment:
      return "invest";
    case PlannedOperation::Kind::DisburseLoan:
      return "loan";
  }
  return "unknown";
}

// The entry's bytes: the submitter and id, then one line per operation.
std::string EntryBytes(const PlannedTransaction& planned, uint64_t tx_id) {
  std::string bytes = planned.submitter + " " + std::to_string(tx_id) + "\n";
  for (const PlannedOperation& op : planned.operations) {
    bytes += std::string(KindName(op.kind)) + " " + op.campaign + " " + op.party + " " +
             op.instrument + " " + std::to_string(op.amount) + " " + std::to_string(op.shares) +
             "\n";
  }
  return bytes;
}

PgStatement Single(const std::string& submitter, const PlannedOperation& op, int64_t now_us) {
  switch (op.kind) {
    case PlannedOperation::Kind::CancelPledge:
      return {"cancel_pledge", {submitter, op.campaign, op.party}};
    case PlannedOperation::Kind::OpenCampaign: {
      std::string closes = std::to_string(now_us + 365 * kDayUs);
      return {"open_campaign",
              {submitter, op.campaign, op.party, "equity", std::to_string(kRoundCap),
               std::to_string(kRoundCap), std::to_string(kPledgeAmount), "0",
               std::to_string(now_us - kSecondUs), closes, closes,
               std::to_string(kRoundMaxInvestors), std::to_string(kRoundEquityShares)}};
    }
    case PlannedOperation::Kind::CloseCampaign:
      return {"close_campaign", {submitter, op.campaign}};
    case PlannedOperation::Kind::RecordInvestment:
      return {"record_investment",
              {submitter, op.instrument, op.party, "angel", std::to_string(op.amount),
               std::to_string(op.shares)}};
    case PlannedOperation::Kind::DisburseLoan:
      return {
          "disburse_loan",
          {submitter, op.instrument, op.party, std::to_string(op.amount),
           std::to_string(kLoanRateBp), std::to_string(now_us + kLoanTermDays * kDayUs), "false"}};
    case PlannedOperation::Kind::Pledge:
      break;  // batched by the caller
  }
  return {};
}

}  // namespace

std::span<const PreparedStatementText> PreparedStatements() { return kStatements; }

std::vector<PgStatement> TransactionStatements(const PlannedTransaction& planned, uint64_t tx_id,
                                               int64_t now_us) {
  std::vector<PgStatement> statements;
  const std::vector<PlannedOperation>& ops = planned.operations;
  for (size_t i = 0; i < ops.size();) {
    if (ops[i].kind != PlannedOperation::Kind::Pledge) {
      statements.push_back(Single(planned.submitter, ops[i], now_us));
      ++i;
      continue;
    }
    std::vector<std::string> campaigns, investors;
    std::vector<int64_t> amounts;
    for (; i < ops.size() && ops[i].kind == PlannedOperation::Kind::Pledge; ++i) {
      campaigns.push_back(ops[i].campaign);
      investors.push_back(ops[i].party);
      amounts.push_back(ops[i].amount);
    }
    statements.push_back({"pledge",
                          {planned.submitter, ArrayLiteral(campaigns), ArrayLiteral(investors),
                           BigintArrayLiteral(amounts)}});
  }
  statements.push_back(
      {"append_entry",
       {planned.submitter, std::to_string(tx_id), HexBytea(EntryBytes(planned, tx_id))}});
  return statements;
}

}  // namespace crowdledger::bench
