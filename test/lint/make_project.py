#!/usr/bin/env python3
"""Copies the fixture project (Inputs/project) to DEST and writes
DEST/build/compile_commands.json for its sources, with absolute paths.
Used by the slicemap-lint lit tests.

  make_project.py DEST --runtime-include DIR [--only NAME ...] [--with-broken]
                  [--relative] [--ext-dir DIR] [--compiler NAME] [--flag=FLAG ...]
                  [--vendored NAME ...]

Every source is copied; the database lists all of them unless --only names
some. Each source parses the runtime headers (about a second of CPU), so a
test lists only the sources whose findings or behaviour it checks.
"""

import argparse
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = ["alpha.cpp", "beta.cpp", "clean.cpp", "nolint.cpp"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dest")
    parser.add_argument("--runtime-include", required=True)
    parser.add_argument("--only", action="append", default=[], choices=SOURCES, metavar="NAME",
                        help="list only these sources (repeatable; default: all of "
                        + ", ".join(SOURCES) + ")")
    parser.add_argument("--with-broken", action="store_true",
                        help="also list src/broken.cpp, which does not compile")
    parser.add_argument("--ext-dir",
                        help="copy Inputs/ext/ext.h to this directory outside the project, "
                        "add it to the include path and add the TU src/ext_user.cpp")
    parser.add_argument("--relative", action="store_true",
                        help="'file' relative to 'directory', and 'command' strings")
    parser.add_argument("--compiler", default="clang++-22",
                        help="the compiler the commands name (e.g. g++)")
    parser.add_argument("--flag", action="append", default=[],
                        help="an argument put first in every command (--flag=-Werror)")
    parser.add_argument("--vendored", action="append", default=[],
                        help="move this source to src/vendor/ (a folder of its own)")
    args = parser.parse_args()

    dest = os.path.abspath(args.dest)
    if os.path.exists(dest):
        shutil.rmtree(dest)
    shutil.copytree(os.path.join(HERE, "Inputs", "project"), dest)
    build = os.path.join(dest, "build")
    os.makedirs(build)
    sources = [name for name in SOURCES if not args.only or name in args.only]
    sources += ["broken.cpp"] if args.with_broken else []
    for name in args.vendored:
        if name not in sources:
            parser.error("--vendored %s: not among the listed sources" % name)
    if args.vendored:
        os.makedirs(os.path.join(dest, "src", "vendor"))
    for name in args.vendored:
        os.rename(os.path.join(dest, "src", name), os.path.join(dest, "src", "vendor", name))
        sources[sources.index(name)] = os.path.join("vendor", name)
    extra = []
    if args.ext_dir:
        ext = os.path.abspath(args.ext_dir)
        os.makedirs(ext, exist_ok=True)
        shutil.copy(os.path.join(HERE, "Inputs", "ext", "ext.h"), ext)
        shutil.copy(os.path.join(HERE, "Inputs", "ext", "ext_user.cpp"),
                    os.path.join(dest, "src"))
        sources.append("ext_user.cpp")
        extra = ["-I" + ext]
    entries = []
    for name in sources:
        path = os.path.join(dest, "src", name)
        flags = args.flag + ["-std=c++20", "-I" + os.path.join(dest, "include"),
                 "-I" + args.runtime_include] + extra + ["-c"]
        if args.relative:
            file = os.path.join("..", "src", name)
            entries.append({"directory": build, "file": file,
                            "command": " ".join([args.compiler] + flags + [file])})
        else:
            entries.append({"directory": build, "file": path,
                            "arguments": [args.compiler] + flags + [path]})
    with open(os.path.join(build, "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=2)


if __name__ == "__main__":
    main()
