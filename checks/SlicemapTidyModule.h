//===--- SlicemapTidyModule.h - the slicemap-* clang-tidy module ----------===//
//
// Binaries that link the checks statically (slicemap-tidy, slicemap-clangd,
// slicemap-lint) must reference this anchor, or the linker drops the object
// that registers the module and no slicemap-* check exists at run time.
// The checks themselves, with their names and descriptions, are listed in
// CheckRegistry.h.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_SLICEMAPTIDYMODULE_H
#define SLICEMAP_CHECKS_SLICEMAPTIDYMODULE_H

namespace clang::tidy::slicemap {

extern volatile int SlicemapModuleAnchorSource;

/// Use in a binary's main TU: `static int Anchor = forceLinkSlicemapModule();`
inline int forceLinkSlicemapModule() { return SlicemapModuleAnchorSource; }

} // namespace clang::tidy::slicemap

#endif // SLICEMAP_CHECKS_SLICEMAPTIDYMODULE_H
