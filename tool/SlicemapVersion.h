//===--- SlicemapVersion.h - what every front door's --version says -------===//
//
// One version for the whole project: project(slicemap VERSION ...) in the top
// CMakeLists.txt, passed to every tool as SLICEMAP_VERSION. Each door also
// names the LLVM it was compiled against, because a door only works with the
// same LLVM at run time (a plugin built for 22.1.x inside another clang-tidy
// crashes), so a bug report needs both numbers.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_TOOL_SLICEMAPVERSION_H
#define SLICEMAP_TOOL_SLICEMAPVERSION_H

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/raw_ostream.h"

#ifndef SLICEMAP_VERSION
#error "SLICEMAP_VERSION comes from tool/CMakeLists.txt (project VERSION)"
#endif

namespace slicemap {

/// The line every door prints under its own --version line.
inline void printBuildLine(llvm::raw_ostream &OS) {
  OS << "  slicemap " SLICEMAP_VERSION " built for LLVM " LLVM_VERSION_STRING
        "\n";
}

} // namespace slicemap

#endif // SLICEMAP_TOOL_SLICEMAPVERSION_H
