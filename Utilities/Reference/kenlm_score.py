"""Scores a word list with KenLM's Python module (`pip install kenlm`) under an ARPA model.

Usage: python3 Utilities/Reference/kenlm_score.py MODEL.arpa ORDER WORDS.txt
Prints the mean NLL in nats over the events (each character and each word end) and the event count.

Each word is the token sequence <s>^(ORDER−1) c1 … cn </s>, as `bigram counts` pads it. KenLM's own
sentence start holds one <s>; the other ORDER−2 are fed through BaseScore (their score, P(<s>), is
not an event and is dropped) so that KenLM's state holds the same padded context. Only KenLM's
probabilities are used: nothing here computes a model.
"""

import math
import sys

import kenlm


def main():
    path, order, words = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    model = kenlm.Model(path)
    assert model.order == order, f"the ARPA file has order {model.order}, expected {order}"
    total, events = 0.0, 0
    with open(words, encoding="utf-8") as f:
        for line in f:
            word = line.strip()
            if not word:
                continue
            state = kenlm.State()
            model.BeginSentenceWrite(state)
            for _ in range(order - 2):
                after = kenlm.State()
                model.BaseScore(state, "<s>", after)
                state = after
            for token in list(word) + ["</s>"]:
                after = kenlm.State()
                total += model.BaseScore(state, token, after)
                state = after
                events += 1
    print(repr(-total * math.log(10) / events), events)


if __name__ == "__main__":
    main()
