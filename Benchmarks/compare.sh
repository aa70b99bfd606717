#!/usr/bin/env bash
# Times bigram (the release-built `swift-peer`) and the Python peers (Benchmarks/peers: NumPy,
# PyTorch, JAX) on the same tasks in one run, interleaved, several rounds, and prints a table of
# medians, ratios and each side's final loss (the figure that shows the work is the same).
#
#   Benchmarks/compare.sh [--rounds N] [--names PATH] [--out FILE.jsonl] [TASK ...]
#
# TASK is any of count step-counts step-onehot step-minibatch sample newton ngram-count mlp-step
# (default: all).
# ngram-count times the release `bigram counts --order 5 --json` binary (wall, start-up included, and
# its peak RSS) on names.txt repeated 440 times (100 MB) against collections.Counter over the same 5-grams.
# mlp-step times `bigram train --model mlp` itself (final.seconds less final.evaluationSeconds, per
# update) against peers/mlp_peer.py: the lecture's step in NumPy, PyTorch eager float32 and JAX jit.
# Every (side, variant) is a separate process per round; the sides take turns within a task and
# the order flips each round, so background load on a shared machine falls on all sides alike.
# Each process warms up once, then times --repeat calls; the table gives the median over every
# timed call of every round. Peers that are not installed (torch, jax) print a "skipped" note.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
rounds=3
names="${BIGRAM_NAMES:-$here/../../shared/data/names.txt}"
out=""
tasks=()
while (($#)); do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --names) names="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) tasks+=("$1"); shift ;;
  esac
done
((${#tasks[@]})) || tasks=(count step-counts step-onehot step-minibatch sample newton ngram-count mlp-step)
[[ -f "$names" ]] || { echo "compare.sh: no names.txt at $names; pass --names PATH" >&2; exit 2; }
peers="${PEERS_DIR:-$here/peers}"
[[ -f "$peers/numpy_peer.py" ]] || { echo "compare.sh: no peer scripts in $peers (set PEERS_DIR)" >&2; exit 2; }

if [[ " ${tasks[*]} " != " mlp-step " ]]; then
  echo "building swift-peer (release)…" >&2
  swift build -c release --package-path "$here" --product swift-peer >&2
  swift_peer="$(swift build -c release --package-path "$here" --show-bin-path)/swift-peer"
fi
if [[ " ${tasks[*]} " == *" mlp-step "* ]]; then
  echo "building bigram (release)…" >&2
  swift build -c release --package-path "$here/.." --product bigram >&2
  bigram="$(swift build -c release --package-path "$here/.." --show-bin-path)/bigram"
fi

# The n-gram task runs the command users run, so it needs the release `bigram` and a 100 MB corpus.
big=""
if [[ " ${tasks[*]} " == *" ngram-count "* ]]; then
  echo "building bigram (release)…" >&2
  swift build -c release --package-path "$here/.." --product bigram >&2
  bigram="$(swift build -c release --package-path "$here/.." --show-bin-path)/bigram"
  big="$(mktemp --suffix=.txt)"
  for ((k = 0; k < 440; k++)); do cat "$names"; done >"$big"
fi

# The runs: task, side, variant, timed calls per process. Slow reference loops get few calls.
plan() {
  case "$1" in
    count)
      echo "count swift bytes 20"; echo "count swift bytes-synthetic 5"
      echo "count swift file 20"; echo "count swift file-synthetic 5"
      echo "count numpy vectorized 20"; echo "count numpy vectorized-synthetic 5"
      echo "count numpy dict-loop 3"
      echo "count torch bincount 20"; echo "count torch bincount-synthetic 5"
      echo "count torch lecture-loop 1" ;;
    step-counts)
      echo "step-counts swift analytic 2000"; echo "step-counts numpy analytic 500"
      echo "step-counts torch autograd-float64 200"; echo "step-counts jax - 500" ;;
    step-onehot)
      echo "step-onehot swift tape-lookup 20"; echo "step-onehot swift tape-onehot 5"
      echo "step-onehot numpy row-gather 5"; echo "step-onehot numpy onehot-matmul 3"
      echo "step-onehot torch lecture-float32 20"; echo "step-onehot torch lecture-float64 10"
      echo "step-onehot jax - 20" ;;
    step-minibatch)
      echo "step-minibatch swift tape-lookup 2000"; echo "step-minibatch numpy row-gather 500"
      echo "step-minibatch torch lecture-float32 500"; echo "step-minibatch jax - 500" ;;
    sample)
      echo "sample swift sampler 20"; echo "sample numpy batched 5"; echo "sample numpy loop-searchsorted 1"
      echo "sample torch lecture-multinomial 1" ;;
    newton)
      echo "newton swift row-blocks 10"; echo "newton numpy row-blocks 10" ;;
    mlp-step)
      echo "mlp-step swift train-command 20000"; echo "mlp-step numpy float64 500"; echo "mlp-step numpy float32 500"
      echo "mlp-step torch lecture-float32 1000"; echo "mlp-step jax jit-float32 2000" ;;
    ngram-count)
      echo "ngram-count swift bigram-counts 3"; echo "ngram-count counter counter 1" ;;
    *) echo "compare.sh: unknown task $1" >&2; exit 2 ;;
  esac
}

results="$(mktemp)"
trap 'rm -f "$results" ${big:+"$big"}' EXIT

# `bigram counts --order 5 --json` on the 100 MB corpus, `repeat` times: wall seconds and peak RSS
# from /usr/bin/time, printed as one peer-format JSON line.
ngram_swift() {
  local repeat="$1" samples=() rss=0 out
  for ((k = 0; k < repeat; k++)); do
    out="$(mktemp)"
    /usr/bin/time -f "%e %M" -o "$out.time" "$bigram" counts -i "$big" --order 5 --json >"$out"
    read -r wall kb <"$out.time"
    samples+=("$wall")
    ((kb > rss)) && rss=$kb
    distinct="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ngrams"][-1])' "$out")"
    rm -f "$out" "$out.time"
  done
  local list
  list="$(IFS=,; echo "${samples[*]}")"
  echo "{\"peer\": \"swift\", \"task\": \"ngram-count\", \"variants\": [{\"variant\": \"bigram-counts\", \"samples_seconds\": [$list], \"final_loss\": $distinct.0, \"corpus_bytes\": $(stat -c %s "$big"), \"peak_rss_mb\": $((rss / 1024))}]}"
}
run() {
  local task="$1" side="$2" variant="$3" repeat="$4" args=()
  [[ "$variant" != "-" ]] && args+=(--variant "$variant")
  if [[ "$task" == mlp-step && "$side" == swift ]]; then
    # What a user runs: the command, its own timer, evaluations (step 0 and the end) subtracted.
    "$bigram" train --model mlp -i "$names" --steps "$repeat" --eval-every 100000000 --json --quiet --log-every "$repeat" |
      python3 -c 'import json, sys
r = json.load(sys.stdin); f = r["final"]
per = (f["seconds"] - f["evaluationSeconds"]) / f["step"]
print(json.dumps({"peer": "swift", "task": "mlp-step", "variants": [{"variant": "train-command", "samples_seconds": [per],
  "final_loss": r["history"][-1]["loss"], "notes": r["kernels"] + " kernels, float64"}]}))'
  elif [[ "$task" == mlp-step ]]; then
    python3 "$peers/mlp_peer.py" "$side" "$names" --repeat "$repeat" "${args[@]}"
  elif [[ "$task" == ngram-count && "$side" == swift ]]; then
    ngram_swift "$repeat"
  elif [[ "$task" == ngram-count ]]; then
    python3 "$peers/${side}_peer.py" "$task" "$big" --repeat "$repeat"
  elif [[ "$side" == swift ]]; then
    "$swift_peer" "$task" "$names" --repeat "$repeat" "${args[@]}"
  elif [[ ! -f "$peers/${side}_peer.py" ]]; then
    echo "{\"peer\": \"$side\", \"task\": \"$task\", \"skipped\": true, \"notes\": \"no ${side}_peer.py\"}"
  else
    # NumPy runs with the machine's default BLAS kernel (see .library/env/README.md on OPENBLAS_*).
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$peers/${side}_peer.py" "$task" "$names" \
      --repeat "$repeat" "${args[@]}"
  fi
}

for ((round = 1; round <= rounds; round++)); do
  for task in "${tasks[@]}"; do
    mapfile -t lines < <(plan "$task")
    if ((round % 2 == 0)); then mapfile -t lines < <(printf '%s\n' "${lines[@]}" | tac); fi
    for line in "${lines[@]}"; do
      read -r t side variant repeat <<<"$line"
      echo "round $round/$rounds: $t $side $variant" >&2
      if ! run "$t" "$side" "$variant" "$repeat" >>"$results"; then
        echo "{\"peer\": \"$side\", \"task\": \"$t\", \"variant\": \"$variant\", \"failed\": true}" >>"$results"
      fi
    done
  done
done
[[ -n "$out" ]] && cp "$results" "$out"

python3 - "$results" <<'PY'
import json, statistics, sys

runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
samples, losses, notes, extras = {}, {}, {}, {}
for run in runs:
    side, task = run["peer"], run["task"]
    if run.get("skipped") or run.get("failed"):
        notes.setdefault((task, side), "skipped: " + run.get("notes", "") if run.get("skipped") else "FAILED")
        continue
    for variant in run["variants"]:
        key = (task, side, variant["variant"])
        samples.setdefault(key, []).extend(variant["samples_seconds"])
        losses[key] = variant.get("final_loss")
        previous = extras.get(key, {})
        extras[key] = {k: variant[k] for k in ("corpus_bytes", "events", "peak_rss_mb") if k in variant}
        if "peak_rss_mb" in previous:  # the largest over the rounds
            extras[key]["peak_rss_mb"] = max(previous["peak_rss_mb"], extras[key].get("peak_rss_mb", 0))
median = {key: statistics.median(values) for key, values in samples.items()}

def ours(task, variant):
    """The bigram variant a peer's variant is compared with."""
    if task == "count":
        return "bytes-synthetic" if variant.endswith("synthetic") else "bytes"
    return {"step-counts": "analytic", "step-onehot": "tape-lookup", "step-minibatch": "tape-lookup",
            "sample": "sampler", "newton": "row-blocks", "ngram-count": "bigram-counts",
            "mlp-step": "train-command"}[task]

def seconds(value):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if value >= scale:
            return f"{value / scale:.3g} {unit}"
    return f"{value * 1e9:.3g} ns"

print(f"\n{'task':<15} {'side':<6} {'variant':<22} {'median':>10} {'ours ×faster':>13} {'final loss':>20}  n")
for task in dict.fromkeys(key[0] for key in median):
    for key in sorted((k for k in median if k[0] == task), key=lambda k: (k[1] != "swift", k[1], k[2])):
        _, side, variant = key
        reference = median.get((task, "swift", ours(task, variant)))
        ratio = f"{median[key] / reference:,.{1 if median[key] >= reference else 2}f}×" if reference and side != "swift" else ""
        loss = losses.get(key)
        shown = f"{loss:.15g}" if isinstance(loss, float) else "—"
        print(f"{task:<15} {side:<6} {variant:<22} {seconds(median[key]):>10} {ratio:>13} {shown:>20}  {len(samples[key])}")
        if task == "count" and side == "swift" and "synthetic" in variant and key in extras:
            print(f"{'':<15} {'':<6} {'':<22} {extras[key]['corpus_bytes'] / median[key] / 1e9:>9.2f} GB/s (all cores)")
        if task == "ngram-count" and key in extras and "corpus_bytes" in extras[key]:
            rss = f", peak RSS {extras[key]['peak_rss_mb']} MB" if "peak_rss_mb" in extras[key] else ""
            print(f"{'':<15} {'':<6} {'':<22} {extras[key]['corpus_bytes'] / median[key] / 1e6:>9.1f} MB/s{rss}")
for (task, side), note in sorted(notes.items()):
    print(f"{task:<15} {side:<6} {note}")

print("\ntargets (ours vs peer, same run):")
targets = [
    ("count names.txt in memory vs NumPy bincount", ("count", "numpy", "vectorized"), ("count", "swift", "bytes"), 10),
    ("full-batch step from counts vs NumPy", ("step-counts", "numpy", "analytic"), ("step-counts", "swift", "analytic"), 5),
    ("full-batch step from counts vs lecture PyTorch step (float32)", ("step-onehot", "torch", "lecture-float32"),
     ("step-counts", "swift", "analytic"), 10_000),
    ("full-batch tape step (float64) vs lecture PyTorch (float32)", ("step-onehot", "torch", "lecture-float32"),
     ("step-onehot", "swift", "tape-lookup"), 3),
    ("mini-batch tape step vs PyTorch eager", ("step-minibatch", "torch", "lecture-float32"),
     ("step-minibatch", "swift", "tape-lookup"), 10),
    ("10,000 names vs torch.multinomial loop", ("sample", "torch", "lecture-multinomial"), ("sample", "swift", "sampler"), 100),
    ("order-5 n-grams of 100 MB, bigram counts vs collections.Counter", ("ngram-count", "counter", "counter"),
     ("ngram-count", "swift", "bigram-counts"), 1),
    ("MLP step (bigram train --model mlp, float64) vs PyTorch eager float32", ("mlp-step", "torch", "lecture-float32"),
     ("mlp-step", "swift", "train-command"), 5),
    ("MLP step vs NumPy float64", ("mlp-step", "numpy", "float64"), ("mlp-step", "swift", "train-command"), 2),
    ("MLP step vs JAX jit float32", ("mlp-step", "jax", "jit-float32"), ("mlp-step", "swift", "train-command"), 1),
]
for label, theirs, mine, goal in targets:
    if theirs in median and mine in median:
        ratio = median[theirs] / median[mine]
        print(f"  {label}: {ratio:,.1f}× (target ≥ {goal:,}×) {'met' if ratio >= goal else 'MISSED'}")
    else:
        print(f"  {label}: not measured ({theirs[1]} {theirs[0]} missing from this run)")
key = ("ngram-count", "swift", "bigram-counts")
if key in median and "corpus_bytes" in extras.get(key, {}):
    speed = extras[key]["corpus_bytes"] / median[key] / 1e6
    print(f"  bigram counts --order 5 on 100 MB: {speed:.1f} MB/s wall (target ≥ 50 MB/s) {'met' if speed >= 50 else 'MISSED'}")
PY
