"""Golden figures for the character n-gram count models: add-α and interpolated modified Kneser-Ney.

Usage (from the repo root): python3 Utilities/Reference/ngram_models.py [../shared/data/names.txt]
Writes Utilities/Reference/golden/ngram_models.json. Written from the formulas below (Chen & Goodman
1998, with KenLM's conventions), with n-grams as Python tuples and plain dicts, independently of
the Swift code.

Chains: a word w1…wn of order N is the token sequence  <s>^(N−1) w1 … wn </s>; every position from
w1 to </s> is an event, predicted from the N−1 tokens before it.

Add-α:  P(w | h) = (c(hw) + α) / (c(h) + α V), V = symbols including '.' (</s>), c(h) = Σ_x c(hx);
        a context never seen with α = 0 predicts 1/V.

Modified Kneser-Ney, interpolated, for order k = 1…N and context h (k−1 tokens, h' = h without its
oldest token):
  a(g)   = c(g) at k = N or when g starts with <s>, else N1+(•g) = |{x : c(xg) > 0}|
  t_j    = |{g of order k : a(g) = j}|, Y = t1 / (t1 + 2 t2), D_j = j − (j+1) Y t_{j+1} / t_j (j = 1, 2, 3)
           (0.5, 1.0, 1.5 when some t1…t4 is 0 or some D_j lies outside [0, j])
  P_k(w|h) = max(a(hw) − D(a(hw)), 0) / Σ_x a(hx) + γ(h) P_{k−1}(w|h'),
  γ(h)   = (D1 N1(h•) + D2 N2(h•) + D3 N3+(h•)) / Σ_x a(hx);  P_0 = 1/V;
  a context h never seen at order k leaves P_k = P_{k−1}.
"""

import math

from reference_common import REPO_ROOT, check, finite_or_none, check_close, data_path, read_words, split_words, vocabulary, write_golden

BOS = "<s>"
EOS = "</s>"


def events(words, order):
    """Every (context, token) event of the words' padded chains, context a tuple of order−1 tokens."""
    for word in words:
        tokens = [BOS] * (order - 1) + list(word) + [EOS]
        for i in range(order - 1, len(tokens)):
            yield tuple(tokens[i - order + 1 : i]), tokens[i]


def ngram_counts(words, order):
    """c(g) for every n-gram g = context + (token,) of the top order."""
    counts = {}
    for context, token in events(words, order):
        g = context + (token,)
        counts[g] = counts.get(g, 0) + 1
    return counts


def add_alpha_model(train, order, alpha, symbols):
    counts = ngram_counts(train, order)
    totals = {}
    for g, c in counts.items():
        totals[g[:-1]] = totals.get(g[:-1], 0) + c
    v = len(symbols)

    def prob(context, token):
        total = totals.get(context, 0) + alpha * v
        if total == 0:
            return 1.0 / v
        return (counts.get(context + (token,), 0) + alpha) / total

    return prob


def discounts(adjusted):
    t = [sum(1 for a in adjusted.values() if a == j) for j in (1, 2, 3, 4)]
    if 0 in t:
        return (0.5, 1.0, 1.5), True, t
    y = t[0] / (t[0] + 2 * t[1])
    d = tuple(j - (j + 1) * y * t[j] / t[j - 1] for j in (1, 2, 3))
    if any(d[j - 1] < 0 or d[j - 1] > j for j in (1, 2, 3)):
        return (0.5, 1.0, 1.5), True, t
    return d, False, t


def kneser_ney_model(train, order, symbols):
    top = ngram_counts(train, order)
    # Raw counts of every suffix at every order (each top n-gram contributes to its suffixes).
    raw = {k: {} for k in range(1, order + 1)}
    for g, c in top.items():
        for k in range(1, order + 1):
            s = g[order - k :]
            raw[k][s] = raw[k].get(s, 0) + c
    # N1+(•g): the distinct tokens x seen before g, i.e. the (k+1)-grams xg, grouped by g.
    left = {k: {} for k in range(1, order)}
    for k in range(1, order):
        for h in raw[k + 1]:
            left[k].setdefault(h[1:], set()).add(h[0])
    levels = {}
    for k in range(1, order + 1):
        adjusted = {}
        for g, c in raw[k].items():
            if k == order or (k >= 2 and g[0] == BOS):
                adjusted[g] = c
            else:
                adjusted[g] = len(left[k][g])
        d, fallback, t = discounts(adjusted)
        totals, n = {}, {}
        for g, a in adjusted.items():
            h = g[:-1]
            totals[h] = totals.get(h, 0) + a
            bucket = min(a, 3) - 1
            n.setdefault(h, [0, 0, 0])[bucket] += 1
        levels[k] = (adjusted, d, totals, n, fallback, t)
    v = len(symbols)

    def prob(context, token):
        p = 1.0 / v
        for k in range(1, order + 1):
            h = context[len(context) - (k - 1) :] if k > 1 else ()
            adjusted, d, totals, n, _, _ = levels[k]
            if h not in totals:
                continue
            a = adjusted.get(h + (token,), 0)
            term = max(a - d[min(a, 3) - 1], 0) / totals[h] if a > 0 else 0.0
            gamma = (d[0] * n[h][0] + d[1] * n[h][1] + d[2] * n[h][2]) / totals[h]
            p = term + gamma * p
        return p

    info = [
        {"order": k, "d1": levels[k][1][0], "d2": levels[k][1][1], "d3Plus": levels[k][1][2],
         "fallback": levels[k][4], "countOfCounts": levels[k][5], "ngrams": len(raw[k])}
        for k in range(1, order + 1)
    ]
    return prob, info


def mean_nll(prob, words, order):
    total, n = 0.0, 0
    for context, token in events(words, order):
        p = prob(context, token)
        total += -math.log(p) if p > 0 else math.inf
        n += 1
    return total / n


def check_sums(prob, order, symbols, contexts):
    tokens = [EOS] + symbols[1:]
    for h in contexts:
        s = sum(prob(h, t) for t in tokens)
        check(abs(s - 1) < 1e-12, f"order {order}: P(·|{h}) sums to {s!r}")


def study(train, dev, test, symbols, orders, alphas):
    out = []
    for order in orders:
        row = {"order": order, "addAlpha": {}, "kneserNey": {}}
        for alpha in alphas:
            p = add_alpha_model(train, order, alpha, symbols)
            row["addAlpha"][repr(alpha)] = {part: finite_or_none(mean_nll(p, ws, order)) for part, ws in
                                            (("train", train), ("dev", dev), ("test", test))}
        p, info = kneser_ney_model(train, order, symbols)
        contexts = list({c for c, _ in events(train, order)})[:200] + [tuple(["z"] * (order - 1)), tuple(["q"] * (order - 1))]
        check_sums(p, order, symbols, contexts)
        row["kneserNey"] = {part: mean_nll(p, ws, order) for part, ws in
                            (("train", train), ("dev", dev), ("test", test))}
        row["discounts"] = info
        out.append(row)
        print(f"order {order}: add-1 dev {row['addAlpha'][repr(1.0)]['dev']:.6f} add-0.1 dev {row['addAlpha'][repr(0.1)]['dev']:.6f}  KN train {row['kneserNey']['train']:.6f} "
              f"dev {row['kneserNey']['dev']:.6f} test {row['kneserNey']['test']:.6f}")
    return out


def builtin_words():
    import re
    source = (REPO_ROOT / "Sources" / "CharLM" / "Corpus" / "BuiltInNames.swift").read_text(encoding="utf-8")
    match = re.search(r'public static let text = """\n(.*?)\n    """', source, re.DOTALL)
    check(match is not None, "no built-in names literal")
    return [line.strip() for line in match.group(1).split("\n") if line.strip()]


def main():
    words, _ = read_words(data_path())
    symbols = vocabulary(words)
    train, dev, test, _ = split_words(words, seed=42, percents=(80, 10, 10))
    check(len(train) == 25626 and len(dev) == 3203, f"names.txt split sizes {len(train)}, {len(dev)}")
    alphas = [1.0, 0.1, 0.0]
    print("names.txt, split 80/10/10 seed 42, vocabulary of the whole corpus")
    names = study(train, dev, test, symbols, range(1, 7), alphas)
    # The bigram add-one dev NLL of this split is also what `bigram counts --split` prints today.
    builtin = builtin_words()
    bsymbols = vocabulary(builtin)
    btrain, bdev, btest, _ = split_words(builtin, seed=42, percents=(80, 10, 10))
    print("built-in names, split 80/10/10 seed 42")
    built = study(btrain, bdev, btest, bsymbols, range(1, 7), alphas)
    write_golden("ngram_models", {
        "script": "Utilities/Reference/ngram_models.py",
        "split": {"percentages": [80, 10, 10], "seed": 42},
        "alphas": alphas,
        "names": names,
        "builtIn": built,
    })


if __name__ == "__main__":
    main()
