"""Checks the built-in corpus in Sources/CharLM/Corpus/BuiltInNames.swift against its rules.

Usage (from the repo root): python3 Utilities/Reference/check_builtin_names.py [../shared/data/names.txt]
Rules: lowercase a–z only, 2–15 letters, one name per line, no blank lines, no duplicates, sorted,
2,500–4,000 names, and the count in the doc comment is the true count. Reports the overlap with
names.txt (expected for common names) and fails loudly if a rule is broken.
"""

import re

from reference_common import REPO_ROOT, check, data_path, read_words

SWIFT_FILE = REPO_ROOT / "Sources" / "CharLM" / "Corpus" / "BuiltInNames.swift"
INDENT = "    "


def literal_lines(source):
    """The lines of the `text` multi-line literal, with the closing delimiter's indentation removed."""
    match = re.search(r'public static let text = """\n(.*?)\n' + INDENT + '"""', source, re.DOTALL)
    check(match is not None, f"no `public static let text = \"\"\"` literal closed at '{INDENT}\"\"\"' in {SWIFT_FILE}")
    lines = match.group(1).split("\n")
    for number, line in enumerate(lines, 1):
        check(line.startswith(INDENT), f"literal line {number} {line!r} is not indented by {len(INDENT)} spaces")
    return [line[len(INDENT) :] for line in lines]


def main():
    source = SWIFT_FILE.read_text(encoding="utf-8")
    names = literal_lines(source)
    for number, name in enumerate(names, 1):
        check(re.fullmatch(r"[a-z]{2,15}", name) is not None, f"line {number}: {name!r} is not 2–15 letters a–z")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    check(not duplicates, f"duplicate names: {duplicates}")
    check(names == sorted(names), "names are not in sorted order")
    check(2500 <= len(names) <= 4000, f"{len(names)} names, expected 2,500–4,000")
    stated = re.search(r"/// About ([\d,]+) common given names", source)
    check(stated is not None and int(stated.group(1).replace(",", "")) == len(names),
          f"the doc comment's count does not say {len(names):,}")

    corpus, _ = read_words(data_path())
    overlap = set(names) & set(corpus)
    lengths = [len(n) for n in names]
    print(f"{SWIFT_FILE.relative_to(REPO_ROOT)}: {len(names)} names, all rules hold")
    print(f"  lengths {min(lengths)}–{max(lengths)}, mean {sum(lengths) / len(names):.2f}; "
          f"characters used: {''.join(sorted(set(''.join(names))))}")
    print(f"  {len(overlap)} of them ({len(overlap) / len(names):.1%}) also appear in {data_path()}")


if __name__ == "__main__":
    main()
