#!/usr/bin/env python3
"""Bounded load test of `dotterel serve` on loopback: concurrent clients on POST /v1/code and
GET /v1/events for a fixed time; prints requests/s, p50/p99 latency and errors per endpoint.

    # start a server over DB itself (rate limit off, so capacity is measured), 20+20 clients, 60 s
    .venv/bin/python scripts/loadtest.py --db /tmp/bench.duckdb --articles ARTICLES.jsonl
    # or against a server already running on this machine
    .venv/bin/python scripts/loadtest.py --url http://127.0.0.1:8000 --duration 30

Only loopback addresses are accepted as targets, the run stops by itself after
--duration seconds (at most 600), and every request has a timeout.
"""
from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx

FALLBACK_TEXTS = [
    "South Korea protested to Russia on Monday over the arms deal with North Korea. Seoul summoned the Russian "
    "ambassador and demanded that Moscow stop military cooperation with Pyongyang.",
    "Russian President Vladimir Putin threatened South Korea on Wednesday, warning that supplying weapons to Ukraine "
    "would be a big mistake. Russia also accused South Korea of provoking tensions.",
    "The United States condemned North Korea and imposed sanctions on Pyongyang. Japan and South Korea held joint "
    "military exercises with the United States near Busan.",
]
MAX_DURATION = 600.0


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)  # exceptions: timeouts, refused connections

    def add(self, seconds: float, status: int | None, failure: str | None = None) -> None:
        self.latencies.append(seconds)
        if status is not None:
            self.statuses[status] += 1
        if failure:
            self.failures[failure] += 1

    def report(self, name: str, clients: int, elapsed: float) -> dict[str, Any]:
        n = len(self.latencies)
        ok = sum(v for k, v in self.statuses.items() if 200 <= k < 300)
        errors = sum(v for k, v in self.statuses.items() if k >= 500) + sum(self.failures.values())
        lat = sorted(self.latencies)
        return {
            "endpoint": name, "clients": clients, "requests": n, "ok": ok,
            "requests_per_s": round(n / elapsed, 2) if elapsed else 0.0,
            "ok_per_s": round(ok / elapsed, 2) if elapsed else 0.0,
            "p50_ms": round(percentile(lat, 50) * 1000, 1) if lat else None,
            "p99_ms": round(percentile(lat, 99) * 1000, 1) if lat else None,
            "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else None,
            "max_ms": round(lat[-1] * 1000, 1) if lat else None,
            "statuses": dict(sorted(self.statuses.items())), "errors": errors,
            "failures": dict(self.failures), "rate_limited_429": self.statuses.get(429, 0),
        }


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    k = max(0, min(len(sorted_values) - 1, math.ceil(p / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


def check_loopback(url: str) -> None:
    """Refuse any target that is not this machine's loopback: this tool never loads another host."""
    host = urlparse(url).hostname or ""
    try:
        addrs = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as exc:
        raise SystemExit(f"cannot resolve {host!r}: {exc}") from exc
    bad = [a for a in addrs if not ipaddress.ip_address(a.split("%")[0]).is_loopback]
    if not addrs or bad:
        raise SystemExit(f"refusing to load {host!r} ({', '.join(sorted(addrs))}): only loopback targets are allowed")


def load_texts(path: str | None, limit: int = 300) -> list[tuple[str, str | None]]:
    if not path:
        return [(t, "2024-06-21") for t in FALLBACK_TEXTS]
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("text"):
                out.append((str(rec["text"]), rec.get("date")))
            if len(out) >= limit:
                break
    if not out:
        raise SystemExit(f"{path}: no records with a 'text' field")
    return out


async def code_client(http: httpx.AsyncClient, stats: Stats, texts: list[tuple[str, str | None]], stop: float,
                      rng: random.Random) -> None:
    while time.monotonic() < stop:
        text, pub = rng.choice(texts)
        body: dict[str, Any] = {"text": text}
        if pub:
            body["pub_date"] = str(pub)[:10]
        await timed(stats, http.post("/v1/code", json=body))


async def events_client(http: httpx.AsyncClient, stats: Stats, actors: list[str], types: list[str], stop: float,
                        rng: random.Random) -> None:
    while time.monotonic() < stop:
        kind = rng.random()
        params: dict[str, Any] = {"limit": 50, "offset": rng.choice([0, 0, 0, 50, 100])}
        if kind < 0.35 and actors:
            params["actor"] = rng.choice(actors)
        elif kind < 0.55 and len(actors) > 1:
            params["actor"], params["recipient"] = rng.sample(actors, 2)
        elif kind < 0.75 and types:
            params["type"] = rng.choice(types)
        elif kind < 0.85:
            params["q"] = rng.choice(["minister", "sanctions", "talks", "attack", "said"])
        await timed(stats, http.get("/v1/events", params=params))


async def timed(stats: Stats, request: Any) -> None:
    t0 = time.perf_counter()
    try:
        r = await request
        stats.add(time.perf_counter() - t0, r.status_code)
    except httpx.HTTPError as exc:
        stats.add(time.perf_counter() - t0, None, type(exc).__name__)


async def run(url: str, code_clients: int, events_clients: int, duration: float, texts: list[tuple[str, str | None]],
              timeout: float, seed: int) -> tuple[list[dict[str, Any]], float]:
    limits = httpx.Limits(max_connections=code_clients + events_clients + 4)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as http:
        meta = (await http.get("/v1/meta")).json()
        actors = [a["code"] for a in (await http.get("/v1/actors", params={"limit": 30})).json()["items"]]
        types = [t["name"] for t in meta["types"]]
        code_stats, events_stats = Stats(), Stats()
        t0 = time.monotonic()
        stop = t0 + duration
        tasks = [code_client(http, code_stats, texts, stop, random.Random(seed + i)) for i in range(code_clients)]
        tasks += [events_client(http, events_stats, actors, types, stop, random.Random(seed + 1000 + i))
                  for i in range(events_clients)]
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - t0
    reports = []
    if code_clients:
        reports.append(code_stats.report("POST /v1/code", code_clients, elapsed))
    if events_clients:
        reports.append(events_stats.report("GET /v1/events", events_clients, elapsed))
    return reports, elapsed


def start_server(db: str, code_rate: float, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "DOTTEREL_WRITE_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "dotterel", "serve", "--db", db, "--host", "127.0.0.1", "--port",
                             str(port), "--code-rate", str(code_rate), "--workers", str(workers),
                             "--code-queue", "1000"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(url + "/v1/health", timeout=2).status_code == 200:
                # warm the coders so the first measured requests do not pay for loading them
                for _ in range(2 * workers):
                    httpx.post(url + "/v1/code", json={"text": FALLBACK_TEXTS[0]}, timeout=120)
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not start within 90 s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="A running server on loopback, e.g. http://127.0.0.1:8000")
    where.add_argument("--db", help="Start `dotterel serve` over this database on a free loopback port")
    ap.add_argument("--duration", type=float, default=60.0, help="Seconds of load (default 60, at most 600)")
    ap.add_argument("--code-clients", type=int, default=20, help="Concurrent clients on POST /v1/code (default 20)")
    ap.add_argument("--events-clients", type=int, default=20, help="Concurrent clients on GET /v1/events (default 20)")
    ap.add_argument("--articles", help="JSON Lines with a 'text' (and 'date') field to post; default: 3 short texts")
    ap.add_argument("--code-rate", type=float, default=0.0,
                    help="--code-rate for a server started with --db (default 0: no limit, to measure capacity; "
                         "its --code-queue is raised to 1000 so that queueing, not refusals, is measured)")
    ap.add_argument("--workers", type=int, default=1, help="--workers for a server started with --db (default 1)")
    ap.add_argument("--timeout", type=float, default=120.0, help="Per-request timeout, seconds")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="Print the report as JSON")
    args = ap.parse_args()
    if not 0 < args.duration <= MAX_DURATION:
        raise SystemExit(f"--duration must be within (0, {MAX_DURATION:.0f}] seconds")
    if args.code_clients < 0 or args.events_clients < 0 or args.code_clients + args.events_clients == 0:
        raise SystemExit("need at least one client")
    texts = load_texts(args.articles)
    proc = None
    if args.url:
        check_loopback(args.url)
    if args.db:
        if not Path(args.db).is_file():
            raise SystemExit(f"{args.db}: no such database")
        proc, url = start_server(args.db, args.code_rate, args.workers)
    else:
        url = args.url.rstrip("/")
    try:
        reports, elapsed = asyncio.run(run(url, args.code_clients, args.events_clients, args.duration, texts,
                                           args.timeout, args.seed))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    if args.json:
        print(json.dumps({"url": url, "duration_s": round(elapsed, 1), "articles": len(texts), "endpoints": reports},
                         indent=1))
        return
    print(f"{url}: {elapsed:.1f} s, {len(texts)} distinct articles to code")
    print(f"{'endpoint':<16} {'clients':>7} {'requests':>8} {'req/s':>8} {'ok/s':>8} {'p50 ms':>9} {'p99 ms':>9} "
          f"{'max ms':>9} {'429':>6} {'errors':>6}  statuses")
    for r in reports:
        print(f"{r['endpoint']:<16} {r['clients']:>7} {r['requests']:>8} {r['requests_per_s']:>8} {r['ok_per_s']:>8} "
              f"{r['p50_ms']!s:>9} {r['p99_ms']!s:>9} {r['max_ms']!s:>9} {r['rate_limited_429']:>6} {r['errors']:>6}  "
              f"{r['statuses']} {r['failures'] or ''}")


if __name__ == "__main__":
    main()
