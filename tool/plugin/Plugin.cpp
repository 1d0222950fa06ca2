//===--- Plugin.cpp - slicemap-* checks as a clang-tidy-22 plugin ---------===//
//
//   clang-tidy-22 -load <libdir>/slicemap/SlicemapTidyPlugin.so \
//                 -checks='-*,slicemap-*' file.cpp -- -std=c++20
//
// The module registers itself from the checks library, which is linked whole
// into this shared object; clang-tidy and Clang symbols resolve against the
// host clang-tidy-22 process.
//
// `clang-tidy-22 -load <plugin> --version` also names the plugin: -load is
// handled while the command line is parsed, so loading adds a version
// printer before a later --version runs the printers.
//
//===----------------------------------------------------------------------===//

#include "CheckRegistry.h"
#include "SlicemapTidyModule.h"
#include "SlicemapVersion.h"

#include "llvm/Support/CommandLine.h"

static int SlicemapModuleAnchor =
    clang::tidy::slicemap::forceLinkSlicemapModule();

static bool registerVersionPrinter() {
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "slicemap plugin " SLICEMAP_VERSION ": the slicemap checks:";
    for (const auto &Check : clang::tidy::slicemap::SlicemapChecks)
      OS << " " << Check.Name;
    OS << "\n";
    slicemap::printBuildLine(OS);
  });
  return true;
}

static bool VersionPrinterRegistered = registerVersionPrinter();
