"""NumPy peer: the natural NumPy way of every task, float64 (see README.md for what is timed).

Usage: python3 numpy_peer.py TASK [names.txt] [--repeat N] [--variant NAME]
"""

import numpy as np

import common

PEER = "numpy"
VARIANTS = {
    "count": ("vectorized", "dict-loop", "vectorized-synthetic", "dict-loop-synthetic"),
    "step-counts": ("analytic",),
    "step-onehot": ("onehot-matmul", "row-gather"),
    "step-minibatch": ("onehot-matmul", "row-gather"),
    "sample": ("batched", "loop-searchsorted"),
    "newton": ("row-blocks",),
}


def count_dict_loop(data, stoi):
    """The lecture's first counting: a dict of bigram tuples filled by a Python loop, then the V×V array."""
    words = data.decode("utf-8").splitlines()
    bigrams = {}
    for w in words:
        if not w:
            continue
        chs = ["."] + list(w) + ["."]
        for ch1, ch2 in zip(chs, chs[1:]):
            bigram = (ch1, ch2)
            bigrams[bigram] = bigrams.get(bigram, 0) + 1
    counts = np.zeros((len(stoi), len(stoi)), dtype=np.int64)
    for (ch1, ch2), n in bigrams.items():
        counts[stoi[ch1], stoi[ch2]] = n
    return counts


def task_count(corpus, arguments):
    synthetic, copies = corpus.synthetic_bytes(arguments.synthetic_mb)
    methods = {
        "vectorized": lambda data: common.count_bytes(data, corpus.lookup, corpus.V),
        "dict-loop": lambda data: count_dict_loop(data, corpus.stoi),
    }

    def run(variant):
        method = variant.removesuffix("-synthetic")
        count = methods[method]
        data, factor = (corpus.data, 1) if variant == method else (synthetic, copies)
        if not np.array_equal(count(data), factor * corpus.counts):
            common.fail(f"{variant}: N differs from {factor} × the counts of {corpus.path}")
        samples = common.measure(lambda: count(data), arguments.repeat)
        notes = f"bytes in memory → {corpus.V}×{corpus.V} int64 N; file reading and the vocabulary are not timed"
        return common.result(variant, samples, notes=notes, corpus_bytes=len(data), events=factor * corpus.T)

    return [run(variant) for variant in arguments.variants]


def task_step_counts(corpus, arguments):
    counts = corpus.counts.astype(np.float64)

    def step(W):
        _, gradient = common.count_objective(W, counts, common.LAMBDA)
        return W - common.LEARNING_RATE * gradient

    zero = np.zeros((corpus.V, corpus.V))
    samples = common.measure_steps(step, zero, arguments.repeat)
    loss, _ = common.count_objective(common.iterate(step, zero, common.CHECK_STEPS), counts, common.LAMBDA)
    common.check_close("loss after 100 steps", loss, common.LOSS_AFTER_100_STEPS, 1e-9)
    notes = "one step = loss + analytic gradient from N (27×27) + update, float64"
    return [common.result("analytic", samples, loss, notes)]


def per_example_step(variant, V, lam, learning_rate):
    """One step W → W − η∇L for L = −mean_k log softmax(x_k W)[y_k] + λ·mean(W²), float64, analytic gradient."""

    def step(W, xs, ys):
        B = len(xs)
        if variant == "onehot-matmul":
            X = np.zeros((B, V))
            X[np.arange(B), xs] = 1.0
            logits = X @ W
        else:
            logits = W[xs]
        # Row max subtracted before exp so the softmax never overflows.
        E = np.exp(logits - logits.max(axis=1, keepdims=True))
        P = E / E.sum(axis=1, keepdims=True)
        # ∂L/∂logits = (P − onehot(y))/B: the fused softmax + cross-entropy backward.
        P[np.arange(B), ys] -= 1.0
        P /= B
        if variant == "onehot-matmul":
            gradient = X.T @ P
        else:
            gradient = np.zeros_like(W)
            np.add.at(gradient, xs, P)
        gradient += (2 * lam / W.size) * W
        return W - learning_rate * gradient

    return step


def task_step_onehot(corpus, arguments):
    counts = corpus.counts.astype(np.float64)
    zero = np.zeros((corpus.V, corpus.V))

    def run(variant):
        gradient_step = per_example_step(variant, corpus.V, common.LAMBDA, common.LEARNING_RATE)

        def step(W):
            return gradient_step(W, corpus.xs, corpus.ys)

        samples = common.measure_steps(step, zero, arguments.repeat)
        loss, _ = common.count_objective(common.iterate(step, zero, common.CHECK_STEPS), counts, common.LAMBDA)
        common.check_close(f"{variant}: loss after 100 steps", loss, common.LOSS_AFTER_100_STEPS, 1e-9)
        how = "one-hot X (T×27) built in the step, X @ W, Xᵀ @ G" if variant == "onehot-matmul" else "W[xs], np.add.at"
        notes = f"all {corpus.T} events per step, float64, analytic gradient; {how}"
        return common.result(variant, samples, loss, notes)

    return [run(variant) for variant in arguments.variants]


def task_step_minibatch(corpus, arguments):
    counts = corpus.counts.astype(np.float64)
    zero = np.zeros((corpus.V, corpus.V))

    def run(variant):
        gradient_step = per_example_step(variant, corpus.V, common.LAMBDA, common.LEARNING_RATE)

        def steps_with(rng):
            def step(W):
                ix = rng.integers(0, corpus.T, size=common.BATCH_SIZE)
                return gradient_step(W, corpus.xs[ix], corpus.ys[ix])

            return step

        samples = common.measure_steps(steps_with(np.random.default_rng(common.LECTURE_SEED)), zero, arguments.repeat)
        trained = common.iterate(steps_with(np.random.default_rng(common.LECTURE_SEED)), zero, common.CHECK_STEPS)
        loss, _ = common.count_objective(trained, counts, common.LAMBDA)
        notes = (
            f"batch {common.BATCH_SIZE} drawn by np.random.default_rng({common.LECTURE_SEED}).integers in the step; "
            "final_loss = full-data loss after 100 such steps from W = 0 (depends on the generator)"
        )
        return common.result(variant, samples, loss, notes)

    return [run(variant) for variant in arguments.variants]


def sample_loop(C, itos, count, rng):
    """The lecture's loop with NumPy: per character u ~ U[0,1), the first j with C[ix, j] > u."""
    names = []
    for _ in range(count):
        out, ix = [], 0
        while True:
            ix = int(np.searchsorted(C[ix], rng.random(), side="right"))
            out.append(itos[ix])
            if ix == 0:
                break
        names.append("".join(out))
    return names


def sample_batched(C, itos, count, rng):
    """All names advance together: one uniform per unfinished name per position, the row's first C > u."""
    letters = np.frombuffer("".join(itos).encode("ascii"), dtype=np.uint8)
    codes = np.zeros((count, 16), dtype=np.intp)
    lengths = np.zeros(count, dtype=np.intp)
    current, active, position = np.zeros(count, dtype=np.intp), np.arange(count), 0
    while active.size:
        if position == codes.shape[1]:
            codes = np.concatenate([codes, np.zeros_like(codes)], axis=1)
        u = rng.random(active.size)
        nxt = (u[:, None] < C[current[active]]).argmax(axis=1)
        codes[active, position] = nxt
        current[active] = nxt
        position += 1
        finished = nxt == 0
        lengths[active[finished]] = position
        active = active[~finished]
    rows = letters[codes]
    return [rows[k, : lengths[k]].tobytes().decode("ascii") for k in range(count)]


def task_sample(corpus, arguments):
    P = corpus.counts + common.SMOOTHING
    P = P / P.sum(axis=1, keepdims=True)
    C = np.cumsum(P, axis=1)
    # Rounding can leave the last cumulative value just below 1; u < 1 must always find a column.
    C[:, -1] = 1.0
    samplers = {"batched": sample_batched, "loop-searchsorted": sample_loop}

    def run(variant):
        sampler, rng = samplers[variant], np.random.default_rng(common.LECTURE_SEED)
        last = []

        def timed():
            last[:] = sampler(C, corpus.itos, common.SAMPLE_COUNT, rng)

        samples = common.measure(timed, arguments.repeat)
        mean_length = sum(len(name) - 1 for name in last) / len(last)
        notes = (
            f"{common.SAMPLE_COUNT} names (strings ending in '.') from P = (N+1)/rowsum, "
            "np.random.default_rng; cumulative rows built outside the timed region"
        )
        return common.result(variant, samples, notes=notes, mean_length=mean_length, first_names=last[:5])

    return [run(variant) for variant in arguments.variants]


def newton(counts, lam, tolerance):
    """Newton from W = 0 with Armijo backtracking; the Hessian is block-diagonal over rows:

    H_i = (n_i/T)(diag P̂_i − P̂_i P̂_iᵀ) + (2λ/V²) I. Returns (W*, L*, iterations).
    """
    V, T = counts.shape[0], counts.sum()
    row_weights = counts.sum(axis=1) / T
    identity = np.eye(V)
    W = np.zeros((V, V))
    loss, gradient = common.count_objective(W, counts, lam)
    for iteration in range(100):
        if np.linalg.norm(gradient) < tolerance:
            return W, loss, iteration
        Z = np.exp(W - W.max(axis=1, keepdims=True))
        P = Z / Z.sum(axis=1, keepdims=True)
        H = row_weights[:, None, None] * (P[:, :, None] * identity - P[:, :, None] * P[:, None, :])
        H += (2 * lam / V**2) * identity
        # Rows do not interact, so the Newton system splits into V independent V×V solves.
        direction = -np.linalg.solve(H, gradient[:, :, None])[:, :, 0]
        slope = float((gradient * direction).sum())
        t = 1.0
        trial_loss, trial_gradient = common.count_objective(W + direction, counts, lam)
        # Near the optimum the decrease falls below rounding in L; the full step is then right.
        while -slope > 1e-14 and trial_loss > loss + 1e-4 * t * slope:
            t /= 2
            if t < 1e-12:
                common.fail(f"line search failed at Newton iteration {iteration}")
            trial_loss, trial_gradient = common.count_objective(W + t * direction, counts, lam)
        W, loss, gradient = W + t * direction, trial_loss, trial_gradient
    common.fail(f"Newton did not reach ‖∇L‖ < {tolerance:g} in 100 iterations")


def task_newton(corpus, arguments):
    counts = corpus.counts.astype(np.float64)

    def solve():
        return newton(counts, common.LAMBDA, common.NEWTON_TOLERANCE)

    samples = common.measure(solve, arguments.repeat)
    _, loss, iterations = solve()
    common.check_close("Newton L*", loss, common.NEWTON_OPTIMUM, 1e-10)
    notes = f"whole solve from W = 0 to ‖∇L‖ < {common.NEWTON_TOLERANCE:g}, batched 27×27 row solves, float64"
    return [common.result("row-blocks", samples, loss, notes, iterations=iterations)]


TASKS = {
    "count": task_count,
    "step-counts": task_step_counts,
    "step-onehot": task_step_onehot,
    "step-minibatch": task_step_minibatch,
    "sample": task_sample,
    "newton": task_newton,
}


def main():
    arguments = common.parse_arguments(PEER, VARIANTS)
    corpus = common.Corpus(arguments.data)
    results = TASKS[arguments.task](corpus, arguments)
    notes = "NumPy's BLAS threads left at their default"
    common.emit(PEER, arguments.task, arguments, results, {}, notes)


if __name__ == "__main__":
    main()
