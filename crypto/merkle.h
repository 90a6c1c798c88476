// The RFC 9162 (Certificate Transparency v2) Merkle Tree Hash over SHA-256: leaf and node
// hashes, roots, inclusion and consistency proofs (generation and verification), exactly the
// algorithms of RFC 9162 section 2.1.
//
// Generation is written against a SubtreeHashSource that answers MTH(D[begin:end]) for the
// subtrees of the RFC's decomposition, so that the same code serves an in-memory tree (tests,
// exports) and the log store's stored nodes (O(log n) reads per proof at any tree size).
// Thread-safety: pure functions; MerkleFrontier is a plain value.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "crypto/bytes.h"

namespace crowdledger {

// A tree of up to 2^64 - 1 leaves is at most 64 levels deep: its inclusion proofs have at most 64
// hashes and its consistency proofs at most 65. A longer proof is malformed.
inline constexpr size_t kMaxProofHashes = 64;
inline constexpr size_t kMaxConsistencyProofHashes = kMaxProofHashes + 1;

Hash MerkleLeafHash(ByteView entry);                       // SHA-256(0x00 || entry)
Hash MerkleNodeHash(const Hash& left, const Hash& right);  // SHA-256(0x01 || left || right)
Hash MerkleEmptyRoot();                                    // SHA-256 of the empty string

// The largest power of two strictly less than n (n >= 2): the RFC's split point k.
uint64_t MerkleSplit(uint64_t n);

// MTH(D[begin:end]) for 0 <= begin < end; begin is always a multiple of the largest power of
// two not exceeding end - begin, as in every subtree of the RFC's decomposition.
using SubtreeHashSource = std::function<Result<Hash>(uint64_t begin, uint64_t end)>;

Result<Hash> MerkleRoot(uint64_t size, const SubtreeHashSource& source);
Result<std::vector<Hash>> MerkleInclusionProof(uint64_t index, uint64_t size,
                                               const SubtreeHashSource& source);
// PROOF(old_size, D[new_size]); empty when old_size is 0 or equal to new_size.
Result<std::vector<Hash>> MerkleConsistencyProof(uint64_t old_size, uint64_t new_size,
                                                 const SubtreeHashSource& source);

// RFC 9162 2.1.3.2. Ok, or ProofFailed / InvalidArgument naming what did not hold.
Status VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                       std::span<const Hash> proof, const Hash& root);
// RFC 9162 2.1.4.2, extended to the trivial cases: old_size 0 (any tree extends the empty
// one; the proof must be empty) and old_size == new_size (empty proof, equal roots).
Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                         const Hash& new_root, std::span<const Hash> proof);

// A source computing subtree hashes from all leaf hashes in memory: O(end - begin) per call.
SubtreeHashSource InMemorySubtreeSource(std::span<const Hash> leaf_hashes);

// The right edge of a growing tree: the perfect subtrees whose sizes are the binary digits of
// the tree size, largest first. Appending a leaf completes at most 64 nodes and costs no reads.
class MerkleFrontier {
 public:
  // A completed perfect subtree: `level` = log2 of its leaf count, `index` = begin >> level.
  struct CompletedNode {
    uint8_t level;
    uint64_t index;
    Hash hash;
  };

  MerkleFrontier() = default;
  // From the perfect subtree hashes of a tree of `size`, largest first (popcount(size) of them).
  static Result<MerkleFrontier> FromSubtrees(uint64_t size, std::vector<Hash> subtrees);

  // Appends a leaf hash; `completed` receives every node it completes, the leaf first.
  void Append(const Hash& leaf_hash, const std::function<void(const CompletedNode&)>& completed);

  uint64_t size() const { return size_; }
  Hash Root() const;
  // The perfect subtree hashes of the tree, largest first (what FromSubtrees takes).
  const std::vector<Hash>& subtrees() const { return subtrees_; }

 private:
  uint64_t size_ = 0;
  std::vector<Hash> subtrees_;  // largest first
};

}  // namespace crowdledger
