//===--- SlicemapTidyModule.cpp - the slicemap-* clang-tidy module --------===//

#include "SlicemapTidyModule.h"

#include "DanglingViewCheck.h"
#include "DiscardedAppendCheck.h"
#include "LostUpdateCheck.h"
#include "NilMapWriteCheck.h"
#include "SharedAppendCheck.h"

#include "clang-tidy/ClangTidyModule.h"

namespace clang::tidy::slicemap {

namespace {

class SlicemapModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<DanglingViewCheck>("slicemap-dangling-view");
    Factories.registerCheck<DiscardedAppendCheck>("slicemap-discarded-append");
    Factories.registerCheck<LostUpdateCheck>("slicemap-lost-update");
    Factories.registerCheck<NilMapWriteCheck>("slicemap-nil-map-write");
    Factories.registerCheck<SharedAppendCheck>("slicemap-shared-append");
  }
};

} // namespace

static ClangTidyModuleRegistry::Add<SlicemapModule>
    Registration("slicemap-module",
                 "Go-style slice and map bugs: slicemap-* checks.");

volatile int SlicemapModuleAnchorSource = 0;

} // namespace clang::tidy::slicemap
