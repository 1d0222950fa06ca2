//===--- NilMapWriteCheck.h - slicemap-nil-map-write ----------------------===//

#ifndef SLICEMAP_CHECKS_NILMAPWRITECHECK_H
#define SLICEMAP_CHECKS_NILMAPWRITECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::slicemap {

/// Finds writes (set, operator[]) to a slicemap::Map that is nil on every
/// path, or on some path, to the write: the write panics with Go's
/// "assignment to entry in nil map".
///
/// For the user-facing documentation see:
/// docs/checks/slicemap-nil-map-write.md
class NilMapWriteCheck : public ClangTidyCheck {
public:
  NilMapWriteCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override {
    Reported.clear();
    Analysed.clear();
    NeverMade.clear();
  }
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }

private:
  /// Report writes on paths where the map may be nil (not only on all).
  const bool WarnOnMaybeNil;
  /// Analysis budget: functions with more CFG blocks are skipped.
  const unsigned MaxBlocks;
  /// Writes already reported in this TU (templates are analysed once per
  /// instantiation).
  llvm::DenseSet<SourceLocation> Reported;
  /// Functions already analysed in this TU (one match per write).
  llvm::DenseSet<const FunctionDecl *> Analysed;
  /// Per class: its Map members that no constructor or method makes.
  llvm::DenseMap<const CXXRecordDecl *, llvm::SmallVector<const FieldDecl *, 2>>
      NeverMade;
};

} // namespace clang::tidy::slicemap

#endif // SLICEMAP_CHECKS_NILMAPWRITECHECK_H
