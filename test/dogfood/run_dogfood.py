#!/usr/bin/env python3
"""Runs all slicemap-* checks over every project source in the build's
compile database, through each front door; fails on any warning, error or
crash. Used by test/dogfood/project-sources.test.

A file built in several configurations (the runtime tests: plain and
sanitized) has several compile commands, and clang-tidy given the whole
database runs every one of them. Each door gets a database of its own in
--work-dir with one command per file instead, the doors taking turns over a
file's commands: no door analyses a file twice, and the doors together still
cover each configuration of a sampled file (slicemap-lint covers them all)."""

import argparse
import concurrent.futures
import json
import os
import shlex
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--frontend", action="append", required=True, help="name=command")
    parser.add_argument("--work-dir", required=True,
                        help="where each door's one-command-per-file database goes")
    parser.add_argument("-j", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sample", type=int, default=0,
                        help="the files under test/ (code using the runtime's types) and N "
                        "others, spread evenly over the sorted list (0: all)")
    args = parser.parse_args()

    database = os.path.join(args.build_dir, "compile_commands.json")
    try:
        with open(database) as f:
            entries = json.load(f)
    except (OSError, ValueError) as error:
        sys.exit("run_dogfood: cannot read %s: %s" % (database, error))
    source_dir = os.path.realpath(args.source_dir)
    build_dir = os.path.realpath(args.build_dir)
    commands = {}
    for entry in entries:
        path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
        commands.setdefault(path, []).append(entry)
    files = sorted(f for f in commands if f.startswith(source_dir + os.sep)
                   and not f.startswith(build_dir + os.sep))
    if not files:
        sys.exit("run_dogfood: no project sources in " + database)

    if args.sample > 0:
        tests = os.path.join(source_dir, "test") + os.sep
        others = [f for f in files if not f.startswith(tests)]
        if args.sample < len(others):
            step = len(others) / args.sample
            others = [others[int(i * step)] for i in range(args.sample)]
        files = sorted(others + [f for f in files if f.startswith(tests)])

    jobs = []
    for turn, frontend in enumerate(args.frontend):
        name, _, command = frontend.partition("=")
        database_dir = os.path.join(args.work_dir, "door%d" % turn)
        os.makedirs(database_dir, exist_ok=True)
        with open(os.path.join(database_dir, "compile_commands.json"), "w") as f:
            json.dump([dict(commands[path][turn % len(commands[path])], file=path)
                       for path in files], f, indent=1)
        for path in files:
            jobs.append((name, path, shlex.split(command) + [
                "-p", database_dir, "--checks=-*,slicemap-*", "--warnings-as-errors=*",
                "-config={}", "--quiet", path]))

    def run(job):
        name, path, command = job
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, errors="replace")
        bad = (result.returncode != 0 or "warning:" in result.stdout
               or "error:" in result.stdout)
        return name, path, bad, result

    failures = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
        for name, path, bad, result in pool.map(run, jobs):
            status = "FAIL" if bad else "ok"
            print("%-4s [%s] %s" % (status, name, os.path.relpath(path, source_dir)))
            if bad:
                failures += 1
                print(result.stdout)
    print("dogfood: %d files x %d front doors, %d failed"
          % (len(files), len(args.frontend), failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
