"""The n-gram counting peer: Python's collections.Counter over the same n-grams `bigram counts
--order N` counts, end to end (reading the file included), for Benchmarks/compare.sh.

    python3 counter_peer.py ngram-count FILE [--repeat R] [--order N]

Each non-blank line, stripped, is a word w; its n-grams are the N-character windows of
'.'*(N−1) + w + '.', one per character and one for the end, exactly the events bigram counts.
Prints one JSON line in the peers' format; `final_loss` is the number of distinct n-grams, which
must equal the last entry of `bigram counts --json`'s `ngrams`.
"""

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter


def count(path, order):
    pad = "." * (order - 1)
    counter = Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            word = line.strip()
            if not word:
                continue
            s = pad + word + "."
            counter.update(s[i : i + order] for i in range(len(word) + 1))
    return counter


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("task", choices=["ngram-count"])
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--order", type=int, default=5)
    parser.add_argument("--variant", default="counter")
    arguments = parser.parse_args()
    samples = []
    counter = None
    for _ in range(arguments.repeat):
        start = time.perf_counter()
        counter = count(arguments.path, arguments.order)
        samples.append(time.perf_counter() - start)
    result = {
        "peer": "counter",
        "task": arguments.task,
        "repeat": arguments.repeat,
        "versions": {"python": platform.python_version()},
        "variants": [
            {
                "variant": "counter",
                "samples_seconds": samples,
                "final_loss": float(len(counter)),
                "corpus_bytes": os.path.getsize(arguments.path),
                "events": sum(counter.values()),
                "notes": f"collections.Counter over the order-{arguments.order} windows, file read included",
            }
        ],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
