#!/usr/bin/env python3
"""Runs one clang-tidy check over a test file and verifies the result.

In the manner of LLVM's clang-tools-extra/test/clang-tidy/check_clang_tidy.py,
written for slicemap: every test runs through each configured front door (the
plugin in stock clang-tidy-22, and slicemap-tidy), and must pass in all.

Usage (from a lit RUN line, through the %check_clang_tidy substitution):

  %check_clang_tidy [options] %s <check-name> %t [-- <clang-tidy args> [-- <compiler args>]]

Options:
  -check-suffix=A,B         use CHECK-MESSAGES-A, CHECK-FIXES-A, ... (several runs per file)
  -fix-notes                apply the fix-its attached to notes too
  -expect-clang-tidy-error  the file does not compile; clang-tidy must still not crash

Directives in the test file:
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: ... [check]   warnings and errors;
        any warning or error without a directive fails the test
  // CHECK-NOTES: ...          like CHECK-MESSAGES but notes are checked as well
  // CHECK-FIXES: text          lines of the file after fix-its; every changed
        line needs one, and without any the file must stay unchanged
A file without CHECK-MESSAGES or CHECK-NOTES must produce no warning at all.
"""

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys

CHECK_COMMENT = re.compile(r"// *CHECK-[A-Z0-9\-]*:[^\r\n]*")
# Source excerpts and carets that clang prints under a diagnostic: never
# matched by CHECK lines, and may contain arbitrary text.
SNIPPET_LINE = re.compile(r"^\s*(\d+\s*)?\|")


def fail(message):
    sys.exit("check_clang_tidy: " + message)


def prefixes_for(base, suffixes):
    return [base + ("-" + s if s else "") for s in suffixes]


def has_directive(text, prefixes):
    return any(re.search(r"\b" + re.escape(p) + r":", text) for p in prefixes)


def run_filecheck(filecheck, input_file, check_file, prefixes, extra):
    command = [filecheck, "-input-file=" + input_file, check_file,
               "-check-prefixes=" + ",".join(prefixes)] + extra
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        return "FileCheck " + ",".join(prefixes) + " failed:\n" + result.stdout
    return None


def main():
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--frontend", action="append", default=[],
                        help="name=command (shell-quoted); may repeat")
    parser.add_argument("--filecheck", required=True)
    parser.add_argument("--default-arg", action="append", default=[],
                        help="compiler argument added to every run")
    parser.add_argument("-check-suffix", "-check-suffixes", dest="suffixes", default="")
    parser.add_argument("-fix-notes", action="store_true")
    parser.add_argument("-expect-clang-tidy-error", action="store_true")
    parser.add_argument("input_file")
    parser.add_argument("check_name")
    parser.add_argument("temp_file")
    argv = sys.argv[1:]
    rest = []
    if "--" in argv:
        split = argv.index("--")
        argv, rest = argv[:split], argv[split + 1:]
    args = parser.parse_args(argv)

    tidy_args, compiler_args = [], []
    if rest:
        if "--" in rest:
            split = rest.index("--")
            tidy_args, compiler_args = rest[:split], rest[split + 1:]
        else:
            tidy_args = rest
    if not args.frontend:
        fail("no --frontend given")

    suffixes = [s.strip() for s in args.suffixes.split(",")] if args.suffixes else [""]
    with open(args.input_file, encoding="utf-8") as f:
        original = f.read()
    messages_prefixes = prefixes_for("CHECK-MESSAGES", suffixes)
    notes_prefixes = prefixes_for("CHECK-NOTES", suffixes)
    fixes_prefixes = prefixes_for("CHECK-FIXES", suffixes)
    has_messages = has_directive(original, messages_prefixes)
    has_notes = has_directive(original, notes_prefixes)
    has_fixes = has_directive(original, fixes_prefixes)
    if has_messages and has_notes:
        fail("use CHECK-MESSAGES or CHECK-NOTES, not both, for one suffix")
    fix_directives = sum(len(re.findall(r"\b" + re.escape(p) + r":", original))
                         for p in fixes_prefixes)

    # Check comments become "//" so line numbers stay, and fix-its never
    # have to match the directives themselves.
    cleaned = CHECK_COMMENT.sub("//", original)
    extension = os.path.splitext(args.input_file)[1] or ".cpp"
    has_config = any(a.startswith(("-config", "--config")) for a in tidy_args)

    errors = []
    for frontend in args.frontend:
        name, _, command = frontend.partition("=")
        temp = "%s.%s%s" % (args.temp_file, name, extension)
        os.makedirs(os.path.dirname(os.path.abspath(temp)), exist_ok=True)
        with open(temp, "w", encoding="utf-8") as f:
            f.write(cleaned)
        invocation = (shlex.split(command) + [temp, "-fix-notes" if args.fix_notes else "-fix",
                                              "--checks=-*," + args.check_name]
                      + ([] if has_config else ["-config={}"]) + tidy_args
                      + ["--"] + args.default_arg + compiler_args)
        result = subprocess.run(invocation, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, errors="replace")
        output = result.stdout
        prefix = "[%s] " % name
        if result.returncode < 0 or "Stack dump" in output or "PLEASE submit" in output:
            errors.append(prefix + "crashed (exit %d):\n%s" % (result.returncode, output))
            continue
        if result.returncode != 0 and not args.expect_clang_tidy_error:
            errors.append(prefix + "exited %d:\n%s\ncommand: %s"
                          % (result.returncode, output, shlex.join(invocation)))
            continue
        if args.expect_clang_tidy_error and "error:" not in output:
            errors.append(prefix + "expected a compile error:\n" + output)
            continue

        diagnostics = "\n".join(l for l in output.splitlines()
                                 if not SNIPPET_LINE.match(l)
                                 and "note: FIX-IT applied suggested code changes" not in l)
        messages_file = temp + ".msg"
        with open(messages_file, "w", encoding="utf-8") as f:
            f.write(diagnostics + "\n")

        if has_notes:
            problem = run_filecheck(args.filecheck, messages_file, args.input_file,
                                    notes_prefixes,
                                    ["-implicit-check-not={{note|warning|error}}:"])
        elif has_messages:
            problem = run_filecheck(args.filecheck, messages_file, args.input_file,
                                    messages_prefixes,
                                    ["-implicit-check-not={{warning|error}}:"])
        else:
            unexpected = [l for l in diagnostics.splitlines()
                          if re.search(r"\b(warning|error):", l)]
            if args.expect_clang_tidy_error:
                unexpected = [l for l in unexpected if "warning:" in l]
            problem = ("expected no warnings, got:\n" + "\n".join(unexpected)) if unexpected else None
        if problem:
            errors.append(prefix + problem)

        with open(temp, encoding="utf-8") as f:
            fixed = f.read()
        changed = [l for l in difflib.ndiff(cleaned.splitlines(), fixed.splitlines())
                   if l.startswith("+ ")]
        if has_fixes:
            problem = run_filecheck(args.filecheck, temp, args.input_file, fixes_prefixes,
                                    ["-strict-whitespace"])
            if problem:
                errors.append(prefix + problem)
            elif len(changed) > fix_directives:
                errors.append(prefix + "%d lines changed but only %d CHECK-FIXES lines:\n%s"
                              % (len(changed), fix_directives, "\n".join(changed)))
        elif changed:
            errors.append(prefix + "fix-its changed the file but the test has no CHECK-FIXES:\n"
                          + "\n".join(changed))
        if changed and not args.expect_clang_tidy_error:
            # A fix-it must leave code that still compiles.
            recheck = subprocess.run(shlex.split(command) + [temp, "--checks=-*", "--allow-no-checks",
                                                              "-config={}", "--"]
                                     + args.default_arg + compiler_args,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     errors="replace")
            if recheck.returncode != 0:
                errors.append(prefix + "the fixed file does not compile:\n" + recheck.stdout)

    if errors:
        fail("\n\n".join(errors))


if __name__ == "__main__":
    main()
