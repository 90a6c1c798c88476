// RFC 9162 section 2.1 algorithms. Recursive generation follows the RFC's PATH and SUBPROOF
// definitions with explicit offsets; verification follows its iterative algorithms step by step.
#include "crypto/merkle.h"

#include <bit>

#include "crypto/sha256.h"

namespace crowdledger {
namespace {

Status ProofFailed(const std::string& what) { return Status(ErrorCode::ProofFailed, what); }

// PATH(m, D[begin:end]) of RFC 9162 2.1.3.1, appending deepest hash first.
Status AppendPath(uint64_t m, uint64_t begin, uint64_t end, const SubtreeHashSource& source,
                  std::vector<Hash>& proof) {
  uint64_t n = end - begin;
  if (n == 1) return Status::Ok();
  uint64_t k = MerkleSplit(n);
  if (m < k) {
    RETURN_IF_ERROR(AppendPath(m, begin, begin + k, source, proof));
    ASSIGN_OR_RETURN(Hash right, source(begin + k, end));
    proof.push_back(right);
  } else {
    RETURN_IF_ERROR(AppendPath(m - k, begin + k, end, source, proof));
    ASSIGN_OR_RETURN(Hash left, source(begin, begin + k));
    proof.push_back(left);
  }
  return Status::Ok();
}

// SUBPROOF(m, D[begin:end], whole) of RFC 9162 2.1.4.1.
Status AppendSubproof(uint64_t m, uint64_t begin, uint64_t end, bool whole,
                      const SubtreeHashSource& source, std::vector<Hash>& proof) {
  uint64_t n = end - begin;
  if (m == n) {
    if (whole) return Status::Ok();
    ASSIGN_OR_RETURN(Hash subtree, source(begin, end));
    proof.push_back(subtree);
    return Status::Ok();
  }
  uint64_t k = MerkleSplit(n);
  if (m <= k) {
    RETURN_IF_ERROR(AppendSubproof(m, begin, begin + k, whole, source, proof));
    ASSIGN_OR_RETURN(Hash right, source(begin + k, end));
    proof.push_back(right);
  } else {
    RETURN_IF_ERROR(AppendSubproof(m - k, begin + k, end, false, source, proof));
    ASSIGN_OR_RETURN(Hash left, source(begin, begin + k));
    proof.push_back(left);
  }
  return Status::Ok();
}

Hash SubtreeOfLeaves(std::span<const Hash> leaves) {
  if (leaves.size() == 1) return leaves[0];
  uint64_t k = MerkleSplit(leaves.size());
  return MerkleNodeHash(SubtreeOfLeaves(leaves.subspan(0, k)), SubtreeOfLeaves(leaves.subspan(k)));
}

}  // namespace

Hash MerkleLeafHash(ByteView entry) {
  Sha256Hasher hasher;
  return hasher.Update(uint8_t{0x00}).Update(entry).Finish();
}

Hash MerkleNodeHash(const Hash& left, const Hash& right) {
  uint8_t buffer[1 + 2 * sizeof(Hash)];
  buffer[0] = 0x01;
  std::copy(left.begin(), left.end(), buffer + 1);
  std::copy(right.begin(), right.end(), buffer + 1 + sizeof(Hash));
  return Sha256(ByteView(buffer, sizeof(buffer)));
}

Hash MerkleEmptyRoot() { return Sha256(ByteView()); }

uint64_t MerkleSplit(uint64_t n) { return std::bit_floor(n - 1); }

Result<Hash> MerkleRoot(uint64_t size, const SubtreeHashSource& source) {
  if (size == 0) return MerkleEmptyRoot();
  return source(0, size);
}

Result<std::vector<Hash>> MerkleInclusionProof(uint64_t index, uint64_t size,
                                               const SubtreeHashSource& source) {
  if (index >= size) {
    return Status(
        ErrorCode::InvalidArgument,
        "leaf index " + std::to_string(index) + " is not below tree size " + std::to_string(size));
  }
  std::vector<Hash> proof;
  RETURN_IF_ERROR(AppendPath(index, 0, size, source, proof));
  return proof;
}

Result<std::vector<Hash>> MerkleConsistencyProof(uint64_t old_size, uint64_t new_size,
                                                 const SubtreeHashSource& source) {
  if (old_size > new_size) {
    return Status(ErrorCode::InvalidArgument, "old size " + std::to_string(old_size) +
                                                  " exceeds new size " + std::to_string(new_size));
  }
  std::vector<Hash> proof;
  if (old_size == 0) return proof;
  RETURN_IF_ERROR(AppendSubproof(old_size, 0, new_size, true, source, proof));
  return proof;
}

Status VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                       std::span<const Hash> proof, const Hash& root) {
  if (index >= size) {
    return Status(
        ErrorCode::InvalidArgument,
        "leaf index " + std::to_string(index) + " is not below tree size " + std::to_string(size));
  }
  if (proof.size() > kMaxProofHashes) return ProofFailed("inclusion proof longer than 64 hashes");
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return ProofFailed("inclusion proof has more hashes than the path");
    if ((fn & 1) != 0 || fn == sn) {
      r = MerkleNodeHash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = MerkleNodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return ProofFailed("inclusion proof has fewer hashes than the path");
  if (r != root) return ProofFailed("inclusion proof does not lead to the root");
  return Status::Ok();
}

Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                         const Hash& new_root, std::span<const Hash> proof) {
  if (old_size > new_size) {
    return Status(ErrorCode::InvalidArgument, "old size " + std::to_string(old_size) +
                                                  " exceeds new size " + std::to_string(new_size));
  }
  if (proof.size() > kMaxConsistencyProofHashes) {
    return ProofFailed("consistency proof longer than 65 hashes");
  }
  if (old_size == 0 || old_size == new_size) {
    if (!proof.empty()) return ProofFailed("consistency proof for a trivial pair must be empty");
    if (old_size == new_size && old_root != new_root) {
      return ProofFailed("roots of equal tree sizes differ");
    }
    return Status::Ok();
  }
  if (proof.empty()) return ProofFailed("consistency proof is empty");
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  if (std::has_single_bit(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());

  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return ProofFailed("consistency proof has more hashes than the paths");
    if ((fn & 1) != 0 || fn == sn) {
      fr = MerkleNodeHash(c, fr);
      sr = MerkleNodeHash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = MerkleNodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return ProofFailed("consistency proof has fewer hashes than the paths");
  if (fr != old_root) return ProofFailed("consistency proof does not lead to the old root");
  if (sr != new_root) return ProofFailed("consistency proof does not lead to the new root");
  return Status::Ok();
}

SubtreeHashSource InMemorySubtreeSource(std::span<const Hash> leaf_hashes) {
  return [leaf_hashes](uint64_t begin, uint64_t end) -> Result<Hash> {
    if (begin >= end || end > leaf_hashes.size()) {
      return Status(ErrorCode::InvalidArgument, "subtree [" + std::to_string(begin) + ", " +
                                                    std::to_string(end) + ") is out of range");
    }
    return SubtreeOfLeaves(leaf_hashes.subspan(begin, end - begin));
  };
}

Result<MerkleFrontier> MerkleFrontier::FromSubtrees(uint64_t size, std::vector<Hash> subtrees) {
  if (subtrees.size() != static_cast<size_t>(std::popcount(size))) {
    return Status(ErrorCode::Corruption, "a tree of size " + std::to_string(size) + " has " +
                                             std::to_string(std::popcount(size)) +
                                             " frontier subtrees, got " +
                                             std::to_string(subtrees.size()));
  }
  MerkleFrontier frontier;
  frontier.size_ = size;
  frontier.subtrees_ = std::move(subtrees);
  return frontier;
}

void MerkleFrontier::Append(const Hash& leaf_hash,
                            const std::function<void(const CompletedNode&)>& completed) {
  uint64_t index = size_;
  Hash hash = leaf_hash;
  completed({0, index, hash});
  // Each trailing one bit of the old size is a subtree that the new leaf's subtree completes.
  uint8_t level = 0;
  while ((index & 1) != 0) {
    hash = MerkleNodeHash(subtrees_.back(), hash);
    subtrees_.pop_back();
    index >>= 1;
    ++level;
    completed({level, index, hash});
  }
  subtrees_.push_back(hash);
  ++size_;
}

Hash MerkleFrontier::Root() const {
  if (subtrees_.empty()) return MerkleEmptyRoot();
  Hash root = subtrees_.back();
  for (size_t i = subtrees_.size() - 1; i-- > 0;) root = MerkleNodeHash(subtrees_[i], root);
  return root;
}

}  // namespace crowdledger
