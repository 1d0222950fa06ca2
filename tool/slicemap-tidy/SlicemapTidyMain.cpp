//===--- SlicemapTidyMain.cpp - clang-tidy with the slicemap-* checks -----===//

#include "CheckRegistry.h"
#include "SlicemapTidyModule.h"
#include "SlicemapVersion.h"

#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/Support/CommandLine.h"

static int SlicemapModuleAnchor =
    clang::tidy::slicemap::forceLinkSlicemapModule();

int main(int argc, const char **argv) {
  // Printed after LLVM's own version lines.
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "slicemap-tidy " SLICEMAP_VERSION
          ": clang-tidy 22 with the slicemap checks:";
    for (const auto &Check : clang::tidy::slicemap::SlicemapChecks)
      OS << " " << Check.Name;
    OS << "\n";
    slicemap::printBuildLine(OS);
  });
  return clang::tidy::clangTidyMain(argc, argv);
}
