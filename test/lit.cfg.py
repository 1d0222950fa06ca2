# lit configuration for slicemap's check and tool tests.
# Run through ctest, or directly: lit -sv build/test
import os
import shlex
import shutil
import sys

import lit.formats

config.name = "slicemap"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.slicemap_binary_dir, "test")
# GoogleTest sources and fixture inputs are not lit tests.
config.excludes = ["runtime", "Inputs", "CMakeLists.txt", "check_clang_tidy.py"]

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
# The tests are hermetic: no .clang-tidy or compile database from outside.
for var in ("CLANG_TIDY_CONFIG",):
    config.environment.pop(var, None)

plugin_tidy = "%s -load %s" % (config.clang_tidy, config.slicemap_plugin)
frontends = {
    "plugin": plugin_tidy,
    "slicemap-tidy": config.slicemap_tidy,
}
check_clang_tidy = [sys.executable, os.path.join(config.test_source_root, "check_clang_tidy.py"),
                    "--filecheck", config.filecheck,
                    "--default-arg=-std=c++20",
                    "--default-arg=-I" + config.runtime_include_dir]
for name, command in frontends.items():
    check_clang_tidy.append("--frontend=%s=%s" % (name, command))

config.substitutions.append(("%check_clang_tidy", shlex.join(check_clang_tidy)))
config.substitutions.append(("%clang_tidy_plugin", plugin_tidy))
config.substitutions.append(("%slicemap_clangd", config.slicemap_clangd))
config.substitutions.append(("%slicemap_tidy", config.slicemap_tidy))
config.substitutions.append(("%slicemap_lint", config.slicemap_lint))
config.substitutions.append(("%runtime_include", config.runtime_include_dir))
config.substitutions.append(("%runtime_noexceptions", config.runtime_noexceptions))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%build_dir", config.slicemap_binary_dir))
config.substitutions.append(("%source_dir", config.slicemap_source_dir))
config.substitutions.append(("%slicemap_version", config.slicemap_version))
config.substitutions.append(("%llvm_version", config.llvm_version))

# Optional tools: tests that need one say REQUIRES and are reported
# UNSUPPORTED without it (the packaging tests, docs/ci/'s pre-commit recipe).
for tool in ("curl", "dpkg-deb", "git", "jq", "pre-commit"):
    if shutil.which(tool):
        config.available_features.add(tool)
try:
    import yaml  # noqa: F401  (Debian's python3-yaml)
    config.available_features.add("python-yaml")
except ImportError:
    pass
