"""Writes one generated section of docs/performance.md, keeping the others.

Each benchmark script owns the text between `<!-- NAME:begin -->` and
`<!-- NAME:end -->`; a missing section is appended."""

import os

HEADER = ("# Performance\n\nMeasured, never asserted: every number here comes from a "
          "script in this repository, with peers measured in the same run.\n")


def write_section(doc, name, body):
    begin, end = "<!-- %s:begin -->" % name, "<!-- %s:end -->" % name
    block = "%s\n%s\n%s\n" % (begin, body.strip("\n"), end)
    text = HEADER
    if os.path.exists(doc):
        with open(doc) as f:
            text = f.read()
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    with open(doc, "w") as f:
        f.write(text)
