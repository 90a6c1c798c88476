#!/usr/bin/env python3
"""Independent end-to-end check of crowdledger's Merkle tree, proofs and signed checkpoints.

This script deliberately shares no code with the project. It drives the `crowdledger` tool and
the `log_filler` test helper as black boxes and re-derives everything they claim from first
principles, using only the Python standard library and the `openssl` command-line tool:

  * the Merkle Tree Hash of RFC 9162 section 2.1.1 (SHA-256, leaf prefix 0x00, node prefix 0x01,
    split at the largest power of two smaller than n);
  * inclusion proofs (RFC 9162 section 2.1.3.1 to generate, 2.1.3.2 to verify);
  * consistency proofs (RFC 9162 section 2.1.4.1 to generate, 2.1.4.2 to verify);
  * C2SP signed notes / tlog-checkpoints and their Ed25519 signatures (verified with
    `openssl pkeyutl -verify -rawin`), including the key ID derivation
    SHA-256(name || 0x0A || 0x01 || public key)[:4].

Every check increments a counter; the last line printed is "N passed, 0 failed" and the exit
status is 0, or the first failing check is explained, "N passed, 1 failed" is printed and the
exit status is 1. Bad command-line arguments exit with status 2.

Usage:
  rfc9162_check.py --tool PATH/crowdledger --filler PATH/log_filler --workdir DIR
                   [--seed N] [--exhaustive-max N] [--samples N] [--jobs N]

The workdir is wiped and recreated on every run. To avoid deleting anything that is not ours,
an existing non-empty workdir is only wiped if it carries the marker file this script leaves.
"""

import argparse
import base64
import binascii
import concurrent.futures
import hashlib
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import time

MARKER = ".rfc9162_check_workdir"
ORIGIN = "ledger.example.org/independent-rfc9162-check"
EM_DASH = "\u2014"
ED25519_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")
ALG_ED25519 = 0x01

# Sizes of the successive log_filler runs, as (count, batch). Every batch issues a checkpoint at
# its resulting size, so the batch boundaries below are the sizes with issued checkpoints.
FILL_PLAN = [(1, 1), (2, 2), (5, 5), (13, 13), (30, 30), (64, 64), (100, 100), (40, 8), (47, 47)]


class CheckFailure(Exception):
    pass


class Checks:
    def __init__(self):
        self.passed = 0

    def check(self, condition, message):
        if not condition:
            raise CheckFailure(message)
        self.passed += 1


# --------------------------------------------------------------------------------------------
# RFC 9162 section 2.1: Merkle Tree Hash and proofs, written from the RFC text.

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry):
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n):
    """The largest power of two strictly smaller than n (n > 1)."""
    assert n > 1
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def is_power_of_two(n):
    return n > 0 and (n & (n - 1)) == 0


class MerkleTree:
    """MTH over leaf hashes, with the subtree hashes memoised by (start, end)."""

    def __init__(self, leaf_hashes):
        self.leaves = list(leaf_hashes)
        self.memo = {}

    def mth(self, start, end):
        """MTH(D[start:end]) per RFC 9162 section 2.1.1."""
        n = end - start
        if n == 0:
            return EMPTY_ROOT
        if n == 1:
            return self.leaves[start]
        key = (start, end)
        cached = self.memo.get(key)
        if cached is None:
            k = split_point(n)
            cached = node_hash(self.mth(start, start + k), self.mth(start + k, end))
            self.memo[key] = cached
        return cached

    def root(self, size):
        return self.mth(0, size)

    def path(self, m, size):
        """PATH(m, D[0:size]) per RFC 9162 section 2.1.3.1 (leaf to root order)."""
        return self._path(m, 0, size)

    def _path(self, m, start, end):
        n = end - start
        if n == 1:
            return []
        k = split_point(n)
        if m < k:
            return self._path(m, start, start + k) + [self.mth(start + k, end)]
        return self._path(m - k, start + k, end) + [self.mth(start, start + k)]

    def proof(self, m, size):
        """PROOF(m, D[0:size]) = SUBPROOF(m, D[0:size], true), RFC 9162 section 2.1.4.1.

        Only defined there for 0 < m < n; for m == 0 and m == n the proof is empty."""
        if m == 0 or m == size:
            return []
        return self._subproof(m, 0, size, True)

    def _subproof(self, m, start, end, b):
        n = end - start
        if m == n:
            return [] if b else [self.mth(start, end)]
        k = split_point(n)
        if m <= k:
            return self._subproof(m, start, start + k, b) + [self.mth(start + k, end)]
        return self._subproof(m - k, start + k, end, False) + [self.mth(start, start + k)]


def verify_inclusion(leaf_index, tree_size, hash_, inclusion_path, root_hash):
    """RFC 9162 section 2.1.3.2, step by step."""
    # 1. Compare leaf_index against tree_size. If leaf_index is greater than or equal to
    #    tree_size, then fail the proof verification.
    if leaf_index >= tree_size:
        return False
    # 2. Set fn to leaf_index and sn to tree_size - 1.
    fn, sn = leaf_index, tree_size - 1
    # 3. Set r to hash.
    r = hash_
    # 4. For each value p in the inclusion_path array:
    for p in inclusion_path:
        # a. If sn is 0, then stop the iteration and fail the proof verification.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn, then:
        if (fn & 1) or fn == sn:
            # i. Set r to HASH(0x01 || p || r).
            r = node_hash(p, r)
            # ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either
            #     LSB(fn) is set or fn is 0.
            if not (fn & 1):
                while not (fn & 1) and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            # Otherwise: i. Set r to HASH(0x01 || r || p).
            r = node_hash(r, p)
        # c. Finally, right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 5. Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r and the
    #    root_hash are equal, then the log has proven the inclusion of hash.
    return sn == 0 and r == root_hash


def verify_consistency(first, second, first_hash, second_hash, consistency_path):
    """RFC 9162 section 2.1.4.2, step by step, plus the degenerate cases the RFC leaves out."""
    if first > second:
        return False
    if first == second:
        # Identical trees: nothing to prove; the proof is empty and the roots are equal.
        return len(consistency_path) == 0 and first_hash == second_hash
    if first == 0:
        # Every tree extends the empty tree; the proof is empty.
        return len(consistency_path) == 0
    # 1. If consistency_path is an empty array, stop and fail the proof verification.
    if not consistency_path:
        return False
    path = list(consistency_path)
    # 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
    if is_power_of_two(first):
        path = [first_hash] + path
    # 3. Set fn to first - 1 and sn to second - 1.
    fn, sn = first - 1, second - 1
    # 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 5. Set both fr and sr to the first value in the consistency_path array.
    fr = sr = path[0]
    # 6. For each subsequent value c in the consistency_path array:
    for c in path[1:]:
        # a. If sn is 0, then stop the iteration and fail the proof verification.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn, then:
        if (fn & 1) or fn == sn:
            # i. Set fr to HASH(0x01 || c || fr). Set sr to HASH(0x01 || c || sr).
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            # ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either
            #     LSB(fn) is set or fn is 0.
            if not (fn & 1):
                while not (fn & 1) and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            # Otherwise: i. Set sr to HASH(0x01 || sr || c).
            sr = node_hash(sr, c)
        # c. Finally, right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 7. Verify that fr equals first_hash, sr equals second_hash, and sn is 0.
    return fr == first_hash and sr == second_hash and sn == 0


def flip_bit(data, rng):
    position = rng.randrange(len(data) * 8)
    altered = bytearray(data)
    altered[position // 8] ^= 1 << (position % 8)
    return bytes(altered)


# --------------------------------------------------------------------------------------------
# Self-tests of the code above, so that a disagreement is blamed on the right side.

# The well-known RFC 6962 test leaves and the roots of their prefixes (as used by the
# Certificate Transparency implementations' test suites).
KNOWN_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                "606162636465666768696a6b6c6d6e6f"]
KNOWN_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

# RFC 8032 section 7.1, TEST 2 (one-byte message 0x72).
RFC8032_PUBLIC = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
RFC8032_MESSAGE = "72"
RFC8032_SIGNATURE = ("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")


def self_test(checks, signer, rng):
    tree = MerkleTree(leaf_hash(bytes.fromhex(x)) for x in KNOWN_LEAVES)
    checks.check(tree.root(0) == EMPTY_ROOT, "self-test: MTH of the empty tree is SHA-256('')")
    for size, expected in enumerate(KNOWN_ROOTS, start=1):
        checks.check(tree.root(size).hex() == expected,
                     f"self-test: MTH of the first {size} RFC 6962 test leaves is "
                     f"{tree.root(size).hex()}, expected {expected}")
    # Generated proofs must verify and altered ones must not, on trees of many shapes.
    many = MerkleTree(leaf_hash(struct.pack(">I", i)) for i in range(40))
    for n in range(1, 41):
        for i in range(n):
            proof = many.path(i, n)
            checks.check(verify_inclusion(i, n, many.leaves[i], proof, many.root(n)),
                         f"self-test: own inclusion proof ({i}, {n}) verifies")
            if proof:
                k = rng.randrange(len(proof))
                bad = proof[:k] + [flip_bit(proof[k], rng)] + proof[k + 1:]
                checks.check(not verify_inclusion(i, n, many.leaves[i], bad, many.root(n)),
                             f"self-test: altered inclusion proof ({i}, {n}) is rejected")
        for m in range(0, n + 1):
            proof = many.proof(m, n)
            checks.check(verify_consistency(m, n, many.root(m), many.root(n), proof),
                         f"self-test: own consistency proof ({m}, {n}) verifies")
            if proof:
                k = rng.randrange(len(proof))
                bad = proof[:k] + [flip_bit(proof[k], rng)] + proof[k + 1:]
                checks.check(not verify_consistency(m, n, many.root(m), many.root(n), bad),
                             f"self-test: altered consistency proof ({m}, {n}) is rejected")
    checks.check(signer.verify(bytes.fromhex(RFC8032_PUBLIC), bytes.fromhex(RFC8032_MESSAGE),
                               bytes.fromhex(RFC8032_SIGNATURE)),
                 "self-test: openssl verifies the RFC 8032 TEST 2 Ed25519 signature")
    checks.check(not signer.verify(bytes.fromhex(RFC8032_PUBLIC), b"\x73",
                                   bytes.fromhex(RFC8032_SIGNATURE)),
                 "self-test: openssl rejects the RFC 8032 TEST 2 signature on another message")


# --------------------------------------------------------------------------------------------
# Ed25519 through the openssl command-line tool, and C2SP signed notes.

class OpenSslEd25519:
    def __init__(self, openssl, scratch):
        self.openssl = openssl
        self.scratch = scratch
        os.makedirs(scratch, exist_ok=True)

    def verify(self, public_key, message, signature):
        if len(public_key) != 32 or len(signature) != 64:
            return False
        pem = ("-----BEGIN PUBLIC KEY-----\n"
               + base64.b64encode(ED25519_SPKI_PREFIX + public_key).decode("ascii")
               + "\n-----END PUBLIC KEY-----\n")
        pub_path = os.path.join(self.scratch, "pub.pem")
        text_path = os.path.join(self.scratch, "text")
        sig_path = os.path.join(self.scratch, "sig")
        with open(pub_path, "w", encoding="ascii") as f:
            f.write(pem)
        with open(text_path, "wb") as f:
            f.write(message)
        with open(sig_path, "wb") as f:
            f.write(signature)
        result = subprocess.run(
            [self.openssl, "pkeyutl", "-verify", "-pubin", "-inkey", pub_path, "-rawin",
             "-in", text_path, "-sigfile", sig_path],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, check=False)
        ok = result.returncode == 0 and b"Signature Verified Successfully" in result.stdout
        bad = result.returncode != 0 and b"Signature Verification Failure" in result.stdout
        if not ok and not bad:
            raise CheckFailure(
                "openssl gave neither a success nor a verification failure (exit "
                f"{result.returncode}): {result.stdout!r} {result.stderr!r}")
        return ok


def strict_b64decode(text):
    """Standard base64 with padding, rejecting anything that does not re-encode identically."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    if base64.b64encode(raw).decode("ascii") != text:
        return None
    return raw


def key_id(name, public_key):
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([ALG_ED25519]) + public_key).digest()[:4]


class VerifierKey:
    def __init__(self, line, checks):
        # C2SP signed-note: the name contains no '+', but the base64 key may.
        parts = line.split("+", 2)
        checks.check(len(parts) == 3, f"verifier key {line!r} has the form name+hash+key")
        self.name, hex_id, key_b64 = parts
        checks.check(self.name != "" and not any(c.isspace() for c in self.name),
                     f"verifier key name {self.name!r} is non-empty and has no spaces or '+'")
        checks.check(re.fullmatch(r"[0-9a-f]{8}", hex_id) is not None,
                     f"verifier key ID {hex_id!r} is 8 lowercase hex digits")
        raw = strict_b64decode(key_b64)
        checks.check(raw is not None, f"verifier key {key_b64!r} is canonical base64")
        checks.check(len(raw) == 33 and raw[0] == ALG_ED25519,
                     f"verifier key decodes to 0x01 || 32-byte Ed25519 key (got {len(raw)} bytes, "
                     f"first byte {raw[:1].hex()})")
        self.public_key = raw[1:]
        self.key_id = key_id(self.name, self.public_key)
        checks.check(self.key_id.hex() == hex_id,
                     f"verifier key ID {hex_id} equals SHA-256(name || 0x0A || 0x01 || key)[:4] = "
                     f"{self.key_id.hex()}")


class Checkpoint:
    """A C2SP tlog-checkpoint signed note, parsed strictly."""

    def __init__(self, note, what, checks):
        try:
            text = note.decode("utf-8")
        except UnicodeDecodeError:
            raise CheckFailure(f"{what}: note is not valid UTF-8")
        split = text.find("\n\n")
        checks.check(split > 0, f"{what}: note has a blank line between text and signatures")
        body = text[:split + 1]
        signatures = text[split + 2:]
        lines = body.split("\n")[:-1]
        checks.check(len(lines) == 3,
                     f"{what}: checkpoint text has exactly 3 lines (origin, size, root), "
                     f"got {len(lines)}: {body!r}")
        self.origin, size_text, root_text = lines
        checks.check(re.fullmatch(r"0|[1-9][0-9]*", size_text) is not None,
                     f"{what}: tree size line {size_text!r} is a canonical decimal number")
        self.size = int(size_text)
        root = strict_b64decode(root_text)
        checks.check(root is not None and len(root) == 32,
                     f"{what}: root line {root_text!r} is base64 of 32 bytes")
        self.root = root
        self.signed_text = body.encode("utf-8")
        checks.check(signatures.endswith("\n"), f"{what}: signature block ends with a newline")
        sig_lines = signatures[:-1].split("\n")
        checks.check(len(sig_lines) == 1,
                     f"{what}: note carries exactly one signature line, got {sig_lines!r}")
        match = re.fullmatch(EM_DASH + r" (\S+) (\S+)", sig_lines[0])
        checks.check(match is not None,
                     f"{what}: signature line {sig_lines[0]!r} has the form '\u2014 name base64'")
        self.signer_name = match.group(1)
        blob = strict_b64decode(match.group(2))
        checks.check(blob is not None and len(blob) == 68,
                     f"{what}: signature is base64 of 4-byte key ID || 64-byte Ed25519 signature")
        self.signature_key_id = blob[:4]
        self.signature = blob[4:]


def check_checkpoint_signature(cp, vkey, signer, what, checks, rng, negative):
    checks.check(cp.origin == ORIGIN, f"{what}: origin line {cp.origin!r} equals {ORIGIN!r}")
    checks.check(cp.signer_name == cp.origin,
                 f"{what}: signature key name {cp.signer_name!r} equals the origin {cp.origin!r}")
    checks.check(cp.signer_name == vkey.name,
                 f"{what}: signature key name {cp.signer_name!r} equals the verifier key name")
    checks.check(cp.signature_key_id == vkey.key_id,
                 f"{what}: signature key ID {cp.signature_key_id.hex()} equals "
                 f"{vkey.key_id.hex()}")
    checks.check(signer.verify(vkey.public_key, cp.signed_text, cp.signature),
                 f"{what}: Ed25519 signature over the note text verifies with openssl")
    if negative:
        # The check must be able to fail: one altered byte of text, or of signature, is rejected.
        position = rng.randrange(len(cp.signed_text))
        altered = bytearray(cp.signed_text)
        altered[position] ^= 0x01
        checks.check(not signer.verify(vkey.public_key, bytes(altered), cp.signature),
                     f"{what}: the note text with byte {position} altered fails verification")
        checks.check(not signer.verify(vkey.public_key, cp.signed_text,
                                       flip_bit(cp.signature, rng)),
                     f"{what}: a signature with one flipped bit fails verification")


# --------------------------------------------------------------------------------------------
# Driving the binaries.

class Tool:
    def __init__(self, tool, filler, data):
        self.tool = tool
        self.filler = filler
        self.data = data
        self.invocations = 0

    def run(self, argv):
        self.invocations += 1
        try:
            result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise CheckFailure(f"running {' '.join(argv)} failed: {error}")
        if result.returncode != 0:
            raise CheckFailure(
                f"{' '.join(argv)} exited with {result.returncode}; stderr: "
                f"{result.stderr.decode('utf-8', 'replace').strip()}")
        return result.stdout

    def crowdledger(self, *args):
        return self.run([self.tool] + list(args))

    def prove_args(self, kind, a, b):
        if kind == "inclusion":
            return [self.tool, "prove", "inclusion", "--data", self.data, "--index", str(a),
                    "--size", str(b)]
        return [self.tool, "prove", "consistency", "--data", self.data, "--from", str(a),
                "--to", str(b)]


def parse_entries(blob, checks):
    entries = []
    offset = 0
    while offset < len(blob):
        checks.check(len(blob) - offset >= 4,
                     f"entries.bin: {len(blob) - offset} trailing bytes at offset {offset} are "
                     "too short for a length prefix")
        (length,) = struct.unpack_from("<I", blob, offset)
        offset += 4
        checks.check(length <= len(blob) - offset,
                     f"entries.bin: entry {len(entries)} claims {length} bytes at offset "
                     f"{offset} but only {len(blob) - offset} remain")
        entries.append(blob[offset:offset + length])
        offset += length
    checks.check(offset == len(blob), "entries.bin: the length prefixes consume the file exactly")
    return entries


HEX_HASH = re.compile(r"[0-9a-f]{64}")


def parse_hash_list(value, what, checks):
    checks.check(isinstance(value, list), f"{what}: proof is a JSON array")
    for h in value:
        checks.check(isinstance(h, str) and HEX_HASH.fullmatch(h) is not None,
                     f"{what}: proof element {h!r} is 64 lowercase hex digits")
    return [bytes.fromhex(h) for h in value]


def parse_json(output, keys, what, checks):
    try:
        obj = json.loads(output.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise CheckFailure(f"{what}: output is not JSON ({error}): {output!r}")
    checks.check(isinstance(obj, dict) and set(obj) == set(keys),
                 f"{what}: JSON has exactly the keys {sorted(keys)}, got {output!r}")
    return obj


def check_inclusion(tree, i, n, output, checks, rng):
    what = f"prove inclusion --index {i} --size {n}"
    obj = parse_json(output, ["index", "tree_size", "leaf_hash", "root", "proof"], what, checks)
    checks.check(obj["index"] == i and obj["tree_size"] == n,
                 f"{what}: echoes index {obj['index']} and tree_size {obj['tree_size']}")
    leaf = tree.leaves[i]
    root = tree.root(n)
    checks.check(obj["leaf_hash"] == leaf.hex(),
                 f"{what}: leaf_hash {obj['leaf_hash']} equals SHA-256(0x00 || entry {i}) = "
                 f"{leaf.hex()}")
    checks.check(obj["root"] == root.hex(),
                 f"{what}: root {obj['root']} equals the MTH of the first {n} entries = "
                 f"{root.hex()}")
    proof = parse_hash_list(obj["proof"], what, checks)
    checks.check(verify_inclusion(i, n, leaf, proof, root),
                 f"{what}: the proof verifies per RFC 9162 2.1.3.2 against the independently "
                 f"computed leaf hash and root; proof {obj['proof']}")
    expected = tree.path(i, n)
    checks.check(proof == expected,
                 f"{what}: the proof equals PATH({i}, D[{n}]) of RFC 9162 2.1.3.1: got "
                 f"{obj['proof']}, expected {[h.hex() for h in expected]}")
    if proof:
        k = rng.randrange(len(proof))
        bad = proof[:k] + [flip_bit(proof[k], rng)] + proof[k + 1:]
        checks.check(not verify_inclusion(i, n, leaf, bad, root),
                     f"{what}: the proof with one flipped bit in element {k} is rejected")
        checks.check(not verify_inclusion(i, n, leaf, proof[:-1], root),
                     f"{what}: the proof without its last element is rejected")
    else:
        checks.check(not verify_inclusion(i, n, flip_bit(leaf, rng), proof, root),
                     f"{what}: the empty proof with a one-bit-different leaf hash is rejected")
    checks.check(not verify_inclusion(i, n, leaf, proof + [root], root),
                 f"{what}: the proof with an extra element is rejected")


def check_consistency(tree, m, n, output, checks, rng):
    what = f"prove consistency --from {m} --to {n}"
    obj = parse_json(output, ["old_size", "new_size", "old_root", "new_root", "proof"], what,
                     checks)
    checks.check(obj["old_size"] == m and obj["new_size"] == n,
                 f"{what}: echoes old_size {obj['old_size']} and new_size {obj['new_size']}")
    old_root = tree.root(m)
    new_root = tree.root(n)
    checks.check(obj["old_root"] == old_root.hex(),
                 f"{what}: old_root {obj['old_root']} equals the MTH of the first {m} entries = "
                 f"{old_root.hex()}")
    checks.check(obj["new_root"] == new_root.hex(),
                 f"{what}: new_root {obj['new_root']} equals the MTH of the first {n} entries = "
                 f"{new_root.hex()}")
    proof = parse_hash_list(obj["proof"], what, checks)
    if m == n or m == 0:
        checks.check(proof == [], f"{what}: the proof is empty, got {obj['proof']}")
    checks.check(verify_consistency(m, n, old_root, new_root, proof),
                 f"{what}: the proof verifies per RFC 9162 2.1.4.2 against the independently "
                 f"computed roots; proof {obj['proof']}")
    expected = tree.proof(m, n)
    checks.check(proof == expected,
                 f"{what}: the proof equals PROOF({m}, D[{n}]) of RFC 9162 2.1.4.1: got "
                 f"{obj['proof']}, expected {[h.hex() for h in expected]}")
    if proof:
        k = rng.randrange(len(proof))
        bad = proof[:k] + [flip_bit(proof[k], rng)] + proof[k + 1:]
        checks.check(not verify_consistency(m, n, old_root, new_root, bad),
                     f"{what}: the proof with one flipped bit in element {k} is rejected")
        checks.check(not verify_consistency(m, n, old_root, new_root, proof[:-1]),
                     f"{what}: the proof without its last element is rejected")
    elif m == n:
        checks.check(not verify_consistency(m, n, old_root, flip_bit(new_root, rng), proof),
                     f"{what}: equal sizes with a one-bit-different new root are rejected")
    checks.check(not verify_consistency(m, n, old_root, new_root, proof + [new_root]),
                 f"{what}: the proof with an extra element is rejected")
    if 0 < m < n:
        checks.check(not verify_consistency(m, n, flip_bit(old_root, rng), new_root, proof),
                     f"{what}: the proof against a one-bit-different old root is rejected")


def choose_pairs(kind, size, exhaustive_max, samples, rng):
    """All pairs for tree sizes up to exhaustive_max, edge cases and a random sample above."""
    pairs = []
    for n in range(1, min(exhaustive_max, size) + 1):
        if kind == "inclusion":
            pairs += [(i, n) for i in range(n)]
        else:
            pairs += [(m, n) for m in range(0, n + 1)]
    if size <= exhaustive_max:
        return pairs
    larger = set()
    edge_sizes = {exhaustive_max + 1, size}
    edge_sizes |= {p + d for p in (32, 64, 128, 256, 512) for d in (-1, 0, 1)}
    edge_sizes = sorted(s for s in edge_sizes if exhaustive_max < s <= size)
    for n in edge_sizes:
        if kind == "inclusion":
            for i in (0, 1, n // 2, n - 2, n - 1):
                larger.add((i, n))
        else:
            for m in (0, 1, n // 2, n - 1, n, 32, 64, 128, 256):
                if 0 <= m <= n:
                    larger.add((m, n))
    possible = sum(n if kind == "inclusion" else n + 1 for n in range(exhaustive_max + 1, size + 1))
    target = min(len(larger) + samples, possible)
    while len(larger) < target:
        n = rng.randint(exhaustive_max + 1, size)
        if kind == "inclusion":
            larger.add((rng.randrange(n), n))
        else:
            larger.add((rng.randint(0, n), n))
    return pairs + sorted(larger, key=lambda p: (p[1], p[0]))


def run_proofs(tool, tree, kind, pairs, jobs, checks, rng):
    argvs = [tool.prove_args(kind, a, b) for (a, b) in pairs]
    check = check_inclusion if kind == "inclusion" else check_consistency
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(tool.run, argv) for argv in argvs]
        try:
            for (a, b), future in zip(pairs, futures):
                check(tree, a, b, future.result(), checks, rng)
        finally:
            for future in futures:
                future.cancel()


# --------------------------------------------------------------------------------------------

def prepare_workdir(workdir):
    workdir = os.path.abspath(workdir)
    if workdir in ("/", os.path.expanduser("~")):
        raise CheckFailure(f"refusing to use {workdir} as the workdir")
    if os.path.lexists(workdir):
        if not os.path.isdir(workdir) or os.path.islink(workdir):
            raise CheckFailure(f"workdir {workdir} exists and is not a directory")
        if os.listdir(workdir) and not os.path.exists(os.path.join(workdir, MARKER)):
            raise CheckFailure(
                f"workdir {workdir} is not empty and was not created by this script "
                f"(no {MARKER}); refusing to wipe it")
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    with open(os.path.join(workdir, MARKER), "w", encoding="ascii") as f:
        f.write("created by rfc9162_check.py; wiped on every run\n")
    return workdir


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tool", required=True, help="path of the crowdledger binary")
    parser.add_argument("--filler", required=True, help="path of the log_filler binary")
    parser.add_argument("--workdir", required=True, help="scratch directory (wiped)")
    parser.add_argument("--seed", type=int, default=9162, help="seed of the random sample")
    parser.add_argument("--exhaustive-max", type=int, default=24,
                        help="check all proof pairs for tree sizes up to this")
    parser.add_argument("--samples", type=int, default=75,
                        help="random extra pairs per proof kind above --exhaustive-max")
    parser.add_argument("--jobs", type=int, default=2, help="tool invocations run in parallel")
    parser.add_argument("--openssl", default=None, help="openssl binary (default: from PATH)")
    args = parser.parse_args()

    started = time.monotonic()
    checks = Checks()
    rng = random.Random(args.seed)
    print(f"rfc9162_check: seed {args.seed} (rerun with --seed {args.seed} to reproduce)")
    try:
        openssl = args.openssl or shutil.which("openssl") or "/usr/bin/openssl"
        for path, what in ((args.tool, "--tool"), (args.filler, "--filler"),
                           (openssl, "openssl")):
            checks.check(os.path.isfile(path) and os.access(path, os.X_OK),
                         f"{what} {path} is an executable file")
        workdir = prepare_workdir(args.workdir)
        data = os.path.join(workdir, "ledger")
        out = os.path.join(workdir, "export")
        signer = OpenSslEd25519(openssl, os.path.join(workdir, "openssl"))
        tool = Tool(os.path.abspath(args.tool), os.path.abspath(args.filler), data)

        # 0. Self-tests of this script's own Merkle, proof and signature code.
        before = checks.passed
        self_test(checks, signer, rng)
        print(f"self-test: {checks.passed - before} checks of the independent implementation")

        # 1. A fresh ledger, filled in batches of varied sizes, exported.
        tool.crowdledger("init", "--data", data, "--origin", ORIGIN, "--authority-key",
                         os.path.join(workdir, "authority.key"))
        boundaries = [1]
        for count, batch in FILL_PLAN:
            output = tool.run([tool.filler, "--data", data, "--count", str(count), "--batch",
                               str(batch)])
            start = boundaries[-1]
            for appended in range(batch, count + batch, batch):
                boundaries.append(start + min(appended, count))
            expected = start + count
            checks.check(output.decode("utf-8", "replace").strip() == f"ledger size {expected}",
                         f"log_filler --count {count} --batch {batch} reports ledger size "
                         f"{expected}, got {output!r}")
        total = boundaries[-1]
        tool.crowdledger("export", "--data", data, "--out", out)
        print(f"ledger: {total} entries after {len(FILL_PLAN)} log_filler runs; "
              f"checkpoints issued at {boundaries}")

        # 2. entries.bin parsed strictly; its MTH matches the exported checkpoint.
        with open(os.path.join(out, "entries.bin"), "rb") as f:
            entries = parse_entries(f.read(), checks)
        checks.check(len(entries) == total,
                     f"entries.bin holds {len(entries)} entries, expected {total}")
        tree = MerkleTree(leaf_hash(e) for e in entries)
        with open(os.path.join(out, "checkpoint"), "rb") as f:
            exported_note = f.read()
        latest = Checkpoint(exported_note, "exported checkpoint", checks)
        checks.check(latest.size == len(entries),
                     f"exported checkpoint size {latest.size} equals the entry count "
                     f"{len(entries)}")
        checks.check(latest.root == tree.root(len(entries)),
                     f"exported checkpoint root {latest.root.hex()} equals the independently "
                     f"computed MTH {tree.root(len(entries)).hex()}")
        checks.check(tool.crowdledger("checkpoint", "--data", data) == exported_note,
                     "`checkpoint` prints the same note as the exported checkpoint file")
        print(f"export: entries.bin parsed ({len(entries)} entries, "
              f"{sum(len(e) for e in entries)} entry bytes); root {latest.root.hex()} matches")

        # 3. The verifier key, the key ID, and the Ed25519 signature (which must be able to fail).
        key_line = tool.crowdledger("verifier-key", "--data", data).decode("utf-8")
        checks.check(key_line.endswith("\n") and key_line.count("\n") == 1,
                     f"verifier-key prints exactly one line, got {key_line!r}")
        vkey = VerifierKey(key_line.rstrip("\n"), checks)
        checks.check(vkey.name == ORIGIN,
                     f"verifier key name {vkey.name!r} equals the origin {ORIGIN!r}")
        check_checkpoint_signature(latest, vkey, signer, "exported checkpoint", checks, rng,
                                   negative=True)
        print(f"signature: verifier key {vkey.name}+{vkey.key_id.hex()} verified the exported "
              "checkpoint; altered text and signature were rejected")

        # 4. Inclusion proofs.
        t0 = time.monotonic()
        pairs = choose_pairs("inclusion", total, args.exhaustive_max, args.samples, rng)
        before = checks.passed
        run_proofs(tool, tree, "inclusion", pairs, args.jobs, checks, rng)
        print(f"inclusion: {len(pairs)} (index, size) pairs, all for sizes <= "
              f"{args.exhaustive_max}, {checks.passed - before} checks, "
              f"{time.monotonic() - t0:.1f}s")

        # 5. Consistency proofs.
        t0 = time.monotonic()
        pairs = choose_pairs("consistency", total, args.exhaustive_max, args.samples, rng)
        before = checks.passed
        run_proofs(tool, tree, "consistency", pairs, args.jobs, checks, rng)
        print(f"consistency: {len(pairs)} (from, to) pairs, all for sizes <= "
              f"{args.exhaustive_max}, {checks.passed - before} checks, "
              f"{time.monotonic() - t0:.1f}s")

        # 6. The checkpoint issued at every batch boundary.
        for size in boundaries:
            what = f"checkpoint --size {size}"
            cp = Checkpoint(tool.crowdledger("checkpoint", "--data", data, "--size", str(size)),
                            what, checks)
            checks.check(cp.size == size, f"{what}: size line {cp.size} equals {size}")
            checks.check(cp.root == tree.root(size),
                         f"{what}: root {cp.root.hex()} equals the independently computed MTH "
                         f"of the first {size} entries {tree.root(size).hex()}")
            check_checkpoint_signature(cp, vkey, signer, what, checks, rng,
                                       negative=(size == boundaries[0]))
        print(f"checkpoints: {len(boundaries)} issued checkpoints have the right root and a "
              "valid signature")
    except CheckFailure as failure:
        print(f"FAILED: {failure}")
        print(f"{checks.passed} passed, 1 failed")
        return 1
    print(f"{tool.invocations} tool runs in {time.monotonic() - started:.1f}s")
    print(f"{checks.passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
