"""Shared pieces of the peer benchmarks: arguments, corpus, counts, events, timing, JSON output.

Every peer script runs `python3 <peer>_peer.py TASK [names.txt] [--repeat N] [--variant NAME]`
and prints ONE JSON object on stdout. Data preparation happens here, outside every timed region.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

DEFAULT_DATA = Path("/work/shared/data/names.txt")
TASKS = ("count", "step-counts", "step-onehot", "step-minibatch", "sample", "newton")
# Repeats when --repeat is not given: enough samples for a stable median, a few seconds per variant.
DEFAULT_REPEAT = {
    "count": 5,
    "step-counts": 500,
    "step-onehot": 20,
    "step-minibatch": 500,
    "sample": 3,
    "newton": 20,
}

# The lecture's hyper-parameters and the figures every peer must reproduce (from
# Utilities/Reference/softmax_bigram.py: gradient descent from W = 0, and Newton's optimum).
LAMBDA = 0.01
LEARNING_RATE = 50.0
CHECK_STEPS = 100
LOSS_AFTER_100_STEPS = 2.486795955
NEWTON_OPTIMUM = 2.4803990490
NEWTON_TOLERANCE = 1e-12
BATCH_SIZE = 32
SAMPLE_COUNT = 10_000
SMOOTHING = 1.0
LECTURE_SEED = 2147483647
SYNTHETIC_MEGABYTES = 25.0
NOT_IN_VOCABULARY = 255


def positive_int(text):
    """argparse type: an integer ≥ 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer ≥ 1, got {text}")
    return value


def parse_arguments(peer, variants, configure=None):
    """The command line: TASK, optional corpus path, --repeat, --variant (names from `variants[task]`).

    `configure(parser)` adds a peer's own options; `arguments.variants` lists the variants to run.
    """
    parser = argparse.ArgumentParser(
        prog=f"{peer}_peer.py",
        description=f"Peer benchmark ({peer}): times one task and prints one JSON object on stdout.",
    )
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="names.txt (default: %(default)s)")
    parser.add_argument("--repeat", type=positive_int, help="timed samples per variant (default depends on the task)")
    parser.add_argument("--variant", help="run only this variant of the task (default: all of them)")
    parser.add_argument(
        "--synthetic-mb", type=float, default=SYNTHETIC_MEGABYTES, help="size of the synthetic corpus for `count`"
    )
    if configure:
        configure(parser)
    arguments = parser.parse_args()
    known = variants.get(arguments.task, ())
    if arguments.variant is not None and arguments.variant not in known:
        parser.error(f"task {arguments.task} of {peer} has variants {', '.join(known) or '(none)'}")
    if not arguments.synthetic_mb > 0:
        parser.error(f"--synthetic-mb must be positive, got {arguments.synthetic_mb}")
    if not arguments.data.is_file():
        parser.error(f"no corpus at {arguments.data}: pass the path to names.txt as the second argument")
    if arguments.repeat is None:
        arguments.repeat = DEFAULT_REPEAT[arguments.task]
    arguments.variants = [arguments.variant] if arguments.variant else list(known)
    return arguments


class Corpus:
    """names.txt prepared once: raw bytes, words, vocabulary (itos/stoi), counts N, events (xs, ys)."""

    def __init__(self, path):
        self.path = Path(path)
        self.data = self.path.read_bytes()
        self.words = [line.strip() for line in self.data.decode("utf-8").split("\n") if line.strip()]
        # The lecture's vocabulary: '.' (index 0, start and end) then the sorted characters.
        self.itos = ["."] + sorted(set("".join(self.words)))
        self.stoi = {s: i for i, s in enumerate(self.itos)}
        self.V = len(self.itos)
        self.lookup = self._byte_lookup()
        self.xs, self.ys = self._events()
        self.T = len(self.xs)
        # The reference N every counting variant is checked against comes from the word-by-word chains,
        # not from the byte-level path that some variants time.
        self.counts = np.bincount(self.xs * self.V + self.ys, minlength=self.V * self.V).reshape(self.V, self.V)

    def _byte_lookup(self):
        """Byte → vocabulary index (uint8); '\\n' → 0 (the boundary), any other byte → 255 (not in the vocabulary)."""
        lookup = np.full(256, NOT_IN_VOCABULARY, dtype=np.uint8)
        lookup[ord("\n")] = 0
        for index, symbol in enumerate(self.itos[1:], start=1):
            encoded = symbol.encode("utf-8")
            if len(encoded) != 1:
                sys.exit(f"{self.path}: character {symbol!r} is not one byte; the byte-level peers need ASCII names")
            lookup[encoded[0]] = index
        return lookup

    def _events(self):
        """The lecture's training set: xs[k] → ys[k] over every chain '. w₁ … wₙ .' (int64, length T)."""
        xs, ys = [], []
        for word in self.words:
            symbols = ["."] + list(word) + ["."]
            for a, b in zip(symbols, symbols[1:]):
                xs.append(self.stoi[a])
                ys.append(self.stoi[b])
        return np.array(xs, dtype=np.int64), np.array(ys, dtype=np.int64)

    def synthetic_bytes(self, megabytes):
        """names.txt repeated (newline-joined) to about `megabytes` MB, and the repeat factor."""
        copies = max(1, round(megabytes * 1e6 / (len(self.data) + 1)))
        return b"\n".join([self.data] * copies), copies


def count_bytes(data, lookup, V):
    """N (V×V int64) from a newline-separated corpus: byte → index, pairs → bincount(a·V + b)."""
    indices = np.zeros(len(data) + 2, dtype=np.uint8)
    # Boundaries (index 0) on both sides make the first and last word's chains complete.
    indices[1:-1] = lookup[np.frombuffer(data, dtype=np.uint8)]
    if indices.max() == NOT_IN_VOCABULARY:
        fail("the corpus has a byte outside the vocabulary: byte-level counting needs '\\n'-separated names, no spaces")
    # uint16 pair codes (a·V + b < 65,536 for V < 256) move half the memory of int64 ones.
    codes = indices[:-1].astype(np.uint16) * V
    codes += indices[1:]
    counts = np.bincount(codes, minlength=V * V).reshape(V, V)
    # '..' never occurs inside a chain (words are non-empty); it only comes from empty lines or a
    # trailing newline, so it is dropped.
    counts[0, 0] = 0
    return counts


def count_objective(W, counts, lam):
    """(L, ∇L) in float64: L = −(1/T) Σ N_ij log softmax(W)_ij + λ·mean(W²), ∇L = (n_i P̂_i − N_i)/T + 2λW/V²."""
    V, T = counts.shape[0], counts.sum()
    # Subtracting the row max keeps exp from overflowing whatever W the optimiser reaches.
    Z = W - W.max(axis=1, keepdims=True)
    E = np.exp(Z)
    S = E.sum(axis=1, keepdims=True)
    log_probs = Z - np.log(S)
    loss = -(counts * log_probs).sum() / T + lam * (W * W).mean()
    gradient = (counts.sum(axis=1, keepdims=True) * (E / S) - counts) / T + (2 * lam / V**2) * W
    return float(loss), gradient


def measure(step, repeat, synchronize=None):
    """Calls `step` once to warm up, then `repeat` timed times; seconds per call (perf_counter_ns).

    `synchronize(result)` waits for asynchronous work (JAX's block_until_ready) inside the timed region.
    """
    finish = synchronize or (lambda result: result)
    finish(step())
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        finish(step())
        samples.append((time.perf_counter_ns() - start) * 1e-9)
    return samples


def measure_steps(step, state, repeat, synchronize=None):
    """Samples of one call state → step(state), the state carried from call to call.

    Carrying it is fair because a step's cost does not depend on the values in it.
    """
    carried = [state]

    def timed():
        carried[0] = step(carried[0])
        return carried[0]

    return measure(timed, repeat, synchronize)


def iterate(step, state, steps):
    """step applied `steps` times to state."""
    for _ in range(steps):
        state = step(state)
    return state


def result(variant, samples, final_loss=None, notes="", **extra):
    """One variant's figures: samples, their median, the final loss where it means something, notes."""
    return {
        "variant": variant,
        "samples_seconds": samples,
        "median_seconds": statistics.median(samples),
        "min_seconds": min(samples),
        "final_loss": final_loss,
        "notes": notes,
        **extra,
    }


def fail(message):
    """Stops with a non-zero status: a peer that does different work must not be timed as if it did the same."""
    sys.exit(f"PEER CHECK FAILED: {message}")


def check_close(name, value, expected, tolerance):
    """Fails unless |value − expected| ≤ tolerance."""
    if not abs(value - expected) <= tolerance:
        fail(f"{name} = {value!r}, expected {expected!r} ± {tolerance:g}")


def emit(peer, task, arguments, results, versions, notes="", **extra):
    """Prints the one JSON object: the first variant's figures at top level, every variant under "variants"."""
    headline = results[0]
    payload = {
        "peer": peer,
        "task": task,
        **headline,
        "notes": "; ".join(part for part in (headline["notes"], notes) if part),
        "variants": results,
        "repeat": arguments.repeat,
        "corpus": str(arguments.data),
        "versions": {"python": platform.python_version(), "numpy": np.__version__, **versions},
        "cpu_count": os.cpu_count(),
        **extra,
        # Other work on the machine inflates timings; the 1/5/15-minute load averages at the end say how much.
        "load_average": os.getloadavg(),
    }
    json.dump(payload, sys.stdout, allow_nan=False)
    sys.stdout.write("\n")


def skip(peer, task, reason):
    """Prints a JSON note that the task was not run and exits 0 (a missing peer is not an error)."""
    json.dump({"peer": peer, "task": task, "skipped": True, "notes": reason}, sys.stdout)
    sys.stdout.write("\n")
    sys.exit(0)
