#!/usr/bin/env python3
"""The train/dev/test split of makemore parts 2-5, written as three word files.

    python3 Utilities/Reference/lecture_split.py /work/shared/data/names.txt OUTDIR

As the lecture: words = open(...).read().splitlines(); random.seed(42); random.shuffle(words);
n1 = int(0.8 * len(words)); n2 = int(0.9 * len(words)); train = words[:n1], dev = words[n1:n2],
test = words[n2:]. Writes OUTDIR/train.txt, dev.txt, test.txt (never commit them: the data
stays in /work/shared/data).
"""
import os
import random
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: lecture_split.py NAMES.TXT OUTDIR")
    words = open(sys.argv[1], encoding="utf-8").read().splitlines()
    random.seed(42)
    random.shuffle(words)
    n1 = int(0.8 * len(words))
    n2 = int(0.9 * len(words))
    os.makedirs(sys.argv[2], exist_ok=True)
    for name, part in (("train", words[:n1]), ("dev", words[n1:n2]), ("test", words[n2:])):
        with open(os.path.join(sys.argv[2], name + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(part) + "\n")
        print(name, len(part))


if __name__ == "__main__":
    main()
