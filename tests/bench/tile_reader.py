#!/usr/bin/env python3
"""A tile reader, as a log monitor or mirror polls a C2SP tlog-tiles log: for the benchmark of
ingest with a reader beside it (tiles_beside_bench.sh, docs/BENCHMARKS.md).

It starts caught up (at the tree size of its first /checkpoint; --from-zero fetches the whole
history first). Every --interval-ms it reads /checkpoint; when the tree grew, it fetches what a
mirror needs to follow it: every level-0 hash tile and entry bundle (ours, with 32-bit lengths) completed since, and the partial
ones at the new size, and the same for level 1. One keep-alive connection, standard library only.
Runs until SIGTERM or SIGINT, then prints one JSON line: polls, requests, bytes, errors (with
the first few failed paths), the first and the last size it saw, its own CPU seconds.
Usage: tile_reader.py --url http://HOST:PORT [--interval-ms 100]
"""

import argparse
import http.client
import json
import resource
import signal
import sys
import time
import urllib.parse

TILE_WIDTH = 256


def tile_index(n):
    """The spec's path form of a tile index: x001/x234/067."""
    digits = "%d" % n
    digits = "0" * ((3 - len(digits) % 3) % 3) + digits
    groups = [digits[i:i + 3] for i in range(0, len(digits), 3)]
    return "/".join(["x" + g for g in groups[:-1]] + [groups[-1]])


def tile_path(kind, n, width):
    path = "/tile/%s/%s" % (kind, tile_index(n))
    return path if width == TILE_WIDTH else path + ".p/%d" % width


def bundle_path(n, width):
    """Our bundles (uint32 lengths): the spec's are 404 where an entry exceeds 65,535 bytes."""
    path = "/crowdledger/entries/%s" % tile_index(n)
    return path if width == TILE_WIDTH else path + ".p/%d" % width


class Reader:
    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.connection = None
        self.stats = {"polls": 0, "requests": 0, "bytes": 0, "errors": 0, "failed": [],
                      "first_size": None, "size": 0}

    def error(self, path, status):
        self.stats["errors"] += 1
        if len(self.stats["failed"]) < 5:
            self.stats["failed"].append("%s %s" % (status, path))

    def get(self, path):
        for _ in range(2):  # once more on a fresh connection if the server closed the old one
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
                self.connection.request("GET", path)
                response = self.connection.getresponse()
                body = response.read()
                self.stats["requests"] += 1
                self.stats["bytes"] += len(body)
                if response.status != 200:
                    self.error(path, response.status)
                return response.status, body
            except (OSError, http.client.HTTPException):
                self.connection = None
        self.error(path, "no answer")
        return 0, b""

    def follow(self, old_size, new_size):
        """Fetches the tiles and bundles that cover entries old_size..new_size."""
        first_tile = old_size // TILE_WIDTH
        last_full = new_size // TILE_WIDTH  # tiles below this index are full
        for n in range(first_tile, last_full):
            self.get(tile_path("0", n, TILE_WIDTH))
            self.get(bundle_path(n, TILE_WIDTH))
        partial = new_size % TILE_WIDTH
        if partial:
            self.get(tile_path("0", last_full, partial))
            self.get(bundle_path(last_full, partial))
        # Level 1: its tiles completed since, and its partial tile at the new size.
        span = TILE_WIDTH * TILE_WIDTH
        for n in range(old_size // span, new_size // span):
            self.get(tile_path("1", n, TILE_WIDTH))
        level_one_width = (new_size // TILE_WIDTH) % TILE_WIDTH
        if level_one_width:
            self.get(tile_path("1", new_size // span, level_one_width))

    def poll(self, from_zero):
        self.stats["polls"] += 1
        status, body = self.get("/checkpoint")
        if status != 200:
            return
        lines = body.decode("utf-8", "replace").split("\n")
        try:
            size = int(lines[1])
        except (IndexError, ValueError):
            self.error("/checkpoint", "unparsable")
            return
        if self.stats["first_size"] is None:
            self.stats["first_size"] = size
            if not from_zero:
                self.stats["size"] = size  # caught up: only what is added from now on
        if size > self.stats["size"]:
            self.follow(self.stats["size"], size)
            self.stats["size"] = size


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--interval-ms", type=int, default=100)
    parser.add_argument("--from-zero", action="store_true", help="fetch the whole history first")
    args = parser.parse_args()
    stopping = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.append(True))
    reader = Reader(args.url)
    while not stopping:
        started = time.monotonic()
        reader.poll(args.from_zero)
        time.sleep(max(0.0, args.interval_ms / 1000.0 - (time.monotonic() - started)))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    reader.stats["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 3)  # the reader's own CPU
    print(json.dumps(reader.stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
