"""PyTorch peer: the code of Karpathy's makemore part 1, eager mode (see README.md for what is timed).

Usage: python3 torch_peer.py TASK [names.txt] [--repeat N] [--variant NAME]
Without torch installed it prints a JSON note and exits 0.
"""

import common

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None

PEER = "torch"
VARIANTS = {
    "count": ("lecture-loop", "bincount", "bincount-synthetic"),
    "step-counts": ("autograd-float64",),
    "step-onehot": ("lecture-float32", "lecture-float64"),
    "step-minibatch": ("lecture-float32", "lecture-float64"),
    "sample": ("lecture-multinomial",),
}
TOLERANCE = {"float32": 1e-5, "float64": 1e-9}


def count_lecture_loop(data, stoi):
    """The lecture's counting: words from the text, then N[ix1, ix2] += 1 per bigram on an int32 tensor."""
    words = data.decode("utf-8").splitlines()
    N = torch.zeros((len(stoi), len(stoi)), dtype=torch.int32)
    for w in words:
        if not w:
            continue
        chs = ["."] + list(w) + ["."]
        for ch1, ch2 in zip(chs, chs[1:]):
            ix1 = stoi[ch1]
            ix2 = stoi[ch2]
            N[ix1, ix2] += 1
    return N


def count_bincount(buffer, lookup, V):
    """The vectorized torch way: frombuffer, torch.take through the lookup table, bincount(a·V + b).

    `buffer` is the corpus with a '\\n' on each side, so the first and last words' chains are complete.
    """
    indices = torch.take(lookup, torch.frombuffer(buffer, dtype=torch.uint8).long())
    if bool((indices == common.NOT_IN_VOCABULARY).any()):
        common.fail("the corpus has a byte outside the vocabulary")
    # int16 pair codes (a·V + b < 32,768 for V < 182) move a quarter of the memory of int64 ones.
    N = torch.bincount(indices[:-1].to(torch.int16) * V + indices[1:], minlength=V * V).reshape(V, V)
    # '..' only comes from empty lines or the padding, never from a chain.
    N[0, 0] = 0
    return N


def task_count(corpus, arguments):
    lookup = torch.from_numpy(corpus.lookup)
    synthetic, copies = corpus.synthetic_bytes(arguments.synthetic_mb)
    # torch.frombuffer wants a writable buffer: the padded bytearrays are made before timing.
    names_buffer, synthetic_buffer = (bytearray(b"\n" + data + b"\n") for data in (corpus.data, synthetic))
    runs = {
        "lecture-loop": (lambda: count_lecture_loop(corpus.data, corpus.stoi), corpus.data, 1),
        "bincount": (lambda: count_bincount(names_buffer, lookup, corpus.V), corpus.data, 1),
        "bincount-synthetic": (lambda: count_bincount(synthetic_buffer, lookup, corpus.V), synthetic, copies),
    }

    def run(variant):
        count, data, factor = runs[variant]
        if not (count().numpy() == factor * corpus.counts).all():
            common.fail(f"{variant}: N differs from {factor} × the counts of {corpus.path}")
        samples = common.measure(count, arguments.repeat)
        notes = f"bytes in memory → {corpus.V}×{corpus.V} N; file reading and the vocabulary are not timed"
        return common.result(variant, samples, notes=notes, corpus_bytes=len(data), events=factor * corpus.T)

    return [run(variant) for variant in arguments.variants]


def zero_weights(V, dtype):
    return torch.zeros((V, V), dtype=dtype, requires_grad=True)


def task_step_counts(corpus, arguments):
    N = torch.from_numpy(corpus.counts).double()
    T = N.sum()

    def loss_of(W):
        return -(N * torch.log_softmax(W, dim=1)).sum() / T + common.LAMBDA * (W**2).mean()

    def step(W):
        loss = loss_of(W)
        W.grad = None
        loss.backward()
        W.data += -common.LEARNING_RATE * W.grad
        return W

    samples = common.measure_steps(step, zero_weights(corpus.V, torch.float64), arguments.repeat)
    W = common.iterate(step, zero_weights(corpus.V, torch.float64), common.CHECK_STEPS)
    with torch.no_grad():
        loss = loss_of(W).item()
    common.check_close("loss after 100 steps", loss, common.LOSS_AFTER_100_STEPS, 1e-9)
    notes = "one step = count-weighted log_softmax loss + backward + update, float64"
    return [common.result("autograd-float64", samples, loss, notes)]


def lecture_loss(W, xs, ys):
    """The lecture's forward pass: one-hot @ W, softmax by exp and row sums, mean NLL + 0.01·mean(W²)."""
    num = xs.nelement()
    xenc = F.one_hot(xs, num_classes=W.shape[0]).to(W.dtype)
    logits = xenc @ W
    counts = logits.exp()
    probs = counts / counts.sum(1, keepdims=True)
    return -probs[torch.arange(num), ys].log().mean() + common.LAMBDA * (W**2).mean()


def lecture_step(W, xs, ys):
    """The lecture's update: loss, W.grad = None, backward, W.data += −50·W.grad; returns W."""
    loss = lecture_loss(W, xs, ys)
    W.grad = None
    loss.backward()
    W.data += -common.LEARNING_RATE * W.grad
    return W


def dtype_of(variant):
    return torch.float32 if variant.endswith("float32") else torch.float64


def task_step_onehot(corpus, arguments):
    xs, ys = torch.from_numpy(corpus.xs), torch.from_numpy(corpus.ys)

    def step(W):
        return lecture_step(W, xs, ys)

    def run(variant):
        dtype = dtype_of(variant)
        samples = common.measure_steps(step, zero_weights(corpus.V, dtype), arguments.repeat)
        W = common.iterate(step, zero_weights(corpus.V, dtype), common.CHECK_STEPS)
        with torch.no_grad():
            loss = lecture_loss(W, xs, ys).item()
        name = str(dtype).removeprefix("torch.")
        common.check_close(f"{variant}: loss after 100 steps", loss, common.LOSS_AFTER_100_STEPS, TOLERANCE[name])
        notes = f"all {corpus.T} events per step, {name}; F.one_hot inside the step as in the lecture"
        return common.result(variant, samples, loss, notes)

    return [run(variant) for variant in arguments.variants]


def task_step_minibatch(corpus, arguments):
    xs, ys = torch.from_numpy(corpus.xs), torch.from_numpy(corpus.ys)
    counts = corpus.counts.astype("float64")

    def steps_with(g):
        def step(W):
            ix = torch.randint(0, corpus.T, (common.BATCH_SIZE,), generator=g)
            return lecture_step(W, xs[ix], ys[ix])

        return step

    def run(variant):
        dtype = dtype_of(variant)
        step = steps_with(torch.Generator().manual_seed(common.LECTURE_SEED))
        samples = common.measure_steps(step, zero_weights(corpus.V, dtype), arguments.repeat)
        step = steps_with(torch.Generator().manual_seed(common.LECTURE_SEED))
        W = common.iterate(step, zero_weights(corpus.V, dtype), common.CHECK_STEPS)
        loss, _ = common.count_objective(W.detach().double().numpy(), counts, common.LAMBDA)
        notes = (
            f"batch {common.BATCH_SIZE} drawn by torch.randint(generator=g) inside the step, "
            f"{str(dtype).removeprefix('torch.')}; final_loss = full-data loss after 100 such steps "
            "from W = 0 (depends on the generator)"
        )
        return common.result(variant, samples, loss, notes)

    return [run(variant) for variant in arguments.variants]


def sample_lecture(P, itos, count, g):
    """The lecture's sampling loop: torch.multinomial on row P[ix] until '.' comes out."""
    names = []
    for _ in range(count):
        out = []
        ix = 0
        while True:
            p = P[ix]
            ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
            out.append(itos[ix])
            if ix == 0:
                break
        names.append("".join(out))
    return names


def task_sample(corpus, arguments):
    P = (torch.from_numpy(corpus.counts) + common.SMOOTHING).float()
    P /= P.sum(1, keepdims=True)
    g = torch.Generator().manual_seed(common.LECTURE_SEED)
    last = []

    def timed():
        last[:] = sample_lecture(P, corpus.itos, common.SAMPLE_COUNT, g)

    samples = common.measure(timed, arguments.repeat)
    mean_length = sum(len(name) - 1 for name in last) / len(last)
    notes = (
        f"{common.SAMPLE_COUNT} names (strings ending in '.') from P = (N+1).float()/rowsum, "
        f"torch.Generator().manual_seed({common.LECTURE_SEED}); P built outside the timed region"
    )
    return [common.result("lecture-multinomial", samples, notes=notes, mean_length=mean_length, first_names=last[:5])]


TASKS = {
    "count": task_count,
    "step-counts": task_step_counts,
    "step-onehot": task_step_onehot,
    "step-minibatch": task_step_minibatch,
    "sample": task_sample,
}


def add_threads_option(parser):
    parser.add_argument(
        "--threads",
        type=common.positive_int,
        help="torch.set_num_threads(N) before timing (default: torch's own choice, left alone)",
    )


def main():
    arguments = common.parse_arguments(PEER, VARIANTS, add_threads_option)
    if arguments.task not in TASKS:
        common.skip(PEER, arguments.task, f"{arguments.task} is not part of the {PEER} comparison (see README.md)")
    if torch is None:
        common.skip(PEER, arguments.task, "torch is not installed (pip install torch)")
    if arguments.threads is not None:
        torch.set_num_threads(arguments.threads)
        threads = f"torch.set_num_threads({arguments.threads})"
    else:
        threads = f"torch.set_num_threads left at its default ({torch.get_num_threads()} threads)"
    corpus = common.Corpus(arguments.data)
    results = TASKS[arguments.task](corpus, arguments)
    versions = {"torch": torch.__version__}
    common.emit(PEER, arguments.task, arguments, results, versions, threads, threads=torch.get_num_threads())


if __name__ == "__main__":
    main()
