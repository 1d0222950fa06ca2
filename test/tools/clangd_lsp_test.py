#!/usr/bin/env python3
"""Drives slicemap-clangd over LSP: our diagnostic is published with the
right range, code and source; the fix is offered as a quick fix; broken and
half-typed edits still get answers; a user's own configuration wins."""

import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import lsp  # noqa: E402

SOURCE = """#include <slicemap/slice.hpp>

void grow(slicemap::Slice<int> s) {
  append(s, 1);
}
"""


# One finding for each check: all of them run in the editor by default.
EVERY_CHECK = """#include <map>
#include <slicemap/map.hpp>
#include <slicemap/slice.hpp>
#include <vector>

void all(std::map<int, std::vector<int>> &table, std::vector<int> &v,
         slicemap::Slice<int> s) {
  slicemap::append(s, 1);
  auto copy = table[1];
  copy.push_back(1);
  int *p = v.data();
  v.push_back(2);
  (void)*p;
  slicemap::Map<int, int> m;
  m.set(1, 1);
  auto t = slicemap::append(s.sub(0, 1), 3);
  (void)s.len();
  (void)t.len();
}
"""
ALL_CHECKS = {"slicemap-dangling-view", "slicemap-discarded-append", "slicemap-lost-update",
              "slicemap-nil-map-write", "slicemap-shared-append"}


def check(condition, message):
    if not condition:
        sys.exit("FAIL: " + message)


def project(root, runtime_include, extra_files=None):
    with open(os.path.join(root, "compile_flags.txt"), "w") as f:
        f.write("-std=c++20\n-I%s\n" % runtime_include)
    for name, text in (extra_files or {}).items():
        with open(os.path.join(root, name), "w") as f:
            f.write(text)
    path = os.path.join(root, "grow.cpp")
    with open(path, "w") as f:
        f.write(SOURCE)
    return path


def start(clangd, root):
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(root, "xdg"))  # no user config
    client = lsp.Client([clangd, "--log=error", "--background-index=false"], cwd=root, env=env)
    client.initialize(root)
    return client


def open_file(client, path, text, version=1):
    uri = "file://" + path
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": version, "text": text}})
    return uri


def ours(diagnostics):
    return [d for d in diagnostics if d.get("code") == "slicemap-discarded-append"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clangd", required=True)
    parser.add_argument("--runtime-include", required=True)
    args = parser.parse_args()

    root = tempfile.mkdtemp(prefix="slicemap-clangd-")
    try:
        # 1. Default setup: the check runs, with range, code, source and fix.
        path = project(root, args.runtime_include)
        client = start(args.clangd, root)
        uri = open_file(client, path, SOURCE)
        diagnostics = client.diagnostics(uri)
        found = ours(diagnostics)
        check(len(found) == 1, "expected one slicemap diagnostic, got %s" % diagnostics)
        diag = found[0]
        check(diag["source"] == "clang-tidy", "source: %s" % diag)
        check(diag["range"]["start"] == {"line": 3, "character": 2}, "range: %s" % diag)
        check(diag["severity"] == 2, "severity: %s" % diag)
        check("returns the grown slice" in diag["message"], "message: %s" % diag)
        print("ok: diagnostic", diag["range"], diag["code"])

        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": diag["range"],
            "context": {"diagnostics": [diag], "only": ["quickfix"]}})
        edits = [edit for action in actions or []
                 for edit in action.get("edit", {}).get("changes", {}).get(uri, [])]
        check(any(edit["newText"] == "s = " and edit["range"]["start"] == {"line": 3, "character": 2}
                  for edit in edits), "no 's = ' quick fix in %s" % actions)
        print("ok: quick fix offered")

        # 1b. Every check runs by default, and each survives half-typed code.
        every = os.path.join(root, "every.cpp")
        with open(every, "w") as f:
            f.write(EVERY_CHECK)
        every_uri = open_file(client, every, EVERY_CHECK)
        codes = sorted(d.get("code") for d in client.diagnostics(every_uri, timeout=60)
                       if str(d.get("code", "")).startswith("slicemap-"))
        check(codes == sorted(ALL_CHECKS), "expected one finding per check, got %s" % codes)
        print("ok: every check reports in the editor:", " ".join(codes))
        for version, cut in enumerate(range(len(EVERY_CHECK) - 5, 120, -41), start=2):
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": every_uri, "version": version},
                "contentChanges": [{"text": EVERY_CHECK[:cut]}]})
            client.diagnostics(every_uri, version=version, timeout=60)
        print("ok: half-typed versions of it answered")

        # 2. Keystroke-sized edits that break the file: answers keep coming.
        text = SOURCE
        for version, cut in enumerate(range(len(SOURCE) - 3, len(SOURCE) - 40, -3), start=2):
            text = SOURCE[:cut]
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}]})
            client.diagnostics(uri, version=version, timeout=60)
        hover = client.request("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": 2, "character": 6}})
        check(hover is not None, "hover after broken edits returned nothing")
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 100}, "contentChanges": [{"text": SOURCE}]})
        check(len(ours(client.diagnostics(uri, version=100))) == 1,
              "diagnostic not back after the file was repaired")
        print("ok: broken edits answered, diagnostic back after repair")
        check(client.shutdown() == 0, "clangd did not exit cleanly")

        # 3. The user's configuration wins: a .clang-tidy Checks list without
        #    slicemap-* turns it off; a .clangd Remove does too.
        for name, text in [(".clang-tidy", "Checks: '-*,bugprone-unused-return-value'\n"),
                           (".clangd", "Diagnostics:\n  ClangTidy:\n    Remove: slicemap-*\n")]:
            case = tempfile.mkdtemp(dir=root)
            path = project(case, args.runtime_include, {name: text})
            client = start(args.clangd, case)
            uri = open_file(client, path, SOURCE)
            check(not ours(client.diagnostics(uri)), "%s did not disable the check" % name)
            client.shutdown()
            print("ok: %s wins" % name)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
