//===--- SharedAppendCheck.h - slicemap-shared-append ---------------------===//

#ifndef SLICEMAP_CHECKS_SHAREDAPPENDCHECK_H
#define SLICEMAP_CHECKS_SHAREDAPPENDCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::slicemap {

/// Finds appends through a slicemap::Slice that shares its backing array
/// with another slice still in use: an append to a sub-slice `s.sub(lo, hi)`
/// that overwrites `s[hi]`, and two appends to the same unchanged slice
/// whose results are both used (the second overwrites the first's element).
///
/// For the user-facing documentation see:
/// docs/checks/slicemap-shared-append.md
class SharedAppendCheck : public ClangTidyCheck {
public:
  SharedAppendCheck(llvm::StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override {
    Reported.clear();
    Analysed.clear();
  }
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }

private:
  /// Appends already reported in this TU: a template is analysed once per
  /// instantiation and reported once.
  llvm::DenseSet<SourceLocation> Reported;
  llvm::DenseSet<const FunctionDecl *> Analysed;
};

} // namespace clang::tidy::slicemap

#endif // SLICEMAP_CHECKS_SHAREDAPPENDCHECK_H
