"""Golden figures for the neural softmax bigram: loss, gradient, GD trajectory, Newton optimum,
Taylor table, Hessian spectrum.

Usage (from the repo root): python3 Utilities/Reference/softmax_bigram.py [../shared/data/names.txt]
Writes Utilities/Reference/golden/softmax_bigram.json and fails loudly if a quoted figure disagrees.

Model: W (V×V) logits, P̂ = softmax over rows, N the bigram counts, T = Σ N, n_i = Σ_j N_ij,
    L(W) = −(1/T) Σ_ij N_ij log P̂_ij + λ·mean(W²),   ∇L = (n_i P̂_i − N_i)/T + 2λW/V².
"""

import numpy as np

from reference_common import check, check_close, check_quoted, data_path, load_corpus, write_golden

LAMBDA, LEARNING_RATE, GD_STEPS = 0.01, 50.0, 1000
QUOTED_GD = {0: "3.295837", 1: "3.051065", 10: "2.610005", 100: "2.486796", 1000: "2.480401"}
EPSILONS = [1.0, 0.1, 0.01, 1e-3, 1e-4]


class SoftmaxBigram:
    """The loss, gradient and per-row Hessian blocks of the softmax bigram for fixed counts."""

    def __init__(self, counts):
        self.N = counts.astype(np.float64)
        self.V = counts.shape[0]
        self.T = self.N.sum()
        self.n = self.N.sum(axis=1)

    def log_probs(self, W):
        # Subtracting the row max keeps exp from overflowing; −∞ logits give probability 0.
        Z = W - W.max(axis=1, keepdims=True)
        return Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))

    def nll(self, W):
        """−(1/T) Σ N_ij log P̂_ij, with 0·log 0 = 0 for bigrams never seen."""
        logP = np.where(self.N > 0, self.log_probs(W), 0.0)
        return float(-(self.N * logP).sum() / self.T)

    def loss(self, W, lam):
        return self.nll(W) + (lam * float((W**2).mean()) if lam else 0.0)

    def gradient(self, W, lam):
        P = np.exp(self.log_probs(W))
        return (self.n[:, None] * P - self.N) / self.T + 2 * lam * W / self.V**2

    def hessian_blocks(self, W, lam):
        """H_i = (n_i/T)(diag P̂_i − P̂_i P̂_iᵀ) + (2λ/V²) I, shape (V, V, V); rows do not interact."""
        P = np.exp(self.log_probs(W))
        outer = P[:, :, None] * P[:, None, :]
        diag = np.einsum("ij,jk->ijk", P, np.eye(self.V))
        return (self.n / self.T)[:, None, None] * (diag - outer) + (2 * lam / self.V**2) * np.eye(self.V)

    def largest_eigenvalue(self, W, lam):
        return float(max(np.linalg.eigvalsh(H).max() for H in self.hessian_blocks(W, lam)))

    def gradient_descent(self, lam, learning_rate, steps):
        """Losses and NLLs after k = 0 … steps updates W ← W − η∇L from W = 0."""
        W = np.zeros((self.V, self.V))
        losses, nlls = [self.loss(W, lam)], [self.nll(W)]
        for _ in range(steps):
            W = W - learning_rate * self.gradient(W, lam)
            losses.append(self.loss(W, lam))
            nlls.append(self.nll(W))
        return losses, nlls

    def newton(self, lam, tolerance=1e-12, max_iterations=100):
        """Newton's method from W = 0 with per-row Hessians and Armijo backtracking, until ‖∇L‖ < tolerance."""
        W = np.zeros((self.V, self.V))
        for iteration in range(max_iterations):
            G = self.gradient(W, lam)
            if np.linalg.norm(G) < tolerance:
                return W, iteration
            step = -np.stack([np.linalg.solve(H, g) for H, g in zip(self.hessian_blocks(W, lam), G)])
            slope = float((G * step).sum())
            t, current = 1.0, self.loss(W, lam)
            # Near the optimum the decrease falls below rounding in L; the full step is then right.
            while -slope > 1e-14 and self.loss(W + t * step, lam) > current + 1e-4 * t * slope:
                t /= 2
                check(t > 1e-12, f"line search failed at Newton iteration {iteration}")
            W = W + t * step
        raise SystemExit(f"REFERENCE CHECK FAILED: Newton did not reach ‖∇L‖ < {tolerance:g} in {max_iterations}")


def main():
    path = data_path()
    _, _, itos, stoi, counts = load_corpus(path)
    model = SoftmaxBigram(counts)
    V, T = model.V, model.T
    zero = np.zeros((V, V))
    print(f"corpus {path}: V = {V}, T = {T:.0f}")

    # Gradient at W = 0 with λ = 0 in closed form: P̂ is uniform, so ∂L/∂W_ij = (n_i/V − N_ij)/T.
    closed_form = (model.n[:, None] / V - model.N) / T
    gradient_zero = model.gradient(zero, 0.0)
    check(np.abs(closed_form - gradient_zero).max() < 1e-15, "∇L at W = 0 disagrees with its closed form")
    entries = [(".", "a"), ("a", "."), ("q", "u"), ("z", "z")]
    shown = (f"[{a},{b}] = {closed_form[stoi[a], stoi[b]]:.15e}" for a, b in entries)
    print("\n∂L/∂W at W = 0 (λ = 0): " + ", ".join(shown))

    losses, nlls = model.gradient_descent(LAMBDA, LEARNING_RATE, GD_STEPS)
    print(f"\ngradient descent, λ = {LAMBDA}, η = {LEARNING_RATE}:")
    for k, quoted in QUOTED_GD.items():
        print(f"  k = {k:>4}  loss = {losses[k]:.12f}  NLL = {nlls[k]:.12f}  (issue: {quoted})")
        check_quoted(f"GD loss after {k} updates", losses[k], quoted)

    W_star, iterations = model.newton(LAMBDA)
    loss_star, nll_star = model.loss(W_star, LAMBDA), model.nll(W_star)
    print(f"\nNewton: {iterations} iterations, L* = {loss_star:.15f}, NLL(W*) = {nll_star:.15f}")
    print(f"  ‖∇L(W*)‖ = {np.linalg.norm(model.gradient(W_star, LAMBDA)):.3e}")
    check_close("L*", loss_star, 2.4803990490, 1e-10)
    check(losses[GD_STEPS] >= loss_star, "gradient descent went below the optimum")

    G0 = model.gradient(zero, LAMBDA)
    D = -G0 / np.linalg.norm(G0)
    H0 = model.hessian_blocks(zero, LAMBDA)
    curvature = 0.5 * float(np.einsum("ij,ijk,ik->", D, H0, D))
    print(f"\nat W = 0: ‖∇L‖ = {np.linalg.norm(G0):.15f}, ½·DᵀHD = {curvature:.15f}")
    check_close("½·DᵀHD", curvature, 0.0016941852, 1e-10)
    L0, slope = model.loss(zero, LAMBDA), float((G0 * D).sum())
    taylor = []
    print("  ε        L(W+εD)            L + ε⟨∇L,D⟩        difference         difference/ε²")
    for eps in EPSILONS:
        exact, linear = model.loss(eps * D, LAMBDA), L0 + eps * slope
        row = {"epsilon": eps, "loss": exact, "linear": linear, "difference": exact - linear}
        row["differenceOverEpsilonSquared"] = ratio = row["difference"] / eps**2
        taylor.append(row)
        print(f"  {eps:<8g} {exact:.15f}  {linear:.15f}  {row['difference']:.12e}  {ratio:.12f}")
    check_close("difference/ε² at ε = 1e-4", taylor[-1]["differenceOverEpsilonSquared"], curvature, 1e-6)

    lambda_max = {
        "zero": model.largest_eigenvalue(zero, LAMBDA),
        "optimum": model.largest_eigenvalue(W_star, LAMBDA),
    }
    bounds = {k: 2 / v for k, v in lambda_max.items()}
    print(f"\nλ_max: at 0 = {lambda_max['zero']:.15e} (2/λ = {bounds['zero']:.6f}), "
          f"at W* = {lambda_max['optimum']:.15e} (2/λ = {bounds['optimum']:.6f})")
    check_close("2/λ_max at W = 0", bounds["zero"], 362.0, 0.01 * 362.0)
    check_close("2/λ_max at W*", bounds["optimum"], 74.5, 0.01 * 74.5)

    # λ = 0: the infimum is the unsmoothed count model, reached only as unseen logits go to −∞.
    with np.errstate(divide="ignore"):
        count_model_nll = model.nll(np.log(model.N))
    alpha0_nll = -float((model.N[model.N > 0] * np.log((model.N / model.n[:, None])[model.N > 0])).sum()) / T
    check_close("count-model NLL vs the α = 0 figure", count_model_nll, alpha0_nll, 1e-12)
    check_quoted("count-model NLL", count_model_nll, "2.4540145…")
    unregularised, _ = model.gradient_descent(0.0, LEARNING_RATE, 2000)
    gaps = {k: unregularised[k] - count_model_nll for k in (0, 100, 1000, 2000)}
    print(f"\nλ = 0: count-model NLL = {count_model_nll:.15f}; GD (η = 50) gap to it: "
          + ", ".join(f"k={k}: {g:.3e}" for k, g in gaps.items()))
    decreasing = all(b <= a for a, b in zip(unregularised, unregularised[1:]))
    check(decreasing, "GD with λ = 0 did not decrease monotonically")
    check(0 < gaps[2000] < gaps[1000] < gaps[100] < gaps[0] and gaps[2000] < 1e-3, f"GD with λ = 0 stalls: {gaps}")

    write_golden(
        "softmax_bigram",
        {
            "source": "Utilities/Reference/softmax_bigram.py",
            "vocabulary": itos,
            "bigramEvents": int(T),
            "gradientAtZeroLambda0": closed_form.tolist(),
            "gradientAtZeroEntries": {f"{a}{b}": float(closed_form[stoi[a], stoi[b]]) for a, b in entries},
            "gradientDescent": {"lambda": LAMBDA, "learningRate": LEARNING_RATE, "loss": losses, "meanNLL": nlls},
            "newton": {
                "lambda": LAMBDA,
                "tolerance": 1e-12,
                "iterations": iterations,
                "loss": loss_star,
                "meanNLL": nll_star,
                "W": W_star.tolist(),
            },
            "taylorAtZero": {
                "lambda": LAMBDA,
                "gradientNorm": float(np.linalg.norm(G0)),
                "halfDirectionalCurvature": curvature,
                "rows": taylor,
            },
            "hessianLargestEigenvalue": {"lambda": LAMBDA, **lambda_max},
            "gradientDescentStabilityBound": bounds,
            "lambda0": {
                "countModelMeanNLL": count_model_nll,
                "gradientDescentLoss": {str(k): unregularised[k] for k in gaps},
            },
        },
    )


if __name__ == "__main__":
    main()
