//===--- SlicemapTidyModule.h - the slicemap-* clang-tidy module ----------===//
//
// Binaries that link the checks statically (slicemap-tidy, slicemap-clangd,
// slicemap-lint) must reference this anchor, or the linker drops the object
// that registers the module and no slicemap-* check exists at run time.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_SLICEMAPTIDYMODULE_H
#define SLICEMAP_CHECKS_SLICEMAPTIDYMODULE_H

namespace clang::tidy::slicemap {

extern volatile int SlicemapModuleAnchorSource;

/// Use in a binary's main TU: `static int Anchor = forceLinkSlicemapModule();`
inline int forceLinkSlicemapModule() { return SlicemapModuleAnchorSource; }

/// Names of every check the module registers, for --version banners.
inline constexpr const char *SlicemapCheckNames[] = {
    "slicemap-dangling-view",
    "slicemap-discarded-append",
    "slicemap-lost-update",
    "slicemap-nil-map-write",
    "slicemap-shared-append",
};

} // namespace clang::tidy::slicemap

#endif // SLICEMAP_CHECKS_SLICEMAPTIDYMODULE_H
