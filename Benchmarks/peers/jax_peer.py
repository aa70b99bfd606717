"""JAX peer: jit-compiled value_and_grad steps on CPU (see README.md for what is timed).

Usage: python3 jax_peer.py TASK [names.txt] [--repeat N] [--variant NAME]
Without jax installed it prints a JSON note and exits 0. Compilation (jit lower + compile) is timed
separately and reported as compile_seconds; every timed call ends with block_until_ready.
"""

import time

import numpy as np

import common

try:
    import jax
    import jax.numpy as jnp
    import jaxlib

    # float64 needs x64 mode; float32 variants still run in float32 (their arrays are made float32).
    jax.config.update("jax_enable_x64", True)
except ImportError:
    jax = None

PEER = "jax"
VARIANTS = {
    "step-counts": ("jit-float64",),
    "step-onehot": ("jit-float32", "jit-float64"),
    "step-minibatch": ("jit-float32", "jit-float64"),
}
TOLERANCE = {"float32": 1e-5, "float64": 1e-9}


def compiled(function, *arguments):
    """jax.jit(function) compiled ahead of time for these arguments, and the seconds lowering and compiling took."""
    start = time.perf_counter_ns()
    executable = jax.jit(function).lower(*arguments).compile()
    return executable, (time.perf_counter_ns() - start) * 1e-9


def block(result):
    return jax.block_until_ready(result)


def descend(loss_fn):
    """The step W → (W − η∇L(W), L(W)) for L = loss_fn(W, *data), by value_and_grad.

    The loss is an output, as in the lecture's loop, so XLA cannot drop its computation.
    """

    def step(W, *data):
        loss, gradient = jax.value_and_grad(loss_fn)(W, *data)
        return W - common.LEARNING_RATE * gradient, loss

    return step


def dtype_of(variant):
    return jnp.float32 if variant.endswith("float32") else jnp.float64


def task_step_counts(corpus, arguments):
    N = jnp.asarray(corpus.counts, dtype=jnp.float64)

    def loss_fn(W, N):
        return -(N * jax.nn.log_softmax(W, axis=1)).sum() / N.sum() + common.LAMBDA * (W**2).mean()

    W0 = jnp.zeros((corpus.V, corpus.V), dtype=jnp.float64)
    step, compile_seconds = compiled(descend(loss_fn), W0, N)

    def advance(W):
        return step(W, N)[0]

    samples = common.measure_steps(advance, W0, arguments.repeat, synchronize=block)
    W = block(common.iterate(advance, W0, common.CHECK_STEPS))
    loss = float(jax.jit(loss_fn)(W, N))
    common.check_close("loss after 100 steps", loss, common.LOSS_AFTER_100_STEPS, 1e-9)
    notes = "one step = jit(value_and_grad) of the count-weighted log_softmax loss + update, float64"
    return [common.result("jit-float64", samples, loss, notes, compile_seconds=compile_seconds)]


def lecture_loss(W, xs, ys):
    """The lecture's loss in jax.numpy: one-hot @ W, exp, row-normalise, mean NLL + 0.01·mean(W²)."""
    xenc = jax.nn.one_hot(xs, W.shape[0], dtype=W.dtype)
    logits = xenc @ W
    counts = jnp.exp(logits)
    probs = counts / counts.sum(1, keepdims=True)
    return -jnp.log(probs[jnp.arange(xs.shape[0]), ys]).mean() + common.LAMBDA * (W**2).mean()


def task_step_onehot(corpus, arguments):
    data = (jnp.asarray(corpus.xs), jnp.asarray(corpus.ys))

    def run(variant):
        dtype = dtype_of(variant)
        W0 = jnp.zeros((corpus.V, corpus.V), dtype=dtype)
        step, compile_seconds = compiled(descend(lecture_loss), W0, *data)

        def advance(W):
            return step(W, *data)[0]

        samples = common.measure_steps(advance, W0, arguments.repeat, synchronize=block)
        W = block(common.iterate(advance, W0, common.CHECK_STEPS))
        loss = float(jax.jit(lecture_loss)(W, *data))
        name = jnp.dtype(dtype).name
        common.check_close(f"{variant}: loss after 100 steps", loss, common.LOSS_AFTER_100_STEPS, TOLERANCE[name])
        notes = f"all {corpus.T} events per step, {name}; one_hot inside the jitted step"
        return common.result(variant, samples, loss, notes, compile_seconds=compile_seconds)

    return [run(variant) for variant in arguments.variants]


def task_step_minibatch(corpus, arguments):
    xs, ys = jnp.asarray(corpus.xs), jnp.asarray(corpus.ys)
    counts = corpus.counts.astype(np.float64)
    gradient_step = descend(lecture_loss)

    def minibatch_step(W, key):
        """(W, key) → ((W − η∇L on a batch drawn with a fresh subkey, the next key), the batch loss)."""
        key, subkey = jax.random.split(key)
        ix = jax.random.randint(subkey, (common.BATCH_SIZE,), 0, corpus.T)
        W, loss = gradient_step(W, xs[ix], ys[ix])
        return (W, key), loss

    def run(variant):
        dtype = dtype_of(variant)
        start = (jnp.zeros((corpus.V, corpus.V), dtype=dtype), jax.random.key(common.LECTURE_SEED))
        step, compile_seconds = compiled(minibatch_step, *start)

        def advance(state):
            return step(*state)[0]

        samples = common.measure_steps(advance, start, arguments.repeat, synchronize=block)
        W, _ = block(common.iterate(advance, start, common.CHECK_STEPS))
        loss, _ = common.count_objective(np.asarray(W, dtype=np.float64), counts, common.LAMBDA)
        notes = (
            f"batch {common.BATCH_SIZE} drawn by jax.random.randint inside the jitted step, "
            f"{jnp.dtype(dtype).name}; final_loss = full-data loss after 100 such steps from W = 0 "
            "(depends on the generator)"
        )
        return common.result(variant, samples, loss, notes, compile_seconds=compile_seconds)

    return [run(variant) for variant in arguments.variants]


TASKS = {
    "step-counts": task_step_counts,
    "step-onehot": task_step_onehot,
    "step-minibatch": task_step_minibatch,
}


def main():
    arguments = common.parse_arguments(PEER, VARIANTS)
    if arguments.task not in TASKS:
        common.skip(PEER, arguments.task, f"{arguments.task} is not part of the {PEER} comparison (see README.md)")
    if jax is None:
        common.skip(PEER, arguments.task, "jax is not installed (pip install jax jaxlib)")
    corpus = common.Corpus(arguments.data)
    results = TASKS[arguments.task](corpus, arguments)
    notes = f"XLA CPU thread pool left at its default; devices {[str(d) for d in jax.devices()]}"
    versions = {"jax": jax.__version__, "jaxlib": jaxlib.__version__}
    common.emit(PEER, arguments.task, arguments, results, versions, notes)


if __name__ == "__main__":
    main()
