//===--- SlicemapClangdMain.cpp - clangd 22 with the slicemap-* checks ----===//
//
// clangd cannot load clang-tidy plugins, so this is clangd itself - Debian's
// libclangdMain.a - with the slicemap module linked in. Two clangd functions
// are wrapped at link time (ld --wrap, see tool/CMakeLists.txt) so the checks
// run for a user who only points the editor at this binary:
//
//  * isFastTidyCheck: clangd runs only checks on its compiled-in list of
//    fast checks unless the config says FastCheckFilter: Loose or None. Ours
//    are not on that list; they are bounded per function and measured with
//    --check-tidy-time (docs/clangd.md), so we answer "fast" for them and
//    defer to clangd's list for every other check.
//  * provideDefaultChecks: with no Checks configured anywhere, clangd enables
//    a small default set; we add slicemap-* to it. Any Checks setting in a
//    .clang-tidy or .clangd file still decides, exactly as in clangd.
//
// A third wrap makes `--check=FILE` print the slicemap findings clangd
// computed (CheckModeFindings.cpp).
//
//===----------------------------------------------------------------------===//

#include "CheckRegistry.h"
#include "SlicemapTidyModule.h"
#include "SlicemapVersion.h"

#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/FunctionExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <optional>

namespace clang::clangd {
// From libclangdMain.a; its header is not installed.
int clangdMain(int argc, char **argv);
// clangd's TidyProvider (clangd/TidyProvider.h, not installed).
using TidyProvider = llvm::unique_function<void(tidy::ClangTidyOptions &,
                                                llvm::StringRef) const>;
} // namespace clang::clangd

// The linker routes clangd's calls to the __wrap_ functions; __real_ reaches
// the originals. The names are the Itanium-mangled C++ names.
extern "C" {
std::optional<bool> __real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE(
    llvm::StringRef Check);
clang::clangd::TidyProvider __real__ZN5clang6clangd20provideDefaultChecksEv();

std::optional<bool> __wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE(
    llvm::StringRef Check) {
  if (Check.starts_with("slicemap-"))
    return true;
  return __real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE(Check);
}

clang::clangd::TidyProvider __wrap__ZN5clang6clangd20provideDefaultChecksEv() {
  return [Defaults = __real__ZN5clang6clangd20provideDefaultChecksEv()](
             clang::tidy::ClangTidyOptions &Options, llvm::StringRef File) {
    const bool Unconfigured = !Options.Checks || Options.Checks->empty();
    Defaults(Options, File);
    if (Unconfigured)
      Options.Checks = Options.Checks.value_or("") + ",slicemap-*";
  };
}
}

namespace slicemap::clangd {
void enableCheckModeFindings();
} // namespace slicemap::clangd

static int SlicemapModuleAnchor =
    clang::tidy::slicemap::forceLinkSlicemapModule();

int main(int argc, char **argv) {
  for (int I = 1; I < argc; ++I)
    if (llvm::StringRef Arg = argv[I];
        Arg.consume_front("-") &&
        (Arg.consume_front("-check") || Arg.consume_front("check")) &&
        (Arg.empty() || Arg.starts_with("=")))
      slicemap::clangd::enableCheckModeFindings();
  for (int I = 1; I < argc; ++I)
    if (!std::strcmp(argv[I], "--version") ||
        !std::strcmp(argv[I], "-version")) {
      llvm::outs() << "slicemap-clangd " << SLICEMAP_VERSION
                   << ": clangd 22 with the slicemap checks:";
      for (const auto &Check : clang::tidy::slicemap::SlicemapChecks)
        llvm::outs() << " " << Check.Name;
      llvm::outs() << "\n";
      slicemap::printBuildLine(llvm::outs());
      llvm::outs().flush();
    }
  return clang::clangd::clangdMain(argc, argv);
}
