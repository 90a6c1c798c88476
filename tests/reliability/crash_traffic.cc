// CrashHarness::RunClientsUntilKilled: the concurrent clients of a crash cycle. Each client is
// one connection of the asynchronous client, keeping `in_flight` transactions of its own party
// outstanding (the next is sent from the answer of the last), on one io thread. An answer Ok
// is recorded as the transaction's acknowledgement; a connection error leaves the transaction
// unanswered, to be retried after the restart. Traffic runs until the kill has happened and
// the server is gone.
#include <mutex>
#include <thread>

#include "api/async_client.h"
#include "tests/reliability/crash_harness.h"

namespace crowdledger::reliability {
namespace {

// Shared by the clients' callbacks (io thread) and the harness's thread.
struct Traffic {
  std::mutex mutex;
  bool stopping = false;
  std::vector<std::shared_ptr<api::AsyncClient>> clients;
};

}  // namespace

Status CrashHarness::RunClientsUntilKilled(RunningServer& server, DelayedKill& killer) {
  boost::asio::io_context io;
  Traffic traffic;
  // Sends client c's next transaction; its answer records it and sends the one after.
  std::function<void(uint32_t)> send_next = [&](uint32_t c) {
    std::unique_lock lock(traffic.mutex);
    if (traffic.stopping) return;
    auto made = workload_.Next(c);
    const size_t index = made.first;
    SignedTransaction transaction = std::move(made.second);
    lock.unlock();
    traffic.clients[c]->Submit(
        std::move(transaction), [&, c, index](Result<api::ResponseFrame> answer) {
          if (!answer.ok()) return;  // the connection is gone: unanswered, retried later
          {
            std::lock_guard answered(traffic.mutex);
            TrackedTransaction& tracked = workload_.transactions()[index];
            const auto* result = answer->response->body_as_SubmitResult();
            if (!answer->status().ok() || result == nullptr || result->duplicate()) {
              Violation("new transaction " + CrashWorkload::Party(c) + "/" +
                        std::to_string(tracked.id) +
                        " was not simply applied: " + answer->status().ToString());
              return;
            }
            tracked.acknowledged = true;
            tracked.sequence = result->sequence();
            tracked.state_digest = StateDigestOf(*result);
            ++figures_.acknowledged;
          }
          send_next(c);
        });
  };
  for (uint32_t c = 0; c < options_.clients; ++c) {
    traffic.clients.push_back(api::AsyncClient::Create(io));
    traffic.clients.back()->Connect("127.0.0.1", server.port, [](const Status&) {});
  }
  for (uint32_t c = 0; c < options_.clients; ++c) {
    for (uint32_t k = 0; k < options_.in_flight; ++k) send_next(c);
  }
  std::thread io_thread([&io] { io.run(); });
  killer.WaitUntilFired();
  {
    std::lock_guard lock(traffic.mutex);
    traffic.stopping = true;
  }
  for (auto& client : traffic.clients) client->Close();
  io_thread.join();
  return killer.fired() ? Status::Ok()
                        : Status(ErrorCode::IoError, "the clients stopped without a kill");
}

}  // namespace crowdledger::reliability
