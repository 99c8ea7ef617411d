"""Concurrent clients against `quarry serve`'s search API on the loopback address.

Each client keeps one HTTP/1.1 connection open and sends GET /api/search with the next query
of a fixed list, one request at a time, until the time is up. Prints requests per second,
latency percentiles and the errors (any answer but 200 with a JSON body, or a failed
connection). Bounded: at most 100 clients for at most 60 seconds, loopback only.

    python3 load_test.py http://127.0.0.1:PORT/ [--clients 50] [--seconds 30]
"""

import argparse
import asyncio
import json
import time
import urllib.parse

QUERIES = [
    "moe", "sparse attention", "kind:paper", "author:\"Ahan Gupta\"", "\"mixture of experts\"",
    "year:2024..", "kind:resume skill:python", "compiler", "title:attention", "neural network",
    "inference OR training", "-gpu kind:paper", "atten*", "llm", "quantum", "protein structure",
]


async def client(host, port, paths, deadline, latencies, errors):
    reader = writer = None
    sent = 0
    while time.monotonic() < deadline:
        path = paths[sent % len(paths)]
        sent += 1
        started = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
            await writer.drain()
            status_line = await reader.readline()
            status = int(status_line.split()[1])
            length = None
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            body = await reader.readexactly(length or 0)
            if status != 200 or "version" not in json.loads(body):
                errors.append(f"{status} for {path}")
            latencies.append(time.monotonic() - started)
        except Exception as error:  # a refused or dropped connection is an error, then reconnect
            errors.append(f"{type(error).__name__} for {path}")
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def main(url, clients, seconds):
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the load test runs against the loopback address only")
    paths = [f"/api/search?q={urllib.parse.quote_plus(query)}" for query in QUERIES]
    latencies, errors = [], []
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    await asyncio.gather(*(
        client(parts.hostname, parts.port, paths[i % len(paths):] + paths[:i % len(paths)], deadline, latencies, errors)
        for i in range(clients)))
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else float("nan")

    print(f"{clients} clients for {elapsed:.1f} s: {len(latencies)} requests, {len(latencies) / elapsed:.0f} requests/s, "
          f"{len(errors)} errors")
    print(f"latency ms: p50 {percentile(50):.1f}, p95 {percentile(95):.1f}, p99 {percentile(99):.1f}, "
          f"max {latencies[-1] * 1000 if latencies else float('nan'):.1f}")
    for error in sorted(set(errors))[:10]:
        print(f"  error: {error} ({errors.count(error)}×)")
    return 1 if errors else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    arguments = parser.parse_args()
    if not 1 <= arguments.clients <= 100 or not 0 < arguments.seconds <= 60:
        raise SystemExit("--clients 1..100 and --seconds up to 60")
    raise SystemExit(asyncio.run(main(arguments.url, arguments.clients, arguments.seconds)))
