// WitnessPool: the request loop per witness, the checks of each answer, and the quorum.
#include "api/witness/witness_pool.h"

#include <algorithm>
#include <charconv>
#include <iostream>
#include <set>

#include "crypto/checkpoint.h"
#include "ledger/thread_name.h"
#include "ledger/witness/add_checkpoint_request.h"

namespace crowdledger::api {
namespace {

constexpr std::string_view kSignaturePrefix = "\xe2\x80\x94 ";  // em dash U+2014, space

// The first line of a witness's answer, bounded, for a message.
std::string Excerpt(std::string_view body) {
  std::string_view line = body.substr(0, body.find('\n'));
  return std::string(line.substr(0, 200));
}

// A 409's body: "<decimal size>\n".
std::optional<uint64_t> ParseSizeBody(std::string_view body) {
  if (!body.ends_with('\n')) return std::nullopt;
  body.remove_suffix(1);
  uint64_t value = 0;
  auto [end, error] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (body.empty() || error != std::errc() || end != body.data() + body.size() ||
      (body.size() > 1 && body[0] == '0')) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

Result<WitnessPeer> ParseWitnessPeer(std::string_view verifier_key, std::string_view url) {
  ASSIGN_OR_RETURN(Cosigner cosigner, ParseCosignerVerifierKey(verifier_key));
  ASSIGN_OR_RETURN(WitnessEndpoint endpoint, ParseWitnessUrl(url));
  return WitnessPeer{std::move(cosigner), std::string(url), std::move(endpoint)};
}

Result<std::unique_ptr<WitnessPool>> WitnessPool::Create(const LogStore& log,
                                                         WitnessPoolOptions options) {
  size_t count = options.witnesses.size();
  if (count == 0 || count > kMaxWitnesses) {
    return Status(ErrorCode::InvalidArgument, "between 1 and " + std::to_string(kMaxWitnesses) +
                                                  " witnesses, not " + std::to_string(count));
  }
  if (options.quorum == 0 || options.quorum > count) {
    return Status(ErrorCode::InvalidArgument, "the witness quorum must be 1 to " +
                                                  std::to_string(count) + ", not " +
                                                  std::to_string(options.quorum));
  }
  std::set<std::string> names;
  for (const WitnessPeer& peer : options.witnesses) {
    if (!names.insert(peer.cosigner.name).second) {
      return Status(ErrorCode::InvalidArgument,
                    "witness " + peer.cosigner.name + " is configured twice");
    }
  }
  return std::unique_ptr<WitnessPool>(new WitnessPool(log, std::move(options)));
}

WitnessPool::WitnessPool(const LogStore& log, WitnessPoolOptions options)
    : log_(log), options_(std::move(options)), timer_(io_) {
  for (const WitnessPeer& peer : options_.witnesses) {
    links_.emplace_back(peer);
    metrics_.witnesses.emplace_back(peer.cosigner.name);
  }
}

WitnessPool::~WitnessPool() { Stop(); }

void WitnessPool::Start() {
  boost::asio::post(io_, [this] { Tick(); });
  thread_ = std::thread([this] {
    NameThisThread("cl-witness");
    io_.run();
  });
}

void WitnessPool::Stop() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

void WitnessPool::Tick() {
  Status read = ReadLatest();
  if (read.ok()) {
    auto now = std::chrono::steady_clock::now();
    for (size_t i = 0; i < links_.size(); ++i) {
      const Link& link = links_[i];
      bool behind = !link.cosigned_size || *link.cosigned_size < latest_.size;
      if (!link.busy && behind && now >= link.retry_at) Send(i);
    }
  } else if (options_.log_failures) {
    std::cerr << "crowdledger: witnesses: " << read.ToString() << "\n";
  }
  timer_.expires_after(options_.poll_interval);
  timer_.async_wait([this](boost::system::error_code error) {
    if (!error) Tick();
  });
}

Status WitnessPool::ReadLatest() {
  if (log_.size() == latest_.size && !latest_.note.empty()) return Status::Ok();
  std::string note = log_.latest_checkpoint();
  if (note == latest_.note) return Status::Ok();
  ASSIGN_OR_RETURN(Note parsed, ParseNote(note));
  ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpointText(parsed.text));
  latest_ = Latest{checkpoint.size, std::move(note), std::move(parsed.text)};
  return Status::Ok();
}

void WitnessPool::Send(size_t index) {
  Link& link = links_[index];
  if (link.old_size > latest_.size) {
    return Fail(index, "it cosigned a tree of " + std::to_string(link.old_size) +
                           " entries, more than this ledger's " + std::to_string(latest_.size));
  }
  AddCheckpointRequest request;
  request.old_size = link.old_size;
  request.checkpoint = latest_.note;
  if (link.old_size != 0 && link.old_size != latest_.size) {
    auto proof = log_.ConsistencyProof(link.old_size, latest_.size);
    if (!proof.ok()) return Fail(index, "no consistency proof: " + proof.status().ToString());
    request.proof = std::move(*proof);
  }
  link.busy = true;
  PostAddCheckpoint(io_, link.peer.endpoint, FormatAddCheckpointRequest(request),
                    options_.request_timeout,
                    [this, index, sent = latest_](Result<WitnessHttpAnswer> answer) {
                      OnAnswer(index, sent, std::move(answer));
                    });
}

void WitnessPool::OnAnswer(size_t index, const Latest& sent, Result<WitnessHttpAnswer> answer) {
  links_[index].busy = false;
  if (!answer.ok()) return Fail(index, answer.status().message());
  if (answer->status == 200) return OnCosigned(index, sent, answer->body);
  if (answer->status == 409) return OnConflict(index, sent, *answer);
  Fail(index, "HTTP " + std::to_string(answer->status) + ": " + Excerpt(answer->body));
}

// The answer holds one or more signature lines; lines by other keys are ignored (spec), and a
// line by this witness's key that fails, or none at all, is a failure.
void WitnessPool::OnCosigned(size_t index, const Latest& sent, const std::string& body) {
  const Cosigner& cosigner = links_[index].peer.cosigner;
  std::string_view rest = body;
  std::optional<std::string> accepted;
  while (!rest.empty() && !accepted) {
    size_t end = rest.find('\n');
    if (end == std::string_view::npos || !rest.starts_with(kSignaturePrefix)) {
      return Fail(index, "the answer is not signature lines: " + Excerpt(body));
    }
    std::string line(rest.substr(0, end + 1));
    rest.remove_prefix(end + 1);
    auto timestamp = VerifyCosignature(line, sent.text, cosigner.name, cosigner.key);
    if (!timestamp.ok() && timestamp.status().code() == ErrorCode::UnknownKey) continue;
    if (!timestamp.ok()) return Fail(index, "its cosignature " + timestamp.status().message());
    if (*timestamp == 0) return Fail(index, "its cosignature has no timestamp");
    accepted = std::move(line);
  }
  if (!accepted) return Fail(index, "the answer carries no cosignature by its key");
  Link& link = links_[index];
  link.old_size = sent.size;
  link.cosigned_size = sent.size;
  WitnessMetrics::PerWitness& figures = metrics_.witnesses[index];
  figures.cosigned.fetch_add(1, std::memory_order_relaxed);
  figures.cosigned_size.store(sent.size, std::memory_order_relaxed);
  Succeeded(index);
  Record(index, sent, std::move(*accepted));
}

// The witness remembers another size: ask again from that one (next tick), unless it is beyond
// this ledger, which only a fork or another log under the same origin explains.
void WitnessPool::OnConflict(size_t index, const Latest& sent, const WitnessHttpAnswer& answer) {
  metrics_.witnesses[index].conflicts.fetch_add(1, std::memory_order_relaxed);
  std::optional<uint64_t> size = ParseSizeBody(answer.body);
  if (!size || !answer.content_type.starts_with("text/x.tlog.size")) {
    return Fail(index, "a 409 without a text/x.tlog.size body: " + Excerpt(answer.body));
  }
  Link& link = links_[index];
  if (*size == link.old_size) {
    return Fail(index, "a 409 naming the size it was sent, " + std::to_string(*size));
  }
  link.old_size = *size;
  if (*size > sent.size) {
    return Fail(index, "it cosigned a tree of " + std::to_string(*size) +
                           " entries, more than this ledger's " + std::to_string(sent.size));
  }
  link.retry_at = {};
}

void WitnessPool::Succeeded(size_t index) {
  Link& link = links_[index];
  link.backoff = std::chrono::milliseconds(0);
  link.retry_at = {};
  if (!link.last_error.empty() && options_.log_failures) {
    std::cerr << "crowdledger: witness " << link.peer.cosigner.name << " cosigns again\n";
  }
  link.last_error.clear();
}

void WitnessPool::Fail(size_t index, const std::string& why) {
  Link& link = links_[index];
  metrics_.witnesses[index].failures.fetch_add(1, std::memory_order_relaxed);
  link.backoff = std::clamp(link.backoff * 2, options_.retry_min, options_.retry_max);
  link.retry_at = std::chrono::steady_clock::now() + link.backoff;
  if (why != link.last_error && options_.log_failures) {
    std::cerr << "crowdledger: witness " << link.peer.cosigner.name << " (" << link.peer.url
              << "): " << why << "\n";
  }
  link.last_error = why;
}

void WitnessPool::Record(size_t index, const Latest& sent, std::string line) {
  std::optional<CosignedNote> published = cosigned_.Latest();
  if (published && published->tree_size >= sent.size) return;
  Pending& pending = pending_[sent.size];
  if (pending.lines.empty()) {
    pending.note = sent.note;
    pending.lines.resize(links_.size());
  }
  pending.lines[index] = std::move(line);
  size_t count = 0;
  for (const std::string& cosignature : pending.lines) {
    if (!cosignature.empty()) ++count;
  }
  if (count >= options_.quorum) {
    std::string note = pending.note;
    for (const std::string& cosignature : pending.lines) note += cosignature;
    cosigned_.Publish(sent.size, std::move(note));
    metrics_.quorum_size.store(sent.size, std::memory_order_relaxed);
    pending_.erase(pending_.begin(), pending_.upper_bound(sent.size));
  }
  while (pending_.size() > kMaxPendingCheckpoints) pending_.erase(pending_.begin());
}

}  // namespace crowdledger::api
