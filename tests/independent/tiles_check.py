#!/usr/bin/env python3
"""Independent check of crowdledger's C2SP tlog-tiles over HTTP, sharing no code with it.

Written from the specs alone (https://c2sp.org/tlog-tiles, https://c2sp.org/tlog-checkpoint,
RFC 9162 section 2.1) with the Python standard library only. Against a running
`crowdledger serve --http`, it:

  * reads /checkpoint (origin, tree size, base64 root);
  * fetches every entry bundle of that tree (full ones, then the partial one of width
    size mod 256), decodes the spec's big-endian uint16 length prefixes, and also our own
    /crowdledger/entries/ bundles (uint32 little-endian lengths) and checks they agree;
  * recomputes the RFC 9162 root from the entries and compares it with the checkpoint's;
  * fetches every hash tile of every level the tree reaches (full tiles and the partial tile
    of width floor(size / 256^L) mod 256) and checks each hash i of tile N at level L is
    MTH(D[(N*256+i)*256^L : (N*256+i+1)*256^L]), recomputed from the entries;
  * checks the cache headers (full: immutable; partial and checkpoint: short-lived), that
    tiles beyond the tree are 404, and, with --expect-accepted, that /metrics parses as the
    Prometheus text format (by this script, and by Debian's python3-prometheus-client, the
    one import beyond the standard library) and counts that many accepted transactions, and
    with --expect-refused that many refused ones (what the load generator was told).

Prints "N passed, 0 failed" and exits 0, or explains the first failure and exits 1.
Usage: tiles_check.py --url http://127.0.0.1:PORT [--expect-accepted N [--expect-refused R]]
"""

import argparse
import base64
import hashlib
import re
import struct
import sys
import urllib.error
import urllib.request

TILE_WIDTH = 256


class CheckFailure(Exception):
    pass


class Checks:
    def __init__(self):
        self.passed = 0

    def check(self, condition, message):
        if not condition:
            raise CheckFailure(message)
        self.passed += 1


# RFC 9162 section 2.1.1 ------------------------------------------------------------------------

def leaf_hash(entry):
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(leaves):
    """MTH over leaf hashes, iteratively (no recursion limit), per the RFC's split rule."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)  # largest power of two smaller than n
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


# tlog-tiles paths --------------------------------------------------------------------------------

def tile_index_path(n):
    """1234067 -> 'x001/x234/067': 3-digit elements, all but the last prefixed with 'x'."""
    elements = []
    while True:
        elements.append("%03d" % (n % 1000))
        n //= 1000
        if n == 0:
            break
    elements.reverse()
    return "/".join(["x" + e for e in elements[:-1]] + [elements[-1]])


def tile_url(prefix, level, n, width):
    path = "%s/%s" % (level, tile_index_path(n))
    return prefix + "/tile/" + path + ("" if width == TILE_WIDTH else ".p/%d" % width)


# HTTP ---------------------------------------------------------------------------------------------

def fetch(url):
    """(status, headers, body) of a GET; HTTP errors are answers, not exceptions."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def parse_checkpoint(text, checks):
    """The note body per tlog-checkpoint: origin, decimal size, base64 root, then signatures."""
    body, sep, signatures = text.partition("\n\n")
    checks.check(sep == "\n\n" and signatures.startswith("\u2014 "),
                 "the checkpoint is not a signed note: %r" % text[:200])
    lines = body.split("\n")
    checks.check(len(lines) >= 3, "the checkpoint body has fewer than 3 lines")
    checks.check(re.fullmatch(r"0|[1-9][0-9]*", lines[1]) is not None,
                 "tree size %r is not canonical decimal" % lines[1])
    root = base64.b64decode(lines[2], validate=True)
    checks.check(len(root) == 32, "the root hash is not 32 bytes")
    return lines[0], int(lines[1]), root


def split_bundle(data, length_format, what, checks):
    size = struct.calcsize(length_format)
    entries, at = [], 0
    while at < len(data):
        checks.check(at + size <= len(data), "%s: truncated length at byte %d" % (what, at))
        (length,) = struct.unpack_from(length_format, data, at)
        at += size
        checks.check(at + length <= len(data), "%s: truncated entry at byte %d" % (what, at))
        entries.append(data[at:at + length])
        at += length
    return entries


def fetch_entries(prefix, size, checks):
    entries = []
    for n in range((size + TILE_WIDTH - 1) // TILE_WIDTH):
        width = min(TILE_WIDTH, size - n * TILE_WIDTH)
        suffix = tile_index_path(n) + ("" if width == TILE_WIDTH else ".p/%d" % width)
        status, headers, ours = fetch(prefix + "/crowdledger/entries/" + suffix)
        checks.check(status == 200, "bundle %s with 32-bit lengths: HTTP %d" % (suffix, status))
        bundle = split_bundle(ours, "<I", "bundle " + suffix, checks)
        checks.check(len(bundle) == width, "bundle %s holds %d entries" % (suffix, len(bundle)))
        status, headers, spec = fetch(prefix + "/tile/entries/" + suffix)
        if any(len(e) > 0xFFFF for e in bundle):
            checks.check(status == 404, "a spec bundle with a long entry must be 404")
        else:
            checks.check(status == 200, "spec bundle %s: HTTP %d" % (suffix, status))
            checks.check(split_bundle(spec, ">H", "spec bundle " + suffix, checks) == bundle,
                         "the spec bundle %s and ours disagree" % suffix)
            immutable = "immutable" in headers.get("Cache-Control", "")
            checks.check(immutable == (width == TILE_WIDTH),
                         "bundle %s: Cache-Control %r" % (suffix, headers.get("Cache-Control")))
        entries.extend(bundle)
    return entries


def check_hash_tiles(prefix, size, leaves, checks):
    level = 0
    while TILE_WIDTH ** level <= size:
        per_hash = TILE_WIDTH ** level
        hashes_at_level = size // per_hash  # complete subtrees of 256^level leaves
        for n in range((hashes_at_level + TILE_WIDTH - 1) // TILE_WIDTH):
            width = min(TILE_WIDTH, hashes_at_level - n * TILE_WIDTH)
            url = tile_url(prefix, level, n, width)
            status, headers, body = fetch(url)
            checks.check(status == 200, "%s: HTTP %d" % (url, status))
            checks.check(len(body) == 32 * width, "%s: %d bytes" % (url, len(body)))
            for i in range(width):
                begin = (n * TILE_WIDTH + i) * per_hash
                expected = mth(leaves[begin:begin + per_hash])
                checks.check(body[32 * i:32 * i + 32] == expected,
                             "%s: hash %d is not MTH(D[%d:%d])" % (url, i, begin, begin + per_hash))
            immutable = "immutable" in headers.get("Cache-Control", "")
            checks.check(immutable == (width == TILE_WIDTH), "%s: cache headers" % url)
        # The next tile of this level is not complete yet: not served.
        next_full = tile_url(prefix, level, hashes_at_level // TILE_WIDTH, TILE_WIDTH)
        checks.check(fetch(next_full)[0] == 404, "%s must be 404" % next_full)
        level += 1
    return level


def check_metrics(prefix, expected_accepted, expected_refused, checks):
    status, headers, body = fetch(prefix + "/metrics")
    checks.check(status == 200, "/metrics: HTTP %d" % status)
    samples, types = {}, {}
    sample = re.compile(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)')
    for line in body.decode("utf-8").splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            types[name] = kind
            continue
        if line.startswith("# HELP ") or not line:
            continue
        match = sample.fullmatch(line)
        checks.check(match is not None, "/metrics: unparsable line %r" % line)
        float(match.group(3))  # every value is a number
        samples[match.group(1) + (match.group(2) or "")] = match.group(3)
    for name in samples:
        base = re.sub(r"(_bucket|_sum|_count)$", "", name.split("{")[0])
        checks.check(base in types or name.split("{")[0] in types, "%s has no TYPE line" % name)
    accepted = samples.get('crowdledger_transactions_total{outcome="accepted",code="Ok"}')
    checks.check(accepted is not None and int(accepted) == expected_accepted,
                 "/metrics counts %s accepted transactions, expected %d" %
                 (accepted, expected_accepted))
    # The same figures as the Prometheus project's own parser reads them.
    from prometheus_client.parser import text_string_to_metric_families
    families = {f.name: f for f in text_string_to_metric_families(body.decode("utf-8"))}
    transactions = families.get("crowdledger_transactions")
    checks.check(transactions is not None and transactions.type == "counter",
                 "prometheus_client finds no counter crowdledger_transactions")
    by_outcome = {}
    for metric_sample in transactions.samples:
        if metric_sample.name == "crowdledger_transactions_total":
            outcome = metric_sample.labels.get("outcome")
            by_outcome[outcome] = by_outcome.get(outcome, 0) + metric_sample.value
    checks.check(by_outcome.get("accepted", 0) == expected_accepted,
                 "prometheus_client reads %s accepted transactions, expected %d" %
                 (by_outcome.get("accepted"), expected_accepted))
    if expected_refused is not None:
        checks.check(by_outcome.get("refused", 0) == expected_refused,
                     "prometheus_client reads %s refused transactions, expected %d" %
                     (by_outcome.get("refused", 0), expected_refused))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True, help="http://HOST:PORT of crowdledger serve --http")
    parser.add_argument("--expect-accepted", type=int, help="accepted transactions /metrics counts")
    parser.add_argument("--expect-refused", type=int,
                        help="refused transactions /metrics counts (with --expect-accepted)")
    args = parser.parse_args()
    prefix = args.url.rstrip("/")
    checks = Checks()
    try:
        checks.check(tile_index_path(1234067) == "x001/x234/067", "the spec's index example")
        status, headers, text = fetch(prefix + "/checkpoint")
        checks.check(status == 200, "/checkpoint: HTTP %d" % status)
        checks.check("immutable" not in headers.get("Cache-Control", "immutable"),
                     "/checkpoint must not be cached long")
        origin, size, root = parse_checkpoint(text.decode("utf-8"), checks)
        checks.check(size > TILE_WIDTH, "the tree (%d) must hold a full tile" % size)
        entries = fetch_entries(prefix, size, checks)
        leaves = [leaf_hash(e) for e in entries]
        checks.check(mth(leaves) == root, "the entries' RFC 9162 root differs from the checkpoint's")
        levels = check_hash_tiles(prefix, size, leaves, checks)
        if args.expect_accepted is not None:
            check_metrics(prefix, args.expect_accepted, args.expect_refused, checks)
        print("origin %s, tree size %d: root recomputed from %d entry bundles, hash tiles at %d "
              "levels checked" % (origin, size, (size + 255) // 256, levels))
    except (CheckFailure, OSError, ValueError) as failure:
        print("FAILED: %s" % failure)
        print("%d passed, 1 failed" % checks.passed)
        return 1
    print("%d passed, 0 failed" % checks.passed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
