#!/usr/bin/env python3
"""Exact reference values for Tests/AutodiffTests/MicrogradTests.swift.

Evaluates micrograd's two test expressions (karpathy/micrograd, test/test_engine.py:
test_sanity_check and test_more_ops) in exact rational arithmetic with forward-mode dual
numbers, an approach independent of the reverse-mode tape under test. Both expressions use
only +, -, *, /, integer powers and relu, so Fractions are exact; each figure is printed
as the exact fraction and as the nearest double.

Run: python3 Utilities/Reference/autodiff_micrograd_expressions.py
"""
from fractions import Fraction


class Dual:
    """A value with its exact partial derivatives with respect to each input."""

    def __init__(self, value, partials):
        self.value = Fraction(value)
        self.partials = [Fraction(p) for p in partials]

    @staticmethod
    def lift(other, n):
        return other if isinstance(other, Dual) else Dual(other, [0] * n)

    def __add__(self, other):
        other = Dual.lift(other, len(self.partials))
        return Dual(self.value + other.value, [p + q for p, q in zip(self.partials, other.partials)])

    __radd__ = __add__

    def __neg__(self):
        return Dual(-self.value, [-p for p in self.partials])

    def __sub__(self, other):
        return self + (-Dual.lift(other, len(self.partials)))

    def __rsub__(self, other):
        return Dual.lift(other, len(self.partials)) - self

    def __mul__(self, other):
        other = Dual.lift(other, len(self.partials))
        return Dual(
            self.value * other.value,
            [p * other.value + self.value * q for p, q in zip(self.partials, other.partials)],
        )

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = Dual.lift(other, len(self.partials))
        v = other.value
        return Dual(
            self.value / v,
            [(p * v - self.value * q) / (v * v) for p, q in zip(self.partials, other.partials)],
        )

    def __rtruediv__(self, other):
        return Dual.lift(other, len(self.partials)) / self

    def __pow__(self, n):
        assert isinstance(n, int)
        return Dual(self.value**n, [n * self.value ** (n - 1) * p for p in self.partials])

    def relu(self):
        if self.value > 0:
            return self
        return Dual(0, [0] * len(self.partials))


def show(name, x):
    print(f"{name} = {float(x)!r}   (exact {x})")


def sanity_check():
    x = Dual(-4, [1])
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    show("sanity y", y.value)
    show("sanity dy/dx", y.partials[0])


def more_ops():
    a = Dual(-4, [1, 0])
    b = Dual(2, [0, 1])
    c = a + b
    d = a * b + b**3
    c = c + (c + 1)
    c = c + (1 + c + (-a))
    d = d + (d * 2 + (b + a).relu())
    d = d + (3 * d + (b - a).relu())
    e = c - d
    f = e**2
    g = f / 2
    g = g + 10 / f
    show("more_ops g", g.value)
    show("more_ops dg/da", g.partials[0])
    show("more_ops dg/db", g.partials[1])


if __name__ == "__main__":
    sanity_check()
    more_ops()
