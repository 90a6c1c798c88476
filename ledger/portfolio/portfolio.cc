// Portfolio lists: a count record and one item record per position.
#include "ledger/portfolio/portfolio.h"

#include "ledger/state/record_codec.h"

namespace crowdledger {

std::string_view PortfolioKindName(PortfolioKind kind) {
  switch (kind) {
    case PortfolioKind::Pledge:
      return "pledge";
    case PortfolioKind::Stake:
      return "stake";
    case PortfolioKind::Loan:
      return "loan";
    case PortfolioKind::Guarantee:
      return "guarantee";
    case PortfolioKind::Claim:
      return "claim";
    case PortfolioKind::MatchingRule:
      return "rule";
    case PortfolioKind::Voucher:
      return "voucher";
  }
  return "unknown";
}

std::string PortfolioCountKey(std::string_view party) { return "pf/" + std::string(party); }
std::string PortfolioItemKey(std::string_view party, uint64_t position) {
  return "pf/" + std::string(party) + "/" + std::to_string(position);
}

namespace {

Result<uint64_t> DecodePortfolioSize(const std::optional<std::string>& stored) {
  if (!stored) return uint64_t{0};
  RecordReader reader(*stored, "portfolio count");
  uint64_t count = reader.U64();
  return FinishRecord(reader, count);
}

}  // namespace

Result<uint64_t> PortfolioSize(StateStore& state, std::string_view party) {
  ASSIGN_OR_RETURN(auto stored, state.Get(PortfolioCountKey(party)));
  return DecodePortfolioSize(stored);
}

Status AddToPortfolio(ApplyContext& context, std::string_view party, PortfolioKind kind,
                      std::string_view id) {
  ASSIGN_OR_RETURN(auto stored, context.Get(PortfolioCountKey(party)));
  ASSIGN_OR_RETURN(uint64_t count, DecodePortfolioSize(stored));
  // A party gaining a position is concerned by the entry even when none of its cash moves
  // (a fund matching from its reserve, investors of a campaign that succeeds).
  context.NoteParty(party);
  std::string item = std::string(PortfolioKindName(kind)) + ":" + std::string(id);
  RETURN_IF_ERROR(context.PutNew(PortfolioItemKey(party, count),
                                 RecordWriter(kRecordVersion).Text(item).Finish()));
  context.Put(PortfolioCountKey(party), RecordWriter(kRecordVersion).U64(count + 1).Finish());
  return Status::Ok();
}

Result<std::vector<std::string>> ReadPortfolio(StateStore& state, std::string_view party,
                                               uint64_t begin, size_t limit) {
  ASSIGN_OR_RETURN(uint64_t count, PortfolioSize(state, party));
  std::vector<std::string> items;
  for (uint64_t position = begin; position < count && items.size() < limit; ++position) {
    ASSIGN_OR_RETURN(auto stored, state.Get(PortfolioItemKey(party, position)));
    if (!stored) return Status(ErrorCode::Corruption, "portfolio list has a gap");
    const std::string bytes = std::move(*stored);
    RecordReader reader(bytes, "portfolio item");
    std::string item = reader.Text();
    ASSIGN_OR_RETURN(item, FinishRecord(reader, std::move(item)));
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace crowdledger
