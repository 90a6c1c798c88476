// WitnessMetrics: what operators watch of the ledger's witnesses (served by api/http's
// /metrics): per witness, the add-checkpoint requests answered with a cosignature, with a
// 409 (the witness knew another size), and those that failed (unreachable, refused, or an
// answer that did not verify); the size it last cosigned; and the size of the checkpoint
// /checkpoint serves with a quorum of cosignatures.
// Thread-safety: every figure is a relaxed atomic; the pool writes, any thread reads.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <string>

namespace crowdledger::api {

struct WitnessMetrics {
  struct PerWitness {
    explicit PerWitness(std::string witness_name) : name(std::move(witness_name)) {}
    const std::string name;
    std::atomic<uint64_t> cosigned{0};
    std::atomic<uint64_t> conflicts{0};
    std::atomic<uint64_t> failures{0};
    std::atomic<uint64_t> cosigned_size{0};
  };
  std::deque<PerWitness> witnesses;  // in configuration order; a deque: atomics do not move
  std::atomic<uint64_t> quorum_size{0};
};

}  // namespace crowdledger::api
