"""Golden figures for the report's learning-rate chart: full-batch gradient descent from W = 0 at
η = 1, 50, 150, 500 (λ = 0.01) on names.txt, and the stability bound 2/λ_max at W = 0.

Usage (from the repo root): python3 Utilities/Reference/learning_rates.py [../shared/data/names.txt]
Writes Utilities/Reference/golden/learning_rates.json (compared in
Tests/ReportsTests/HTMLReportBigramStoryTests.swift) and fails loudly if a run does not show the
behaviour the report's defaults were chosen for: η = 1 and 50 fall at every step (1 far slower),
η = 150 rises at some steps yet stays below its start, η = 500 ends above its start.

Above the stability bound the iteration is chaotic: float64 rounding differences grow about
tenfold every five steps, so another implementation matches the unstable runs (η = 150, 500) only
over their first ~20 steps, and their behaviour (rising, ending above the start) after that.

λ_max at W = 0 in closed form: every row of P̂ is uniform, and diag(u) − uuᵀ with u = 1/V has
eigenvalues 1/V (V − 1 times) and 0, so λ_max = max_i n_i/(T·V) + 2λ/V².
"""

import numpy as np

from reference_common import check, check_close, data_path, load_corpus, write_golden
from softmax_bigram import SoftmaxBigram

LAMBDA, RATES, STEPS = 0.01, [1.0, 50.0, 150.0, 500.0], 200


def main():
    path = data_path()
    _, _, _, _, counts = load_corpus(path)
    model = SoftmaxBigram(counts)
    V, T = model.V, model.T
    zero = np.zeros((V, V))

    closed_form = float(model.n.max() / (T * V) + 2 * LAMBDA / V**2)
    eigen = model.largest_eigenvalue(zero, LAMBDA)
    check_close("λ_max at W = 0: closed form vs eigvalsh", closed_form, eigen, 1e-12)
    print(f"corpus {path}: λ_max(W = 0) = {eigen:.15e}, 2/λ_max = {2 / eigen:.6f}")

    runs = []
    for rate in RATES:
        losses, _ = model.gradient_descent(LAMBDA, rate, STEPS)
        rises = sum(1 for a, b in zip(losses, losses[1:]) if b > a)
        runs.append({"learningRate": rate, "loss": losses, "rises": rises})
        print(f"  η = {rate:>5g}: final loss {losses[-1]:.6f}, highest {max(losses):.3f}, rises {rises}")
    slow, good, oscillating, divergent = runs
    start = slow["loss"][0]
    check(slow["rises"] == 0 and good["rises"] == 0, "η = 1 and η = 50 should fall at every step")
    check(slow["loss"][-1] - good["loss"][-1] > 0.1, "η = 1 should be far behind η = 50")
    check(oscillating["rises"] > 0 and oscillating["loss"][-1] < start, "η = 150 should oscillate below its start")
    check(divergent["loss"][-1] > start, "η = 500 should end above its start")

    write_golden(
        "learning_rates",
        {
            "source": "Utilities/Reference/learning_rates.py",
            "lambda": LAMBDA,
            "steps": STEPS,
            "largestEigenvalueAtZero": eigen,
            "runs": runs,
        },
    )


if __name__ == "__main__":
    main()
