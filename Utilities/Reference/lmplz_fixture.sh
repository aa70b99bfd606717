#!/usr/bin/env bash
# Writes Utilities/Reference/golden/lmplz-3.arpa: a real KenLM `lmplz` model over space-separated
# characters, for the tests that read an ARPA file made by another tool (ARPAModelTests, KenLMTests).
#
#   Utilities/Reference/lmplz_fixture.sh PATH/TO/lmplz
#
# lmplz comes with KenLM's sources (the `kenlm` sdist on PyPI has them: cmake, Boost program_options,
# system, thread and test, zlib; `make lmplz`). The input is every 8th built-in name (486 names), one
# per line, its characters separated by spaces; order 3, --discount_fallback for this small corpus.
set -euo pipefail
lmplz="${1:?usage: $0 PATH/TO/lmplz}"
cd "$(dirname "$0")/../.."
python3 - <<'PY' >/tmp/lmplz-input.txt
import re
source = open("Sources/CharLM/Corpus/BuiltInNames.swift", encoding="utf-8").read()
text = re.search(r'public static let text = """\n(.*?)\n    """', source, re.S).group(1)
words = [line.strip() for line in text.split("\n") if line.strip()][::8]
print("\n".join(" ".join(word) for word in words))
PY
"$lmplz" -o 3 --discount_fallback -S 100M -T /tmp </tmp/lmplz-input.txt >Utilities/Reference/golden/lmplz-3.arpa
