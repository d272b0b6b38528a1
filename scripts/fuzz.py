"""Fuzz run: code N generated hostile documents and report count, crashes and the slowest document.

    .venv/bin/python scripts/fuzz.py --n 10000

A crash is any failure that is not a clean, typed refusal (InputError) or time limit:
a StageError means a stage raised on the document.
"""
from __future__ import annotations

import argparse
import random
import time

import dotterel
from dotterel.errors import InputError, StageError, TimeLimitError

WORDS = ("police arrested protesters minister said condemned sanctions talks troops border attack agreed "
         "President Putin Kenya Nairobi Russia EU UN on Tuesday yesterday in the of and to a").split()
JUNK = ["\u200b", "\ufeff", "\x0b", "\x07", "\u202e", "中文", "العربية", "Ελληνικά", "<script>x()</script>", "“", "”",
        "\"", "'", "(", ")", "\n", "\n\n", "\t", "-", "—", "...", "http://x.y/z?q=1", "12,000", "3.5%", "$", "#"]


def make(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.1:
        return "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 400)))
    parts = []
    for _ in range(rng.randint(1, 120)):
        r = rng.random()
        parts.append(rng.choice(JUNK) if r < 0.2 else rng.choice(WORDS).upper() if r < 0.25 else rng.choice(WORDS))
        if rng.random() < 0.08:
            parts.append(".")
        if rng.random() < 0.005:
            parts.append("x" * rng.randint(100, 20_000))
    return " ".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    coder = dotterel.load(time_limit_s=10)
    counts = {"coded": 0, "refused": 0, "time_limit": 0, "crashes": 0}
    slowest = (0.0, "")
    start = time.perf_counter()
    for i in range(args.n):
        text = make(rng)
        t0 = time.perf_counter()
        result = next(coder.pipe([(i, text, "2025-03-05", None)]))
        took = time.perf_counter() - t0
        if took > slowest[0]:
            slowest = (took, f"#{i}, {len(text)} chars")
        if result.document is not None:
            counts["coded"] += 1
        elif isinstance(result.error, TimeLimitError):
            counts["time_limit"] += 1
        elif isinstance(result.error, StageError) or not isinstance(result.error, InputError):
            counts["crashes"] += 1
            print("CRASH", i, repr(text[:200]), result.error, flush=True)
        else:
            counts["refused"] += 1
        if (i + 1) % 1000 == 0:
            print(f"{i + 1} documents, {time.perf_counter() - start:.0f} s: {counts}", flush=True)
    print(f"{args.n} documents in {time.perf_counter() - start:.0f} s: {counts}; slowest {slowest[0]:.2f} s ({slowest[1]})")


if __name__ == "__main__":
    main()
