//===--- SlicemapLintMain.cpp - slicemap-lint: the checks over a project --===//
//
// A thin main: the command line, the parallel run and the reports live in
// the slicemapLint library (tool/lint).
//
//===----------------------------------------------------------------------===//

#include "Lint.h"
#include "SlicemapTidyModule.h"

#include "llvm/Support/InitLLVM.h"

static int SlicemapModuleAnchor =
    clang::tidy::slicemap::forceLinkSlicemapModule();

int main(int argc, const char **argv) {
  llvm::InitLLVM X(argc, argv);
  return slicemap::lint::lintMain(argc, argv);
}
