//===--- SlicemapTidyModule.cpp - the slicemap-* clang-tidy module --------===//
//
// Registers every check of the registry (CheckRegistry.h); a check's class
// comes from its header, included here.
//
//===----------------------------------------------------------------------===//

#include "SlicemapTidyModule.h"

#include "CheckRegistry.h"
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
#define SLICEMAP_REGISTER_CHECK(Name, Class, Summary, Description)             \
  Factories.registerCheck<Class>(Name);
    SLICEMAP_CHECKS(SLICEMAP_REGISTER_CHECK)
#undef SLICEMAP_REGISTER_CHECK
  }
};

} // namespace

static ClangTidyModuleRegistry::Add<SlicemapModule>
    Registration("slicemap-module",
                 "Go-style slice and map bugs: slicemap-* checks.");

volatile int SlicemapModuleAnchorSource = 0;

} // namespace clang::tidy::slicemap
