#!/usr/bin/env python3
"""Reference learning-rate sequences for Tests/OptimizationTests (no PyTorch needed).

Simulates PyTorch's schedulers the way they run: a parameter group whose "lr" each scheduler
rewrites in place on every step() with its *chainable* (recursive) rule as documented in
torch/optim/lr_scheduler.py, SequentialLR's hand-over at a milestone, OneCycleLR's phases and
ReduceLROnPlateau's counters. The Swift code uses the closed forms instead, so the two are
independent derivations; this script also checks its recursions against the documented closed
forms before writing anything.

Writes golden/schedules.json: a list of cases, each with the schedule kind, its parameters and
rates[k] = get_last_lr() after k scheduler steps (rates[0] is the initial rate). Plateau cases also
carry the losses fed to step(), one per step.

Run from anywhere:  python3 Utilities/Reference/schedules.py
"""

import json
import math
import pathlib

import numpy as np


class Group:
    """The one parameter group a scheduler edits (PyTorch's optimizer.param_groups[0])."""

    def __init__(self, lr):
        self.lr = lr
        self.initial_lr = lr


class Chainable:
    """Base of the epoch-counting schedulers: the constructor performs the initial step."""

    def __init__(self, group):
        self.group = group
        self.base_lr = group.initial_lr
        self.last_epoch = -1
        self.initial = True
        self.step()
        self.initial = False

    def step(self):
        self.last_epoch += 1
        self.group.lr = self.next_lr()

    def next_lr(self):
        raise NotImplementedError


class StepLR(Chainable):
    def __init__(self, group, step_size, gamma):
        self.step_size, self.gamma = step_size, gamma
        super().__init__(group)

    def next_lr(self):
        # Multiply by gamma whenever a multiple of step_size is reached.
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self.group.lr
        return self.group.lr * self.gamma


class ExponentialLR(Chainable):
    def __init__(self, group, gamma):
        self.gamma = gamma
        super().__init__(group)

    def next_lr(self):
        return self.group.lr if self.initial else self.group.lr * self.gamma


class LinearLR(Chainable):
    def __init__(self, group, start_factor, end_factor, total_iters):
        self.start, self.end, self.total = start_factor, end_factor, total_iters
        super().__init__(group)

    def next_lr(self):
        # lr_{k} = lr_{k-1} * (1 + (e - s) / (T s + (k - 1)(e - s))) for 1 <= k <= T.
        if self.last_epoch == 0:
            return self.group.lr * self.start
        if self.initial or self.last_epoch > self.total:
            return self.group.lr
        slope = self.end - self.start
        return self.group.lr * (1.0 + slope / (self.total * self.start + (self.last_epoch - 1) * slope))


class CosineAnnealingLR(Chainable):
    def __init__(self, group, t_max, eta_min):
        self.t_max, self.eta_min = t_max, eta_min
        super().__init__(group)

    def next_lr(self):
        # The documented recursion eta_{t+1} = eta_min + (eta_t - eta_min)
        #   * (1 + cos((t+1) pi / T)) / (1 + cos(t pi / T)), with the step just after each trough
        # (where the denominator vanishes) computed as a jump of (base - eta_min)(1 - cos(pi/T))/2.
        k, t = self.last_epoch, self.t_max
        if self.initial or k == 0:
            return self.group.lr
        if (k - 1 - t) % (2 * t) == 0:
            return self.group.lr + (self.base_lr - self.eta_min) * (1 - math.cos(math.pi / t)) / 2
        ratio = (1 + math.cos(math.pi * k / t)) / (1 + math.cos(math.pi * (k - 1) / t))
        return ratio * (self.group.lr - self.eta_min) + self.eta_min

    def closed_form_at_zero(self):
        # What SequentialLR's hand-over (step(0), closed form) sets: the base rate.
        self.last_epoch = 0
        self.group.lr = self.eta_min + (self.base_lr - self.eta_min) * (1 + math.cos(0.0)) / 2


def sequential_linear_cosine(group, start_factor, warmup, total, eta_min, steps):
    """SequentialLR([LinearLR(s, 1, W), CosineAnnealingLR(total - W, eta_min)], milestones=[W])."""
    linear = LinearLR(group, start_factor, 1.0, warmup)
    cosine = CosineAnnealingLR(group, total - warmup, eta_min)
    # SequentialLR's constructor: reset lr, undo both constructors' steps, redo the first's.
    group.lr = group.initial_lr
    linear.last_epoch -= 1
    cosine.last_epoch -= 1
    linear.initial = True
    linear.step()
    linear.initial = False
    rates = [group.lr]
    for epoch in range(1, steps + 1):
        if epoch < warmup:
            linear.step()
        elif epoch == warmup:
            cosine.closed_form_at_zero()
        else:
            cosine.step()
        rates.append(group.lr)
    return rates


def one_cycle(max_lr, total, pct_start, div_factor, final_div_factor):
    """OneCycleLR (cos, two phases) for steps 0..total, straight from its phase description."""
    initial = max_lr / div_factor
    minimum = initial / final_div_factor
    phases = [(float(pct_start * total) - 1, initial, max_lr), (total - 1, max_lr, minimum)]
    rates = []
    for k in range(total + 1):
        start_step = 0.0
        for i, (end_step, start_lr, end_lr) in enumerate(phases):
            if k <= end_step or i == len(phases) - 1:
                pct = (k - start_step) / (end_step - start_step)
                rates.append(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))
                break
            start_step = end_step
    return rates


def plateau(lr, losses, factor, patience, threshold, min_lr, eps):
    """ReduceLROnPlateau(mode='min', threshold_mode='rel', cooldown=0) fed `losses` in turn."""
    best, bad, rates = math.inf, 0, [lr]
    for loss in losses:
        if loss < best * (1.0 - threshold):
            best, bad = loss, 0
        else:
            bad += 1
        if bad > patience:
            new_lr = max(lr * factor, min_lr)
            if lr - new_lr > eps:
                lr = new_lr
            bad = 0
        rates.append(lr)
    return rates


def run(scheduler_factory, lr, steps):
    group = Group(lr)
    scheduler = scheduler_factory(group)
    rates = [group.lr]
    for _ in range(steps):
        scheduler.step()
        rates.append(group.lr)
    return rates


def check(name, rates, closed_form):
    for k, rate in enumerate(rates):
        expected = closed_form(k)
        assert abs(rate - expected) <= 1e-13 * max(1.0, abs(expected)), (name, k, rate, expected)


def cosine_closed(lr, t_max, eta_min):
    return lambda k: eta_min + (lr - eta_min) * (1 + math.cos(math.pi * k / t_max)) / 2


def warmup_cosine_closed(lr, s, warmup, total, eta_min):
    cosine = cosine_closed(lr, total - warmup, eta_min)
    return lambda k: lr * (s + (1 - s) * k / warmup) if k < warmup else cosine(k - warmup)


def plateau_losses(rng, count):
    """A loss curve with real improvements, sub-threshold wiggles and plateaus."""
    losses, value = [], 3.0
    for k in range(count):
        phase = (k // 12) % 3
        if phase == 0:
            value *= 0.97  # clear improvement
        elif phase == 1:
            value *= 1.0 - 5e-5 * rng.random()  # better, but below the 1e-4 relative threshold
        else:
            value *= 1.0 + 1e-3 * rng.random()  # worse
        losses.append(value)
    return losses


def main():
    rng = np.random.default_rng(20240607)
    cases = []

    def add(kind, parameters, rates, **extra):
        cases.append({"kind": kind, "parameters": parameters, **extra, "rates": rates})

    add("constant", {"rate": 0.1}, [0.1] * 21)

    for lr, size, gamma, steps in [(0.5, 7, 0.3, 40), (2.0, 1, 0.5, 12)]:
        rates = run(lambda g: StepLR(g, size, gamma), lr, steps)
        check("step", rates, lambda k: lr * gamma ** (k // size))
        add("step", {"initialRate": lr, "stepSize": size, "gamma": gamma}, rates)

    lr, gamma = 1.0, 0.95
    rates = run(lambda g: ExponentialLR(g, gamma), lr, 100)
    check("exponential", rates, lambda k: lr * gamma**k)
    add("exponential", {"initialRate": lr, "gamma": gamma}, rates)

    for lr, t_max, eta_min, steps in [(0.1, 50, 1e-3, 160), (1.0, 7, 0.0, 20)]:
        rates = run(lambda g: CosineAnnealingLR(g, t_max, eta_min), lr, steps)
        check("cosine", rates, cosine_closed(lr, t_max, eta_min))
        add("cosine", {"initialRate": lr, "maximumStep": t_max, "minimumRate": eta_min}, rates)

    for lr, warmup, total, eta_min, s in [(0.3, 10, 60, 0.003, 0.01), (1.0, 1, 9, 0.0, 0.25), (0.05, 25, 100, 0.0, 0.01)]:
        rates = sequential_linear_cosine(Group(lr), s, warmup, total, eta_min, total)
        check("warmupCosine", rates, warmup_cosine_closed(lr, s, warmup, total, eta_min))
        parameters = {"peakRate": lr, "warmupSteps": warmup, "totalSteps": total, "minimumRate": eta_min, "startFactor": s}
        add("warmupCosine", parameters, rates)

    for max_lr, total in [(0.4, 100), (1.0, 7), (0.1, 3), (0.01, 1000)]:
        rates = one_cycle(max_lr, total, 0.3, 25.0, 1e4)
        # The cycle ends exactly on the floor; it starts on max_lr / 25 unless phase one is empty.
        assert rates[total - 1] == max_lr / 25.0 / 1e4
        assert 0.3 * total <= 1 or abs(rates[0] - max_lr / 25.0) < 1e-15
        add("oneCycle", {"maximumRate": max_lr, "totalSteps": total}, rates)

    for lr, factor, patience, min_lr, count in [(0.1, 0.5, 2, 0.0, 72), (0.1, 0.1, 0, 0.0015, 72), (1e-7, 0.5, 1, 0.0, 72), (0.01, 0.1, 10, 0.0, 120)]:
        losses = plateau_losses(rng, count)
        rates = plateau(lr, losses, factor, patience, 1e-4, min_lr, 1e-8)
        assert len(set(rates)) > 2, "a plateau case should reduce more than once"
        parameters = {"initialRate": lr, "factor": factor, "patience": patience, "threshold": 1e-4, "minimumRate": min_lr, "epsilon": 1e-8}
        add("reduceOnPlateau", parameters, rates, losses=losses)

    out = pathlib.Path(__file__).resolve().parent / "golden" / "schedules.json"
    out.parent.mkdir(exist_ok=True)
    document = {"generator": "Utilities/Reference/schedules.py", "cases": cases}
    out.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
