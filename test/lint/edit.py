#!/usr/bin/env python3
"""Edits a file in place for the slicemap-lint tests: --prepend LINE adds a
line at the top (repeatable, in order); --replace OLD NEW replaces exactly
one occurrence of OLD ('\\n' in NEW is a newline); fails if OLD is not found
exactly once."""

import argparse
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--prepend", action="append", default=[])
    parser.add_argument("--replace", nargs=2, action="append", default=[])
    args = parser.parse_args()
    with open(args.file) as f:
        text = f.read()
    for old, new in args.replace:
        if text.count(old) != 1:
            sys.exit("edit.py: %r occurs %d times in %s" % (old, text.count(old), args.file))
        text = text.replace(old, new.replace("\\n", "\n"))
    text = "".join(line + "\n" for line in args.prepend) + text
    with open(args.file, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
