#!/usr/bin/env python3
"""The MLP training step of makemore part 3 in NumPy, PyTorch eager and JAX jit, timed per step.

    python3 mlp_peer.py SIDE [names.txt] [--repeat N] [--variant NAME]

SIDE is numpy (variants float64, float32: the forward and the hand-written backward of part 4),
torch (lecture-float32: the lecture's code with autograd, eager) or jax (jit-float32: value_and_grad
and the update in one jitted function). Every side runs the same step: context 3, d = 10,
H = 200, BatchNorm (batch statistics with Bessel's correction, running averages with momentum
0.001), batch 32 drawn uniformly from the training windows of the lecture's split, SGD η = 0.1.
Prints one JSON object like the other peers (task "mlp-step"); samples are seconds per step,
timed over --repeat consecutive steps after 20 warm-up steps, in 5 blocks.
"""

import argparse
import json
import platform
import random
import sys
import time

import numpy as np

CONTEXT, EMBEDDING, HIDDEN, BATCH, RATE, EPSILON, MOMENTUM = 3, 10, 200, 32, 0.1, 1e-5, 0.001
VARIANTS = {"numpy": ("float64", "float32"), "torch": ("lecture-float32",), "jax": ("jit-float32",)}


def windows(path):
    """The lecture's split (random.seed(42) shuffle, 80%) and build_dataset with context 3."""
    words = open(path, encoding="utf-8").read().splitlines()
    random.seed(42)
    random.shuffle(words)
    train = words[: int(0.8 * len(words))]
    chars = sorted(set("".join(words)))
    stoi = {s: i + 1 for i, s in enumerate(chars)}
    stoi["."] = 0
    X, Y = [], []
    for w in train:
        context = [0] * CONTEXT
        for ch in w + ".":
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]
    return np.array(X), np.array(Y), len(stoi)


def initial(V, dtype):
    g = np.random.default_rng(2147483647)
    return {
        "C": g.standard_normal((V, EMBEDDING)).astype(dtype),
        "W1": (g.standard_normal((CONTEXT * EMBEDDING, HIDDEN)) * (5 / 3) / (CONTEXT * EMBEDDING) ** 0.5).astype(dtype),
        "gain": np.ones(HIDDEN, dtype),
        "bias": np.zeros(HIDDEN, dtype),
        "W2": (g.standard_normal((HIDDEN, V)) * 0.1 / HIDDEN**0.5).astype(dtype),
        "b2": np.zeros(V, dtype),
    }


def numpy_stepper(X, Y, V, dtype):
    p = initial(V, dtype)
    mean_running, var_running = np.zeros(HIDDEN, dtype), np.ones(HIDDEN, dtype)
    rng = np.random.default_rng(1)
    n = BATCH

    def step():
        nonlocal mean_running, var_running
        ix = rng.integers(0, len(Y), size=n)
        Xb, Yb = X[ix], Y[ix]
        emb = p["C"][Xb]
        embcat = emb.reshape(n, -1)
        hpre = embcat @ p["W1"]
        mean = hpre.mean(0)
        var = hpre.var(0, ddof=1)
        invstd = 1 / np.sqrt(var + EPSILON)
        xhat = (hpre - mean) * invstd
        h = np.tanh(p["gain"] * xhat + p["bias"])
        logits = h @ p["W2"] + p["b2"]
        e = np.exp(logits - logits.max(1, keepdims=True))
        probs = e / e.sum(1, keepdims=True)
        loss = -np.log(probs[np.arange(n), Yb]).mean()
        dlogits = probs
        dlogits[np.arange(n), Yb] -= 1
        dlogits /= n
        dW2 = h.T @ dlogits
        db2 = dlogits.sum(0)
        dhbn = (1 - h * h) * (dlogits @ p["W2"].T)
        dgain = (xhat * dhbn).sum(0)
        dbias = dhbn.sum(0)
        dhpre = p["gain"] * invstd / n * (n * dhbn - dhbn.sum(0) - n / (n - 1) * xhat * (dhbn * xhat).sum(0))
        dW1 = embcat.T @ dhpre
        demb = (dhpre @ p["W1"].T).reshape(emb.shape)
        dC = np.zeros_like(p["C"])
        np.add.at(dC, Xb, demb)
        for name, grad in (("C", dC), ("W1", dW1), ("gain", dgain), ("bias", dbias), ("W2", dW2), ("b2", db2)):
            p[name] -= RATE * grad
        mean_running = (1 - MOMENTUM) * mean_running + MOMENTUM * mean
        var_running = (1 - MOMENTUM) * var_running + MOMENTUM * var
        return float(loss)

    return step, {}


def torch_stepper(X, Y, V):
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
    Xt, Yt = torch.tensor(X), torch.tensor(Y)
    g = torch.Generator().manual_seed(2147483647)
    C = torch.randn((V, EMBEDDING), generator=g)
    W1 = torch.randn((CONTEXT * EMBEDDING, HIDDEN), generator=g) * (5 / 3) / (CONTEXT * EMBEDDING) ** 0.5
    W2 = torch.randn((HIDDEN, V), generator=g) * 0.1 / HIDDEN**0.5
    b2 = torch.zeros(V)
    bngain, bnbias = torch.ones((1, HIDDEN)), torch.zeros((1, HIDDEN))
    bnmean_running, bnstd_running = torch.zeros((1, HIDDEN)), torch.ones((1, HIDDEN))
    parameters = [C, W1, W2, b2, bngain, bnbias]
    for q in parameters:
        q.requires_grad = True

    def step():
        # The lecture's loop body (makemore part 3), unchanged.
        ix = torch.randint(0, Xt.shape[0], (BATCH,), generator=g)
        Xb, Yb = Xt[ix], Yt[ix]
        emb = C[Xb]
        embcat = emb.view(emb.shape[0], -1)
        hpreact = embcat @ W1
        bnmeani = hpreact.mean(0, keepdim=True)
        bnstdi = hpreact.std(0, keepdim=True)
        hpreact = bngain * (hpreact - bnmeani) / bnstdi + bnbias
        with torch.no_grad():
            bnmean_running.mul_(0.999).add_(0.001 * bnmeani)
            bnstd_running.mul_(0.999).add_(0.001 * bnstdi)
        h = torch.tanh(hpreact)
        logits = h @ W2 + b2
        loss = F.cross_entropy(logits, Yb)
        for q in parameters:
            q.grad = None
        loss.backward()
        for q in parameters:
            q.data += -RATE * q.grad
        return loss.item()

    return step, {"torch": torch.__version__, "threads": 1}


def jax_stepper(X, Y, V):
    import jax
    import jax.numpy as jnp

    p = {k: jnp.asarray(v) for k, v in initial(V, np.float32).items()}
    running = (jnp.zeros(HIDDEN, jnp.float32), jnp.ones(HIDDEN, jnp.float32))
    Xj, Yj = jnp.asarray(X), jnp.asarray(Y)

    def loss_fn(p, Xb, Yb):
        embcat = p["C"][Xb].reshape(BATCH, -1)
        hpre = embcat @ p["W1"]
        mean = hpre.mean(0)
        var = hpre.var(0, ddof=1)
        h = jnp.tanh(p["gain"] * (hpre - mean) / jnp.sqrt(var + EPSILON) + p["bias"])
        logits = h @ p["W2"] + p["b2"]
        logp = jax.nn.log_softmax(logits)
        return -jnp.take_along_axis(logp, Yb[:, None], 1).mean(), (mean, var)

    @jax.jit
    def update(p, running, key):
        key, sub = jax.random.split(key)
        ix = jax.random.randint(sub, (BATCH,), 0, Yj.shape[0])
        (loss, (mean, var)), grads = jax.value_and_grad(loss_fn, has_aux=True)(p, Xj[ix], Yj[ix])
        p = jax.tree_util.tree_map(lambda q, g: q - RATE * g, p, grads)
        running = ((1 - MOMENTUM) * running[0] + MOMENTUM * mean, (1 - MOMENTUM) * running[1] + MOMENTUM * var)
        return p, running, key, loss

    state = [p, running, jax.random.PRNGKey(0)]

    def step():
        state[0], state[1], state[2], loss = update(*state)
        return loss

    def block():
        state[0]["C"].block_until_ready()

    return step, {"jax": jax.__version__, "block": block}


def main():
    parser = argparse.ArgumentParser(prog="mlp_peer.py")
    parser.add_argument("side", choices=sorted(VARIANTS))
    parser.add_argument("data", nargs="?", default="/work/shared/data/names.txt")
    parser.add_argument("--repeat", type=int, default=500)
    parser.add_argument("--variant")
    arguments = parser.parse_args()
    variants = [arguments.variant] if arguments.variant else list(VARIANTS[arguments.side])
    X, Y, V = windows(arguments.data)
    results = []
    for variant in variants:
        try:
            if arguments.side == "numpy":
                step, info = numpy_stepper(X, Y, V, np.float64 if variant == "float64" else np.float32)
            elif arguments.side == "torch":
                step, info = torch_stepper(X, Y, V)
            else:
                step, info = jax_stepper(X, Y, V)
        except ImportError as error:
            print(json.dumps({"peer": arguments.side, "task": "mlp-step", "skipped": True, "notes": str(error)}))
            return
        block = info.pop("block", lambda: None)
        for _ in range(20):
            loss = step()
        block()
        samples = []
        per_block = max(1, arguments.repeat // 5)
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(per_block):
                loss = step()
            block()
            samples.append((time.perf_counter() - start) / per_block)
        results.append(
            {"variant": variant, "samples_seconds": samples, "median_seconds": float(np.median(samples)),
             "min_seconds": min(samples), "final_loss": float(loss), "notes": "seconds per step; loss of the last batch",
             **info})
    print(json.dumps({"peer": arguments.side, "task": "mlp-step", "python": platform.python_version(),
                      "numpy": np.__version__, "variants": results}))


if __name__ == "__main__":
    sys.exit(main())
