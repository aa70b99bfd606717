"""Shared pieces of the reference scripts: corpus, vocabulary, counts, SplitMix64, split, checks.

Written from the specification in Utilities/Reference/README.md, independently of the Swift code.
Python 3 + NumPy, float64 throughout.
"""

import json
import sys
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = (REPO_ROOT / ".." / "shared" / "data" / "names.txt").resolve()
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
MASK64 = (1 << 64) - 1


def data_path():
    """The corpus path: the first command-line argument, else ../shared/data/names.txt beside the repo."""
    return Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA


def read_words(path):
    """Words in file order (duplicates kept) and the number of empty lines skipped.

    Bytes are decoded as UTF-8, split on "\\n", each line stripped of whitespace.
    """
    lines = [line.strip() for line in Path(path).read_bytes().decode("utf-8").split("\n")]
    words = [line for line in lines if line]
    return words, len(lines) - len(words)


def vocabulary(words):
    """['.'] + the sorted set of characters; '.' (index 0) marks both start and end."""
    return ["."] + sorted(set("".join(words)))


def chain(word):
    """The symbols a word contributes: '.', its characters, '.'."""
    return ["."] + list(word) + ["."]


def bigram_counts(words, stoi):
    """N[i, j] = how often symbol j follows symbol i over all chains (int64, V×V)."""
    counts = np.zeros((len(stoi), len(stoi)), dtype=np.int64)
    for word in words:
        symbols = chain(word)
        for a, b in zip(symbols, symbols[1:]):
            counts[stoi[a], stoi[b]] += 1
    return counts


def load_corpus(path):
    """(words, empty lines skipped, itos, stoi, counts N) for the corpus at path."""
    words, skipped = read_words(path)
    itos = vocabulary(words)
    stoi = {s: i for i, s in enumerate(itos)}
    return words, skipped, itos, stoi, bigram_counts(words, stoi)


def left_to_right_sum(values):
    """Σ values accumulated strictly left to right (Python's sum may compensate from 3.12 on)."""
    total = 0.0
    for value in values:
        total += value
    return total


class SplitMix64:
    """SplitMix64 with 64-bit wrap-around arithmetic, nextDouble and Lemire's nextInt."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def next_double(self):
        """(next() >> 11) · 2⁻⁵³, uniform in [0, 1)."""
        return (self.next() >> 11) * 2.0**-53

    def next_int(self, bound):
        """Uniform in [0, bound) by Lemire's multiply-and-reject: the high 64 bits of x·bound."""
        product = self.next() * bound
        if product & MASK64 < bound:
            threshold = ((1 << 64) - bound) % bound
            while product & MASK64 < threshold:
                product = self.next() * bound
        return product >> 64


def split_permutation(n, seed):
    """Fisher–Yates from the back: for i = n−1 … 1, swap perm[i] with perm[nextInt(below: i+1)]."""
    rng = SplitMix64(seed)
    perm = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.next_int(i + 1)
        perm[i], perm[j] = perm[j], perm[i]
    return perm


def split_words(words, seed=42, percents=(80, 10, 10)):
    """(train, dev, test, perm): nTrain = n·a//100, nDev = n·b//100, the test part takes the rest."""
    n = len(words)
    perm = split_permutation(n, seed)
    n_train, n_dev = n * percents[0] // 100, n * percents[1] // 100
    parts = perm[:n_train], perm[n_train : n_train + n_dev], perm[n_train + n_dev :]
    return *([words[k] for k in part] for part in parts), perm


def fail(message):
    """Stops the script with a non-zero status and a message that cannot be missed."""
    sys.exit(f"\nREFERENCE CHECK FAILED: {message}\n")


def check(condition, message):
    """Fails loudly unless condition holds."""
    if not condition:
        fail(message)


def check_close(name, value, expected, tolerance):
    """Fails loudly unless |value − expected| ≤ tolerance."""
    check(abs(value - expected) <= tolerance, f"{name} = {value!r}, expected {expected!r} ± {tolerance:g}")


def check_quoted(name, value, quoted):
    """Checks value against a figure quoted in an issue, rounded to the digits quoted.

    "2.4540145…" needs |value − 2.4540145| ≤ 0.5e-7 (the ellipsis means more digits follow, and
    the quoted ones are rounded: the α = 0 NLL is 2.45401448…).
    """
    digits = quoted.rstrip("…")
    half_unit = 0.5 * 10.0 ** -len(digits.split(".")[1])
    check(
        abs(value - float(digits)) <= half_unit + 1e-15,
        f"{name} = {value!r} does not agree with the quoted {quoted} (to ±{half_unit:g})",
    )


def finite_or_none(x):
    """JSON has no infinity: +∞ is written as null."""
    x = float(x)
    return x if np.isfinite(x) else None


def write_golden(name, payload):
    """Writes golden/<name>.json with full float precision (repr round-trips)."""
    GOLDEN_DIR.mkdir(exist_ok=True)
    path = GOLDEN_DIR / f"{name}.json"
    with open(path, "w") as f:
        json.dump(payload, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"\nwrote {path.relative_to(REPO_ROOT)}")
