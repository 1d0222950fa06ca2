//===--- SlicemapTidyMain.cpp - clang-tidy with the slicemap-* checks -----===//

#include "SlicemapTidyModule.h"

#include "clang-tidy/tool/ClangTidyMain.h"

static int SlicemapModuleAnchor =
    clang::tidy::slicemap::forceLinkSlicemapModule();

int main(int argc, const char **argv) {
  return clang::tidy::clangTidyMain(argc, argv);
}
