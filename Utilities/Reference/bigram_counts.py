"""Golden figures for the count model: corpus, counts, smoothed NLL, SplitMix64, split, sampling.

Usage (from the repo root): python3 Utilities/Reference/bigram_counts.py [../shared/data/names.txt]
Writes Utilities/Reference/golden/bigram_counts.json and fails loudly if a quoted figure disagrees.
"""

import math
from itertools import accumulate

import numpy as np

from reference_common import (
    SplitMix64,
    bigram_counts,
    chain,
    check,
    check_quoted,
    data_path,
    finite_or_none,
    left_to_right_sum,
    load_corpus,
    split_words,
    write_golden,
)

ALPHAS = [0.0, 0.1, 1.0, 10.0]
SCORED_WORDS = ["emma", "olivia", "zzz", "andrejq"]
SAMPLE_SEED, SAMPLE_COUNT, MAX_LENGTH = 42, 10, 256


def probabilities(counts, alpha):
    """P[i][j] = (N_ij + α) / Σ_k (N_ik + α) as Python floats, the row sum taken left to right."""
    rows = []
    for row in counts.tolist():
        smoothed = [c + alpha for c in row]
        total = left_to_right_sum(smoothed)
        rows.append([s / total if total > 0 else 0.0 for s in smoothed])
    return rows


def mean_nll(counts, probs):
    """−(1/T) Σ_ij N_ij log P_ij over all bigram events (+∞ if a seen bigram has P = 0)."""
    n, p = counts.astype(np.float64), np.array(probs)
    seen = counts > 0
    if np.any(p[seen] == 0):
        return math.inf
    return float(-(n[seen] * np.log(p[seen])).sum() / counts.sum())


def word_score(word, stoi, probs):
    """(total −log p, mean per character including the end token) of one word's chain."""
    symbols = chain(word)
    total = 0.0
    for a, b in zip(symbols, symbols[1:]):
        p = probs[stoi[a]][stoi[b]]
        total += -math.log(p) if p > 0 else math.inf
    return total, total / (len(word) + 1)


def draw(row, rng):
    """Inverse CDF: the first j with u < p_0 + … + p_j, else the last j with p_j > 0."""
    u = rng.next_double()
    for j, c in enumerate(accumulate(row)):
        if u < c:
            return j
    return max(j for j, p in enumerate(row) if p > 0)


def with_temperature(row, temperature):
    """w_j = exp((log(p_j) - max_k log(p_k))/T), renormalised (sum left to right); zero stays zero.

    The shift by the largest log-probability cancels in the ratio, and keeps the largest weight at
    exp(0) = 1, so a tiny T gives the greedy row instead of underflowing every weight to 0."""
    top = max(math.log(p) for p in row if p > 0)
    weights = [math.exp((math.log(p) - top) / temperature) if p > 0 else 0.0 for p in row]
    total = left_to_right_sum(weights)
    return [w / total for w in weights]


def top_k(row, k):
    """Keeps the k largest p_j (ties to the lower index), renormalised; zero elsewhere."""
    kept = sorted(sorted(range(len(row)), key=lambda j: (-row[j], j))[:k])
    total = left_to_right_sum(row[j] for j in kept)
    return [row[j] / total if j in kept else 0.0 for j in range(len(row))]


def sample_names(rows, itos, seed, count):
    """count names from one SplitMix64(seed), each from row 0 until '.' (at most 256 characters)."""
    rng = SplitMix64(seed)
    names = []
    for _ in range(count):
        i, name = 0, []
        while len(name) < MAX_LENGTH:
            i = draw(rows[i], rng)
            if i == 0:
                break
            name.append(itos[i])
        names.append("".join(name))
    return names


def main():
    path = data_path()
    words, skipped, itos, stoi, counts = load_corpus(path)
    V, T = len(itos), int(counts.sum())
    print(f"corpus {path}: {len(words)} words, {skipped} empty lines skipped, {len(set(words))} distinct")
    print(f"vocabulary ({V}): {''.join(itos)}")
    print(f"bigram events T = {T}, N['.','a'] = {counts[0, stoi['a']]}")
    check(len(words) == 32033, f"expected 32,033 words, found {len(words)}")
    check(V == 27, f"expected 27 symbols, found {V}")
    check(T == sum(len(w) + 1 for w in words) == 228146, f"expected T = 228,146, found {T}")
    check(counts[0, stoi["a"]] == 4410, f"expected N['.','a'] = 4410, found {counts[0, stoi['a']]}")

    probs = {alpha: probabilities(counts, alpha) for alpha in ALPHAS}
    nll = {alpha: mean_nll(counts, probs[alpha]) for alpha in ALPHAS}
    print("\nmean NLL (perplexity) by smoothing α:")
    for alpha in ALPHAS:
        print(f"  α = {alpha:<5g} NLL = {nll[alpha]:.15f}  perplexity = {math.exp(nll[alpha]):.12f}")
    check_quoted("NLL(α=1)", nll[1.0], "2.4545768…")
    check_quoted("NLL(α=0)", nll[0.0], "2.4540145…")

    scores = {}
    print("\nper-word scores (total −log p, mean per character incl. end):")
    for alpha in (1.0, 0.0):
        scores[alpha] = {w: word_score(w, stoi, probs[alpha]) for w in SCORED_WORDS}
        for w, (total, mean) in scores[alpha].items():
            print(f"  α = {alpha:g} {w:<8} total = {total:.12f}  mean = {mean:.12f}")
    check(math.isinf(scores[0.0]["andrejq"][0]), "andrejq should score +inf with α = 0 (q after j unseen)")

    rng_golden = {}
    for seed in (0, 42):
        rng = SplitMix64(seed)
        rng_golden[str(seed)] = [rng.next() for _ in range(5)]
    check(rng_golden["0"][0] == 0xE220A8397B1DCDAF, "SplitMix64(seed 0) must start 0xE220A8397B1DCDAF")
    rng = SplitMix64(42)
    doubles = [rng.next_double() for _ in range(5)]
    rng = SplitMix64(42)
    ints = {str(b): [rng.next_int(b) for _ in range(5)] for b in (1, 2, 27, 1000, 3 * 2**61)}
    print("\nSplitMix64 first five next():")
    for seed, values in rng_golden.items():
        print(f"  seed {seed:>2}: " + " ".join(f"0x{v:016X}" for v in values))

    train, dev, test, perm = split_words(words)
    train_probs = probabilities(bigram_counts(train, stoi), 1.0)
    split = {}
    print("\nsplit 80/10/10 (seed 42), counts from train, α = 1:")
    for name, part in (("train", train), ("dev", dev), ("test", test)):
        part_counts = bigram_counts(part, stoi)
        split[name] = {
            "words": len(part),
            "bigramEvents": int(part_counts.sum()),
            "meanNLL": mean_nll(part_counts, train_probs),
            "firstWords": part[:5],
        }
        s = split[name]
        print(f"  {name:<5} {s['words']:>6} words {s['bigramEvents']:>7} events  NLL = {s['meanNLL']:.12f}")
    check(len(train) + len(dev) + len(test) == len(words), "split parts must cover the corpus")

    base = probs[1.0]
    variants = {
        "plain": base,
        "temperature0.5": [with_temperature(row, 0.5) for row in base],
        "topK3": [top_k(row, 3) for row in base],
    }
    known = set(words)
    samples = {}
    print(f"\nsamples (seed {SAMPLE_SEED}, α = 1, {SAMPLE_COUNT} names, * = in names.txt):")
    for name, rows in variants.items():
        names = sample_names(rows, itos, SAMPLE_SEED, SAMPLE_COUNT)
        samples[name] = [{"name": n, "inCorpus": n in known} for n in names]
        print(f"  {name:<15} " + " ".join(n + ("*" if n in known else "") for n in names))

    write_golden(
        "bigram_counts",
        {
            "source": "Utilities/Reference/bigram_counts.py",
            "words": len(words),
            "emptyLinesSkipped": skipped,
            "vocabulary": itos,
            "bigramEvents": T,
            "counts": counts.tolist(),
            "meanNLL": {f"{a:g}": finite_or_none(nll[a]) for a in ALPHAS},
            "perplexity": {f"{a:g}": finite_or_none(math.exp(nll[a])) for a in ALPHAS},
            "wordScores": {
                f"{a:g}": {
                    w: {"totalNLL": finite_or_none(t), "meanNLL": finite_or_none(m)}
                    for w, (t, m) in scores[a].items()
                }
                for a in scores
            },
            "splitMix64": {
                "next": rng_golden,
                "nextHex": {s: [f"0x{v:016X}" for v in vs] for s, vs in rng_golden.items()},
                "seed42NextDouble": doubles,
                "seed42NextIntBelow": ints,
            },
            "split": {"seed": 42, "percents": [80, 10, 10], "firstPermutation": perm[:10], **split},
            "samples": {"seed": SAMPLE_SEED, "alpha": 1.0, **samples},
        },
    )


if __name__ == "__main__":
    main()
