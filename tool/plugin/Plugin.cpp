//===--- Plugin.cpp - slicemap-* checks as a clang-tidy-22 plugin ---------===//
//
//   clang-tidy-22 -load <libdir>/slicemap/SlicemapTidyPlugin.so \
//                 -checks='-*,slicemap-*' file.cpp -- -std=c++20
//
// The module registers itself from the checks library, which is linked whole
// into this shared object; clang-tidy and Clang symbols resolve against the
// host clang-tidy-22 process. Nothing else is needed here.
//
//===----------------------------------------------------------------------===//

#include "SlicemapTidyModule.h"

static int SlicemapModuleAnchor =
    clang::tidy::slicemap::forceLinkSlicemapModule();
