// RFC 9162 Merkle trees: every root, inclusion proof and consistency proof for trees of up to 64
// leaves equals a naive reference written directly from the RFC's recursive definitions, the
// verifiers accept them and reject every alteration, the frontier reports exactly the perfect
// subtrees each append completes, and the Certificate Transparency test data gives its answers.
#include "crypto/merkle.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "crypto/sha256.h"
#include "tests/crypto/error_code_printer.h"

namespace crowdledger {
namespace {

// ---------------------------------------------------------------------------------------------
// Reference: RFC 9162 section 2.1, over an explicit list of leaf byte strings D[n]. Written from
// the RFC's definitions with vector slicing and no code shared with crypto/merkle.cc.

using Leaves = std::vector<Bytes>;

Leaves Slice(const Leaves& d, size_t begin, size_t end) {
  return Leaves(d.begin() + static_cast<std::ptrdiff_t>(begin),
                d.begin() + static_cast<std::ptrdiff_t>(end));
}

// "k is the largest power of two smaller than n" (n > 1): 2k < n, written so as not to overflow.
size_t RefSplit(size_t n) {
  size_t k = 1;
  while (k <= (n - 1) / 2) k *= 2;
  return k;
}

// SHA-256(0x00 || d(0)).
Hash RefLeafHash(const Bytes& entry) {
  Bytes buffer{0x00};
  buffer.insert(buffer.end(), entry.begin(), entry.end());
  return Sha256(buffer);
}

// SHA-256(0x01 || left || right).
Hash RefNodeHash(const Hash& left, const Hash& right) {
  Bytes buffer{0x01};
  buffer.insert(buffer.end(), left.begin(), left.end());
  buffer.insert(buffer.end(), right.begin(), right.end());
  return Sha256(buffer);
}

// MTH(D[n]), 2.1.1.
Hash RefMth(const Leaves& d) {
  if (d.empty()) return Sha256(ByteView());
  if (d.size() == 1) return RefLeafHash(d[0]);
  size_t k = RefSplit(d.size());
  return RefNodeHash(RefMth(Slice(d, 0, k)), RefMth(Slice(d, k, d.size())));
}

// PATH(m, D[n]), 2.1.3.1.
std::vector<Hash> RefPath(size_t m, const Leaves& d) {
  size_t n = d.size();
  if (n == 1) return {};
  size_t k = RefSplit(n);
  std::vector<Hash> path;
  if (m < k) {
    path = RefPath(m, Slice(d, 0, k));
    path.push_back(RefMth(Slice(d, k, n)));
  } else {
    path = RefPath(m - k, Slice(d, k, n));
    path.push_back(RefMth(Slice(d, 0, k)));
  }
  return path;
}

// SUBPROOF(m, D[n], b), 2.1.4.1.
std::vector<Hash> RefSubproof(size_t m, const Leaves& d, bool b) {
  size_t n = d.size();
  if (m == n) {
    if (b) return {};
    return {RefMth(d)};
  }
  size_t k = RefSplit(n);
  std::vector<Hash> proof;
  if (m <= k) {
    proof = RefSubproof(m, Slice(d, 0, k), b);
    proof.push_back(RefMth(Slice(d, k, n)));
  } else {
    proof = RefSubproof(m - k, Slice(d, k, n), false);
    proof.push_back(RefMth(Slice(d, 0, k)));
  }
  return proof;
}

// PROOF(m, D[n]) = SUBPROOF(m, D[n], true); empty for m = 0 as merkle.h documents.
std::vector<Hash> RefProof(size_t m, const Leaves& d) {
  if (m == 0) return {};
  return RefSubproof(m, d, true);
}

// Reference verifiers: not the RFC's iterative algorithms (which merkle.cc implements) but a
// top-down walk of the same recursive decomposition that consumed proof hashes from the end,
// requiring every hash to be used exactly once.

// The root that `path` proves for `leaf` at `index` of a tree of `size` leaves.
std::optional<Hash> RefRootFromPath(size_t index, size_t size, const Hash& leaf,
                                    std::span<const Hash> path) {
  if (size == 1) return path.empty() ? std::optional<Hash>(leaf) : std::nullopt;
  if (path.empty()) return std::nullopt;
  size_t k = RefSplit(size);
  const Hash& sibling = path.back();
  std::span<const Hash> rest = path.first(path.size() - 1);
  if (index < k) {
    auto left = RefRootFromPath(index, k, leaf, rest);
    if (!left) return std::nullopt;
    return RefNodeHash(*left, sibling);
  }
  auto right = RefRootFromPath(index - k, size - k, leaf, rest);
  if (!right) return std::nullopt;
  return RefNodeHash(sibling, *right);
}

bool RefVerifyInclusion(const Hash& leaf, size_t index, size_t size, std::span<const Hash> proof,
                        const Hash& root) {
  if (index >= size) return false;
  auto computed = RefRootFromPath(index, size, leaf, proof);
  return computed.has_value() && *computed == root;
}

// (MTH of the old part, MTH of the whole) of a subtree of n leaves whose first m are old, from
// the hashes of SUBPROOF(m, D[n], b).
std::optional<std::pair<Hash, Hash>> RefRootsFromSubproof(size_t m, size_t n, bool b,
                                                          const Hash& old_root,
                                                          std::span<const Hash> proof) {
  if (m == n) {
    if (b) {
      if (!proof.empty()) return std::nullopt;
      return std::pair{old_root, old_root};
    }
    if (proof.size() != 1) return std::nullopt;
    return std::pair{proof[0], proof[0]};
  }
  if (proof.empty()) return std::nullopt;
  size_t k = RefSplit(n);
  const Hash& last = proof.back();
  std::span<const Hash> rest = proof.first(proof.size() - 1);
  if (m <= k) {
    auto left = RefRootsFromSubproof(m, k, b, old_root, rest);
    if (!left) return std::nullopt;
    return std::pair{left->first, RefNodeHash(left->second, last)};
  }
  auto right = RefRootsFromSubproof(m - k, n - k, false, old_root, rest);
  if (!right) return std::nullopt;
  return std::pair{RefNodeHash(last, right->first), RefNodeHash(last, right->second)};
}

bool RefVerifyConsistency(size_t m, size_t n, const Hash& old_root, const Hash& new_root,
                          std::span<const Hash> proof) {
  if (m > n) return false;
  if (m == 0) return proof.empty();
  auto roots = RefRootsFromSubproof(m, n, true, old_root, proof);
  return roots.has_value() && roots->first == old_root && roots->second == new_root;
}

// ---------------------------------------------------------------------------------------------
// Test data and helpers.

constexpr size_t kMaxLeaves = 64;

// Distinct entries of varying length; entry 0 is empty.
Leaves MakeLeaves(size_t count) {
  Leaves leaves;
  for (size_t i = 0; i < count; ++i) {
    Bytes entry;
    if (i > 0) {
      std::string name = "leaf " + std::to_string(i);
      entry.assign(name.begin(), name.end());
      for (size_t j = 0; j < i % 7; ++j) entry.push_back(static_cast<uint8_t>(i * 31 + j));
    }
    leaves.push_back(std::move(entry));
  }
  return leaves;
}

struct Corpus {
  Leaves leaves;
  std::vector<Hash> leaf_hashes;  // MerkleLeafHash of each leaf
  std::vector<Hash> roots;        // roots[n] = reference MTH(D[0:n]), n = 0..kMaxLeaves

  Leaves Prefix(size_t n) const { return Slice(leaves, 0, n); }
  // The in-memory source over exactly the first n leaves, so that no proof reads beyond them.
  SubtreeHashSource Source(size_t n) const {
    return InMemorySubtreeSource(std::span<const Hash>(leaf_hashes).first(n));
  }
};

const Corpus& TheCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    c.leaves = MakeLeaves(kMaxLeaves);
    for (const Bytes& leaf : c.leaves) c.leaf_hashes.push_back(MerkleLeafHash(leaf));
    for (size_t n = 0; n <= kMaxLeaves; ++n) c.roots.push_back(RefMth(c.Prefix(n)));
    return c;
  }();
  return corpus;
}

std::vector<std::string> Hexes(std::span<const Hash> hashes) {
  std::vector<std::string> out;
  for (const Hash& hash : hashes) out.push_back(HexEncode(hash));
  return out;
}

Hash FromHex(std::string_view hex) {
  auto hash = HashFromHex(hex);
  EXPECT_TRUE(hash.ok()) << hash.status().ToString();
  return hash.ok() ? *hash : Hash{};
}

Hash FlipBit(Hash hash, size_t bit) {
  hash[bit / 8 % hash.size()] =
      static_cast<uint8_t>(hash[bit / 8 % hash.size()] ^ (1u << (bit % 8)));
  return hash;
}

std::vector<Hash> WithFlippedBit(std::vector<Hash> proof, size_t which, size_t bit) {
  proof[which] = FlipBit(proof[which], bit);
  return proof;
}

std::vector<Hash> Appended(std::vector<Hash> proof, const Hash& extra) {
  proof.push_back(extra);
  return proof;
}

std::vector<Hash> Prepended(const std::vector<Hash>& proof, const Hash& extra) {
  std::vector<Hash> out{extra};
  out.insert(out.end(), proof.begin(), proof.end());
  return out;
}

// A rejected proof: not ok, with one of the two codes the verifiers document.
::testing::AssertionResult Rejected(const Status& status) {
  if (status.ok()) return ::testing::AssertionFailure() << "the altered proof was accepted";
  if (status.code() != ErrorCode::ProofFailed && status.code() != ErrorCode::InvalidArgument) {
    return ::testing::AssertionFailure() << "unexpected code: " << status.ToString();
  }
  return ::testing::AssertionSuccess();
}

// The implementation agrees with the reference verifier about a probe.
::testing::AssertionResult AgreesWithReference(const Status& status, bool reference_accepts) {
  if (status.ok() == reference_accepts) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "implementation says " << status.ToString() << ", reference says "
         << (reference_accepts ? "accept" : "reject");
}

// ---------------------------------------------------------------------------------------------
// Hashes and roots.

TEST(MerkleHashes, LeafHashIsSha256OfZeroByteAndEntry) {
  for (const Bytes& leaf : MakeLeaves(kMaxLeaves)) {
    EXPECT_EQ(HexEncode(MerkleLeafHash(leaf)), HexEncode(RefLeafHash(leaf)));
  }
  // The leaf hash of the empty entry: SHA-256 of the single byte 0x00.
  EXPECT_EQ(HexEncode(MerkleLeafHash(ByteView())),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  // Domain separation: a leaf is never hashed like the bare entry.
  EXPECT_NE(MerkleLeafHash(AsBytes("abc")), Sha256(AsBytes("abc")));
}

TEST(MerkleHashes, NodeHashIsSha256OfOneByteAndChildren) {
  const Corpus& corpus = TheCorpus();
  for (size_t i = 0; i + 1 < kMaxLeaves; ++i) {
    const Hash& left = corpus.leaf_hashes[i];
    const Hash& right = corpus.leaf_hashes[i + 1];
    EXPECT_EQ(HexEncode(MerkleNodeHash(left, right)), HexEncode(RefNodeHash(left, right)));
  }
  const Hash& a = corpus.leaf_hashes[1];
  const Hash& b = corpus.leaf_hashes[2];
  EXPECT_NE(MerkleNodeHash(a, b), MerkleNodeHash(b, a));
}

TEST(MerkleHashes, EmptyTreeRootIsSha256OfTheEmptyString) {
  const std::string expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  EXPECT_EQ(HexEncode(MerkleEmptyRoot()), expected);
  bool called = false;
  SubtreeHashSource never = [&called](uint64_t, uint64_t) -> Result<Hash> {
    called = true;
    return Status(ErrorCode::IoError, "must not be called");
  };
  auto root = MerkleRoot(0, never);
  ASSERT_TRUE(root.ok()) << root.status().ToString();
  EXPECT_EQ(HexEncode(*root), expected);
  EXPECT_FALSE(called);
  EXPECT_EQ(HexEncode(MerkleFrontier().Root()), expected);
}

TEST(MerkleSplit, IsTheLargestPowerOfTwoBelowN) {
  for (uint64_t n = 2; n <= 4096; ++n) EXPECT_EQ(MerkleSplit(n), RefSplit(n)) << "n=" << n;
  constexpr uint64_t kTop = uint64_t{1} << 63;
  EXPECT_EQ(MerkleSplit(kTop), kTop / 2);
  EXPECT_EQ(MerkleSplit(kTop + 1), kTop);
  EXPECT_EQ(MerkleSplit(std::numeric_limits<uint64_t>::max()), kTop);
  for (uint64_t n : {kTop - 1, kTop, kTop + 1, std::numeric_limits<uint64_t>::max()}) {
    EXPECT_EQ(MerkleSplit(n), RefSplit(n)) << "n=" << n;
  }
}

TEST(MerkleRoot, EqualsTheReferenceMthForEverySize) {
  const Corpus& corpus = TheCorpus();
  for (size_t n = 1; n <= kMaxLeaves; ++n) {
    auto root = MerkleRoot(n, corpus.Source(n));
    ASSERT_TRUE(root.ok()) << root.status().ToString();
    EXPECT_EQ(HexEncode(*root), HexEncode(corpus.roots[n])) << "n=" << n;
  }
}

TEST(MerkleRoot, InMemorySourceRejectsRangesBeyondItsLeaves) {
  const Corpus& corpus = TheCorpus();
  EXPECT_EQ(MerkleRoot(kMaxLeaves + 1, corpus.Source(kMaxLeaves)).status().code(),
            ErrorCode::InvalidArgument);
  SubtreeHashSource source = corpus.Source(4);
  EXPECT_EQ(source(2, 2).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(source(3, 2).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(source(4, 5).status().code(), ErrorCode::InvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// Inclusion proofs.

TEST(MerkleInclusion, EveryProofEqualsTheReferencePathAndVerifies) {
  const Corpus& corpus = TheCorpus();
  for (size_t n = 1; n <= kMaxLeaves; ++n) {
    const Leaves d = corpus.Prefix(n);
    const SubtreeHashSource source = corpus.Source(n);
    for (size_t i = 0; i < n; ++i) {
      auto proof = MerkleInclusionProof(i, n, source);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      const std::vector<Hash> expected = RefPath(i, d);
      EXPECT_EQ(Hexes(*proof), Hexes(expected)) << "i=" << i << " n=" << n;
      ASSERT_TRUE(RefVerifyInclusion(RefLeafHash(d[i]), i, n, expected, corpus.roots[n]))
          << "the reference disagrees with itself at i=" << i << " n=" << n;
      Status verified = VerifyInclusion(corpus.leaf_hashes[i], i, n, *proof, corpus.roots[n]);
      EXPECT_TRUE(verified.ok()) << "i=" << i << " n=" << n << ": " << verified.ToString();
    }
  }
}

TEST(MerkleInclusion, EveryAlteredProofFails) {
  const Corpus& corpus = TheCorpus();
  const Hash zero{};
  for (size_t n = 1; n <= kMaxLeaves; ++n) {
    const Hash& root = corpus.roots[n];
    for (size_t i = 0; i < n; ++i) {
      SCOPED_TRACE("i=" + std::to_string(i) + " n=" + std::to_string(n));
      const Hash& leaf = corpus.leaf_hashes[i];
      const std::vector<Hash> proof = RefPath(i, corpus.Prefix(n));

      // One flipped bit in each hash in turn, at a different bit each time.
      for (size_t j = 0; j < proof.size(); ++j) {
        EXPECT_TRUE(
            Rejected(VerifyInclusion(leaf, i, n, WithFlippedBit(proof, j, 37 * j + 5), root)))
            << "flipped bit in hash " << j;
      }
      // Missing, extra and reordered hashes.
      if (!proof.empty()) {
        std::vector<Hash> dropped_last(proof.begin(), proof.end() - 1);
        EXPECT_TRUE(Rejected(VerifyInclusion(leaf, i, n, dropped_last, root))) << "dropped last";
        std::vector<Hash> dropped_first(proof.begin() + 1, proof.end());
        EXPECT_TRUE(Rejected(VerifyInclusion(leaf, i, n, dropped_first, root))) << "dropped first";
      }
      if (proof.size() > 1) {
        std::vector<Hash> swapped = proof;
        std::swap(swapped.front(), swapped.back());
        EXPECT_TRUE(Rejected(VerifyInclusion(leaf, i, n, swapped, root))) << "swapped hashes";
      }
      for (const Hash& extra : {zero, root, leaf}) {
        EXPECT_TRUE(Rejected(VerifyInclusion(leaf, i, n, Appended(proof, extra), root)))
            << "appended " << HexEncode(extra);
        EXPECT_TRUE(Rejected(VerifyInclusion(leaf, i, n, Prepended(proof, extra), root)))
            << "prepended " << HexEncode(extra);
      }
      // Every other index, including the first one out of range.
      for (size_t other = 0; other <= n; ++other) {
        if (other == i) continue;
        EXPECT_TRUE(Rejected(VerifyInclusion(leaf, other, n, proof, root))) << "index " << other;
      }
      EXPECT_EQ(VerifyInclusion(leaf, n, n, proof, root).code(), ErrorCode::InvalidArgument);
      EXPECT_EQ(VerifyInclusion(leaf, i, i, proof, root).code(), ErrorCode::InvalidArgument);
      // Another tree size. The proof names no size, so a size whose tree has the same path
      // shape above this leaf recomputes the same root; the root (signed with its size in a
      // checkpoint) is what binds the size. Every size must give the reference's verdict, and
      // sizes whose path differs in length or shape must fail.
      std::vector<size_t> sizes = {0, 2 * n, n / 2};
      for (size_t size = 1; size <= kMaxLeaves + 1; ++size) sizes.push_back(size);
      for (size_t size : sizes) {
        if (size == n) continue;
        Status status = VerifyInclusion(leaf, i, size, proof, root);
        EXPECT_TRUE(AgreesWithReference(status, RefVerifyInclusion(leaf, i, size, proof, root)))
            << "size " << size;
        if (!status.ok()) {
          EXPECT_TRUE(Rejected(status)) << "size " << size;
        }
      }
      // Wrong root or wrong leaf.
      EXPECT_TRUE(Rejected(VerifyInclusion(leaf, i, n, proof, FlipBit(root, 0)))) << "root bit 0";
      EXPECT_TRUE(Rejected(VerifyInclusion(leaf, i, n, proof, FlipBit(root, 255))))
          << "root bit 255";
      EXPECT_TRUE(Rejected(VerifyInclusion(leaf, i, n, proof, MerkleEmptyRoot()))) << "empty root";
      EXPECT_TRUE(Rejected(VerifyInclusion(leaf, i, n, proof, corpus.roots[n - 1])))
          << "previous root";
      EXPECT_TRUE(Rejected(VerifyInclusion(FlipBit(leaf, 100), i, n, proof, root)))
          << "leaf bit 100";
      if (n > 1) {
        const Hash& other_leaf = corpus.leaf_hashes[(i + 1) % n];
        EXPECT_TRUE(Rejected(VerifyInclusion(other_leaf, i, n, proof, root))) << "other leaf";
      }
    }
  }
}

// Sizes with the same path shape do verify (see above): the check is not vacuous.
TEST(MerkleInclusion, ASizeWithTheSamePathShapeRecomputesTheSameRoot) {
  const Corpus& corpus = TheCorpus();
  // Leaf 0 of a 4-leaf tree: the path is [h(1), MTH(2..3)]; in a 3-leaf tree it is
  // [h(1), h(2)]. The same two sibling positions, so the 4-leaf proof "proves" a size-3 tree
  // with the 4-leaf root: only the checkpoint's signed (size, root) pair tells them apart.
  const std::vector<Hash> proof = RefPath(0, corpus.Prefix(4));
  EXPECT_TRUE(VerifyInclusion(corpus.leaf_hashes[0], 0, 3, proof, corpus.roots[4]).ok());
  EXPECT_FALSE(VerifyInclusion(corpus.leaf_hashes[0], 0, 3, proof, corpus.roots[3]).ok());
}

TEST(MerkleInclusion, RejectsOutOfRangeArguments) {
  const Corpus& corpus = TheCorpus();
  EXPECT_EQ(MerkleInclusionProof(4, 4, corpus.Source(4)).status().code(),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(MerkleInclusionProof(0, 0, corpus.Source(4)).status().code(),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(VerifyInclusion(corpus.leaf_hashes[0], 0, 0, {}, MerkleEmptyRoot()).code(),
            ErrorCode::InvalidArgument);
  std::vector<Hash> too_long(kMaxProofHashes + 1, Hash{});
  EXPECT_EQ(VerifyInclusion(corpus.leaf_hashes[0], 0, std::numeric_limits<uint64_t>::max(),
                            too_long, corpus.roots[1])
                .code(),
            ErrorCode::ProofFailed);
}

// ---------------------------------------------------------------------------------------------
// Consistency proofs.

TEST(MerkleConsistency, EveryProofEqualsTheReferenceProofAndVerifies) {
  const Corpus& corpus = TheCorpus();
  for (size_t n = 1; n <= kMaxLeaves; ++n) {
    const Leaves d = corpus.Prefix(n);
    const SubtreeHashSource source = corpus.Source(n);
    for (size_t m = 0; m <= n; ++m) {
      auto proof = MerkleConsistencyProof(m, n, source);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      const std::vector<Hash> expected = RefProof(m, d);
      EXPECT_EQ(Hexes(*proof), Hexes(expected)) << "m=" << m << " n=" << n;
      ASSERT_TRUE(RefVerifyConsistency(m, n, corpus.roots[m], corpus.roots[n], expected))
          << "the reference disagrees with itself at m=" << m << " n=" << n;
      Status verified = VerifyConsistency(m, n, corpus.roots[m], corpus.roots[n], *proof);
      EXPECT_TRUE(verified.ok()) << "m=" << m << " n=" << n << ": " << verified.ToString();
    }
  }
}

TEST(MerkleConsistency, TrivialPairsNeedEmptyProofsAndEqualRoots) {
  const Corpus& corpus = TheCorpus();
  const Hash zero{};
  for (size_t n = 1; n <= kMaxLeaves; ++n) {
    const Hash& root = corpus.roots[n];
    // Any tree extends the empty one, whatever root is claimed for it, with an empty proof.
    EXPECT_TRUE(VerifyConsistency(0, n, MerkleEmptyRoot(), root, {}).ok());
    EXPECT_TRUE(VerifyConsistency(0, n, zero, root, {}).ok());
    EXPECT_TRUE(Rejected(VerifyConsistency(0, n, MerkleEmptyRoot(), root, std::vector{root})));
    // Equal sizes: equal roots and an empty proof.
    EXPECT_TRUE(VerifyConsistency(n, n, root, root, {}).ok());
    EXPECT_TRUE(Rejected(VerifyConsistency(n, n, root, FlipBit(root, 7), {})));
    EXPECT_TRUE(Rejected(VerifyConsistency(n, n, corpus.roots[n - 1], root, {})));
    EXPECT_TRUE(Rejected(VerifyConsistency(n, n, root, root, std::vector{root})));
  }
  EXPECT_TRUE(VerifyConsistency(0, 0, MerkleEmptyRoot(), MerkleEmptyRoot(), {}).ok());
}

TEST(MerkleConsistency, EveryAlteredProofFails) {
  const Corpus& corpus = TheCorpus();
  const Hash zero{};
  for (size_t n = 2; n <= kMaxLeaves; ++n) {
    for (size_t m = 1; m < n; ++m) {
      SCOPED_TRACE("m=" + std::to_string(m) + " n=" + std::to_string(n));
      const Hash& old_root = corpus.roots[m];
      const Hash& new_root = corpus.roots[n];
      const std::vector<Hash> proof = RefProof(m, corpus.Prefix(n));
      ASSERT_FALSE(proof.empty());
      auto verify = [&](size_t old_size, size_t new_size, const Hash& a, const Hash& b,
                        const std::vector<Hash>& p) {
        return VerifyConsistency(old_size, new_size, a, b, p);
      };

      for (size_t j = 0; j < proof.size(); ++j) {
        EXPECT_TRUE(
            Rejected(verify(m, n, old_root, new_root, WithFlippedBit(proof, j, 29 * j + 3))))
            << "flipped bit in hash " << j;
      }
      std::vector<Hash> dropped_last(proof.begin(), proof.end() - 1);
      EXPECT_TRUE(Rejected(verify(m, n, old_root, new_root, dropped_last))) << "dropped last";
      std::vector<Hash> dropped_first(proof.begin() + 1, proof.end());
      EXPECT_TRUE(Rejected(verify(m, n, old_root, new_root, dropped_first))) << "dropped first";
      EXPECT_TRUE(Rejected(verify(m, n, old_root, new_root, {}))) << "empty proof";
      if (proof.size() > 1) {
        std::vector<Hash> swapped = proof;
        std::swap(swapped.front(), swapped.back());
        EXPECT_TRUE(Rejected(verify(m, n, old_root, new_root, swapped))) << "swapped hashes";
      }
      for (const Hash& extra : {zero, old_root, new_root, proof.front()}) {
        EXPECT_TRUE(Rejected(verify(m, n, old_root, new_root, Appended(proof, extra))))
            << "appended " << HexEncode(extra);
        EXPECT_TRUE(Rejected(verify(m, n, old_root, new_root, Prepended(proof, extra))))
            << "prepended " << HexEncode(extra);
      }
      // Wrong roots.
      EXPECT_TRUE(Rejected(verify(m, n, FlipBit(old_root, 0), new_root, proof))) << "old bit 0";
      EXPECT_TRUE(Rejected(verify(m, n, old_root, FlipBit(new_root, 255), proof))) << "new bit 255";
      EXPECT_TRUE(Rejected(verify(m, n, new_root, old_root, proof))) << "swapped roots";
      EXPECT_TRUE(Rejected(verify(m, n, corpus.roots[m - 1], new_root, proof))) << "old root m-1";
      EXPECT_TRUE(Rejected(verify(m, n, corpus.roots[m + 1], new_root, proof))) << "old root m+1";
      EXPECT_TRUE(Rejected(verify(m, n, old_root, corpus.roots[n - 1], proof))) << "new root n-1";
      EXPECT_TRUE(Rejected(verify(m, n, old_root, MerkleEmptyRoot(), proof))) << "empty root";
      // Wrong sizes: every one gives the verdict of the reference, which walks the RFC's
      // decomposition and so fails every size whose shape differs (see the inclusion test).
      std::vector<size_t> old_sizes = {2 * m, m / 2};
      std::vector<size_t> new_sizes = {0, 2 * n, n / 2};
      for (size_t size = 0; size <= kMaxLeaves + 1; ++size) {
        old_sizes.push_back(size);
        new_sizes.push_back(size);
      }
      for (size_t old_size : old_sizes) {
        if (old_size == m) continue;
        Status status = verify(old_size, n, old_root, new_root, proof);
        EXPECT_TRUE(AgreesWithReference(
            status, RefVerifyConsistency(old_size, n, old_root, new_root, proof)))
            << "old size " << old_size;
        if (!status.ok()) {
          EXPECT_TRUE(Rejected(status)) << "old size " << old_size;
        }
      }
      for (size_t new_size : new_sizes) {
        if (new_size == n) continue;
        Status status = verify(m, new_size, old_root, new_root, proof);
        EXPECT_TRUE(AgreesWithReference(
            status, RefVerifyConsistency(m, new_size, old_root, new_root, proof)))
            << "new size " << new_size;
        if (!status.ok()) {
          EXPECT_TRUE(Rejected(status)) << "new size " << new_size;
        }
      }
      // Old sizes off by one have no same-shape coincidence for any pair here: they must fail.
      EXPECT_TRUE(Rejected(verify(m - 1, n, old_root, new_root, proof))) << "old size m-1";
      EXPECT_TRUE(Rejected(verify(m + 1, n, old_root, new_root, proof))) << "old size m+1";
    }
  }
}

TEST(MerkleConsistency, RejectsOutOfRangeArguments) {
  const Corpus& corpus = TheCorpus();
  EXPECT_EQ(MerkleConsistencyProof(5, 4, corpus.Source(5)).status().code(),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(VerifyConsistency(5, 4, corpus.roots[5], corpus.roots[4], {}).code(),
            ErrorCode::InvalidArgument);
  std::vector<Hash> too_long(kMaxConsistencyProofHashes + 1, Hash{});
  EXPECT_EQ(VerifyConsistency(3, std::numeric_limits<uint64_t>::max(), corpus.roots[3],
                              corpus.roots[4], too_long)
                .code(),
            ErrorCode::ProofFailed);
}

// ---------------------------------------------------------------------------------------------
// Generation against a SubtreeHashSource.

TEST(MerkleProofs, AskTheSourceOnlyForAlignedSubtreesOncePerProofHash) {
  const Corpus& corpus = TheCorpus();
  for (size_t n = 1; n <= kMaxLeaves; ++n) {
    size_t calls = 0;
    bool aligned = true;
    SubtreeHashSource inner = corpus.Source(n);
    SubtreeHashSource counting = [&](uint64_t begin, uint64_t end) -> Result<Hash> {
      ++calls;
      if (begin >= end || end > n || begin % std::bit_floor(end - begin) != 0) aligned = false;
      return inner(begin, end);
    };
    for (size_t i = 0; i < n; ++i) {
      calls = 0;
      auto proof = MerkleInclusionProof(i, n, counting);
      ASSERT_TRUE(proof.ok());
      EXPECT_EQ(calls, proof->size()) << "i=" << i << " n=" << n;
    }
    for (size_t m = 0; m <= n; ++m) {
      calls = 0;
      auto proof = MerkleConsistencyProof(m, n, counting);
      ASSERT_TRUE(proof.ok());
      EXPECT_EQ(calls, proof->size()) << "m=" << m << " n=" << n;
    }
    calls = 0;
    ASSERT_TRUE(MerkleRoot(n, counting).ok());
    EXPECT_EQ(calls, 1u);
    EXPECT_TRUE(aligned) << "n=" << n;
  }
}

TEST(MerkleProofs, PropagateSourceErrors) {
  SubtreeHashSource failing = [](uint64_t, uint64_t) -> Result<Hash> {
    return Status(ErrorCode::IoError, "disk on fire");
  };
  EXPECT_EQ(MerkleRoot(5, failing).status().code(), ErrorCode::IoError);
  EXPECT_EQ(MerkleInclusionProof(2, 5, failing).status().code(), ErrorCode::IoError);
  EXPECT_EQ(MerkleConsistencyProof(3, 5, failing).status().code(), ErrorCode::IoError);
  // Trivial cases read nothing and cannot fail.
  EXPECT_TRUE(MerkleInclusionProof(0, 1, failing).ok());
  EXPECT_TRUE(MerkleConsistencyProof(0, 5, failing).ok());
  EXPECT_TRUE(MerkleConsistencyProof(5, 5, failing).ok());
}

// A consistent tree of any size up to 2^64 - 1 whose subtrees away from the leaves of interest
// are opaque: a perfect subtree not containing `special` hashes its bounds; other subtrees
// combine their halves as the RFC splits them. The verifiers see only hashes, so this is as good
// as a real tree of that size.
SubtreeHashSource SparseTree(uint64_t special) {
  auto mth = std::make_shared<std::function<Hash(uint64_t, uint64_t)>>();
  *mth = [special, weak = std::weak_ptr(mth)](uint64_t begin, uint64_t end) -> Hash {
    uint64_t size = end - begin;
    bool contains = begin <= special && special < end;
    if (size == 1 && contains) return MerkleLeafHash(AsBytes(std::to_string(begin)));
    if (std::has_single_bit(size) && !contains) {
      Sha256Hasher hasher;
      hasher.Update(AsBytes("opaque " + std::to_string(begin) + " " + std::to_string(end)));
      return hasher.Finish();
    }
    uint64_t k = RefSplit(size);
    auto self = weak.lock();
    return RefNodeHash((*self)(begin, begin + k), (*self)(begin + k, end));
  };
  return [mth](uint64_t begin, uint64_t end) -> Result<Hash> { return (*mth)(begin, end); };
}

TEST(MerkleProofs, WorkAtSixtyFourBitTreeSizes) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  constexpr uint64_t kTop = uint64_t{1} << 63;
  for (uint64_t size : {kTop, kTop + 1, kMax - 1, kMax, (uint64_t{1} << 40) + 12345}) {
    for (uint64_t index : {uint64_t{0}, uint64_t{1}, size / 2, size / 3, size - 2, size - 1}) {
      SCOPED_TRACE("index=" + std::to_string(index) + " size=" + std::to_string(size));
      SubtreeHashSource source = SparseTree(index);
      auto proof = MerkleInclusionProof(index, size, source);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      EXPECT_LE(proof->size(), kMaxProofHashes);
      auto root = MerkleRoot(size, source);
      ASSERT_TRUE(root.ok());
      Hash leaf = MerkleLeafHash(AsBytes(std::to_string(index)));
      EXPECT_TRUE(VerifyInclusion(leaf, index, size, *proof, *root).ok());
      EXPECT_TRUE(Rejected(VerifyInclusion(leaf, index ^ 1, size, *proof, *root)));
      for (size_t j = 0; j < proof->size(); ++j) {
        EXPECT_TRUE(
            Rejected(VerifyInclusion(leaf, index, size, WithFlippedBit(*proof, j, j), *root)));
      }
    }
    for (uint64_t old_size :
         {uint64_t{1}, uint64_t{3}, (uint64_t{1} << 32) + 1, kTop - 1, kTop, size - 1}) {
      if (old_size >= size) continue;
      SCOPED_TRACE("old=" + std::to_string(old_size) + " size=" + std::to_string(size));
      // The last old leaf is the one whose neighbourhood the proof needs.
      SubtreeHashSource source = SparseTree(old_size - 1);
      auto proof = MerkleConsistencyProof(old_size, size, source);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      EXPECT_LE(proof->size(), kMaxConsistencyProofHashes);
      auto old_root = MerkleRoot(old_size, source);
      auto new_root = MerkleRoot(size, source);
      ASSERT_TRUE(old_root.ok() && new_root.ok());
      EXPECT_TRUE(VerifyConsistency(old_size, size, *old_root, *new_root, *proof).ok());
      for (size_t j = 0; j < proof->size(); ++j) {
        EXPECT_TRUE(Rejected(
            VerifyConsistency(old_size, size, *old_root, *new_root, WithFlippedBit(*proof, j, j))));
      }
    }
  }
}

TEST(MerkleProofs, ConsistencyProofsInTheDeepestTreesHaveSixtyFiveHashes) {
  // Old size 3 in a tree of 2^63 + 1 leaves: SUBPROOF descends 62 levels of the left perfect
  // subtree of 2^63 leaves to the 4-leaf subtree, which gives 3 hashes (leaf 2, leaf 3, the
  // pair 0..1), plus one hash per level above it and the new leaf on the right: 65 in all.
  constexpr uint64_t kSize = (uint64_t{1} << 63) + 1;
  SubtreeHashSource source = SparseTree(2);
  auto proof = MerkleConsistencyProof(3, kSize, source);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_EQ(proof->size(), 65u);
  auto old_root = MerkleRoot(3, source);
  auto new_root = MerkleRoot(kSize, source);
  ASSERT_TRUE(old_root.ok() && new_root.ok());
  Status verified = VerifyConsistency(3, kSize, *old_root, *new_root, *proof);
  EXPECT_TRUE(verified.ok()) << verified.ToString();
}

// ---------------------------------------------------------------------------------------------
// MerkleFrontier.

TEST(MerkleFrontier, RootAndCompletedNodesMatchTheReferenceAfterEveryAppend) {
  constexpr size_t kLeaves = 201;
  const Leaves leaves = MakeLeaves(kLeaves);
  MerkleFrontier frontier;
  EXPECT_EQ(frontier.size(), 0u);
  for (size_t s = 0; s < kLeaves; ++s) {
    std::vector<MerkleFrontier::CompletedNode> completed;
    frontier.Append(MerkleLeafHash(leaves[s]),
                    [&completed](const auto& node) { completed.push_back(node); });
    const size_t size = s + 1;
    ASSERT_EQ(frontier.size(), size);
    EXPECT_EQ(HexEncode(frontier.Root()), HexEncode(RefMth(Slice(leaves, 0, size))))
        << "size " << size;

    // The perfect subtree of 2^level leaves at `index` covers [index * 2^level, (index + 1) *
    // 2^level) and completes when its last leaf arrives: exactly the levels whose leaf count
    // divides the new size, smallest first.
    std::vector<MerkleFrontier::CompletedNode> expected;
    for (uint8_t level = 0; size % (size_t{1} << level) == 0; ++level) {
      size_t count = size_t{1} << level;
      expected.push_back({level, size / count - 1, RefMth(Slice(leaves, size - count, size))});
    }
    ASSERT_EQ(completed.size(), expected.size()) << "size " << size;
    for (size_t j = 0; j < expected.size(); ++j) {
      EXPECT_EQ(completed[j].level, expected[j].level) << "size " << size << " node " << j;
      EXPECT_EQ(completed[j].index, expected[j].index) << "size " << size << " node " << j;
      EXPECT_EQ(HexEncode(completed[j].hash), HexEncode(expected[j].hash))
          << "size " << size << " node " << j;
    }
  }
}

// The perfect subtrees of D[0:size] per the binary digits of size, largest first.
std::vector<Hash> RefFrontierSubtrees(const Leaves& leaves, size_t size) {
  std::vector<Hash> subtrees;
  size_t begin = 0;
  for (size_t bit = size_t{1} << 62; bit > 0; bit >>= 1) {
    if ((size & bit) == 0) continue;
    subtrees.push_back(RefMth(Slice(leaves, begin, begin + bit)));
    begin += bit;
  }
  return subtrees;
}

TEST(MerkleFrontier, FromSubtreesResumesTheSameTree) {
  const Leaves leaves = MakeLeaves(kMaxLeaves);
  for (size_t start = 0; start <= kMaxLeaves; ++start) {
    auto frontier = MerkleFrontier::FromSubtrees(start, RefFrontierSubtrees(leaves, start));
    ASSERT_TRUE(frontier.ok()) << frontier.status().ToString();
    EXPECT_EQ(frontier->size(), start);
    EXPECT_EQ(HexEncode(frontier->Root()), HexEncode(RefMth(Slice(leaves, 0, start))));
    for (size_t s = start; s < kMaxLeaves; ++s) {
      frontier->Append(MerkleLeafHash(leaves[s]), [](const auto&) {});
      EXPECT_EQ(HexEncode(frontier->Root()), HexEncode(RefMth(Slice(leaves, 0, s + 1))))
          << "start " << start << " size " << s + 1;
    }
  }
}

TEST(MerkleFrontier, FromSubtreesRejectsTheWrongNumberOfSubtrees) {
  const Leaves leaves = MakeLeaves(8);
  std::vector<Hash> seven = RefFrontierSubtrees(leaves, 7);  // 3 subtrees
  EXPECT_EQ(MerkleFrontier::FromSubtrees(8, seven).status().code(), ErrorCode::Corruption);
  EXPECT_EQ(MerkleFrontier::FromSubtrees(6, seven).status().code(), ErrorCode::Corruption);
  EXPECT_EQ(MerkleFrontier::FromSubtrees(0, seven).status().code(), ErrorCode::Corruption);
  EXPECT_TRUE(MerkleFrontier::FromSubtrees(7, seven).ok());
  EXPECT_TRUE(MerkleFrontier::FromSubtrees(0, {}).ok());
}

// ---------------------------------------------------------------------------------------------
// Known answers: the Certificate Transparency test tree of 8 leaves, as published in
// github.com/transparency-dev/merkle (testonly/constants.go, proof/verify_test.go), which carries
// the data of the original certificate-transparency merkle tree tests.

const std::vector<std::string_view> kCtLeafInputs = {"",
                                                     "00",
                                                     "10",
                                                     "2021",
                                                     "3031",
                                                     "40414243",
                                                     "5051525354555657",
                                                     "606162636465666768696a6b6c6d6e6f"};

// Roots of the trees of 0..8 leaves.
const std::vector<std::string_view> kCtRoots = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

// Every perfect subtree of the 8-leaf tree, by level and index.
const std::vector<std::vector<std::string_view>> kCtNodeHashes = {
    {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
     "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
     "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
     "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
     "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
     "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
     "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
     "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"},
    {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
     "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
     "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
     "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"},
    {"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
     "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
    {"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"}};

struct CtProofVector {
  uint64_t first;  // leaf index (0-based) or old size
  uint64_t size;
  std::vector<std::string_view> proof;
};

// Inclusion proofs (the published vectors number leaves from 1; these are 0-based).
const std::vector<CtProofVector> kCtInclusion = {
    {0, 1, {}},
    {0,
     8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {5,
     8,
     {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
    {1,
     5,
     {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
};

const std::vector<CtProofVector> kCtConsistency = {
    {1, 1, {}},
    {1,
     8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6,
     8,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2,
     5,
     {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {6,
     7,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
};

std::vector<Hash> CtLeafHashes() {
  std::vector<Hash> hashes;
  for (std::string_view input : kCtLeafInputs) {
    auto bytes = HexDecode(input);
    EXPECT_TRUE(bytes.ok());
    hashes.push_back(MerkleLeafHash(*bytes));
  }
  return hashes;
}

std::vector<std::string> Strings(const std::vector<std::string_view>& views) {
  return std::vector<std::string>(views.begin(), views.end());
}

TEST(MerkleKnownAnswers, CertificateTransparencyRoots) {
  const std::vector<Hash> leaf_hashes = CtLeafHashes();
  for (size_t n = 0; n <= leaf_hashes.size(); ++n) {
    auto root = MerkleRoot(n, InMemorySubtreeSource(std::span(leaf_hashes).first(n)));
    ASSERT_TRUE(root.ok()) << root.status().ToString();
    EXPECT_EQ(HexEncode(*root), kCtRoots[n]) << "n=" << n;
  }
}

TEST(MerkleKnownAnswers, CertificateTransparencyInclusionProofs) {
  const std::vector<Hash> leaf_hashes = CtLeafHashes();
  for (const CtProofVector& vector : kCtInclusion) {
    SubtreeHashSource source = InMemorySubtreeSource(std::span(leaf_hashes).first(vector.size));
    auto proof = MerkleInclusionProof(vector.first, vector.size, source);
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_EQ(Hexes(*proof), Strings(vector.proof))
        << "index " << vector.first << " size " << vector.size;
    EXPECT_TRUE(VerifyInclusion(leaf_hashes[vector.first], vector.first, vector.size, *proof,
                                FromHex(kCtRoots[vector.size]))
                    .ok());
  }
}

TEST(MerkleKnownAnswers, CertificateTransparencyConsistencyProofs) {
  const std::vector<Hash> leaf_hashes = CtLeafHashes();
  for (const CtProofVector& vector : kCtConsistency) {
    SubtreeHashSource source = InMemorySubtreeSource(std::span(leaf_hashes).first(vector.size));
    auto proof = MerkleConsistencyProof(vector.first, vector.size, source);
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_EQ(Hexes(*proof), Strings(vector.proof))
        << "old " << vector.first << " new " << vector.size;
    EXPECT_TRUE(VerifyConsistency(vector.first, vector.size, FromHex(kCtRoots[vector.first]),
                                  FromHex(kCtRoots[vector.size]), *proof)
                    .ok());
  }
}

TEST(MerkleKnownAnswers, CertificateTransparencyNodeHashesAreTheCompletedNodes) {
  std::vector<std::vector<std::string>> completed(kCtNodeHashes.size());
  MerkleFrontier frontier;
  for (const Hash& leaf_hash : CtLeafHashes()) {
    frontier.Append(leaf_hash, [&completed](const MerkleFrontier::CompletedNode& node) {
      ASSERT_LT(node.level, completed.size());
      EXPECT_EQ(node.index, completed[node.level].size()) << "level " << int{node.level};
      completed[node.level].push_back(HexEncode(node.hash));
    });
    EXPECT_EQ(HexEncode(frontier.Root()), kCtRoots[frontier.size()]);
  }
  for (size_t level = 0; level < kCtNodeHashes.size(); ++level) {
    EXPECT_EQ(completed[level], Strings(kCtNodeHashes[level])) << "level " << level;
  }
}

}  // namespace
}  // namespace crowdledger
