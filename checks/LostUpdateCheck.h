//===--- LostUpdateCheck.h - slicemap-lost-update -------------------------===//

#ifndef SLICEMAP_CHECKS_LOSTUPDATECHECK_H
#define SLICEMAP_CHECKS_LOSTUPDATECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <string>
#include <vector>

namespace clang::tidy::slicemap {

/// Finds a local copy of a value owned elsewhere (a container element, a
/// slicemap::Map value, a by-value container parameter) that is modified and
/// then never read again: the modification dies with the copy.
///
/// For the user-facing documentation see:
/// docs/checks/slicemap-lost-update.md
class LostUpdateCheck : public ClangTidyCheck {
public:
  LostUpdateCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override {
    Reported.clear();
    Analysed.clear();
    HandleClassCache.clear();
  }
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }

  /// True for types configured as handles (HandleTypes): copies of them
  /// write to a shared object, so they are never lost updates.
  bool isConfiguredHandle(QualType Type);

private:
  /// The HandleTypes option as written (semicolon-separated).
  const std::string HandleTypesOption;
  /// Its qualified names, without a leading "::".
  std::vector<std::string> HandleTypes;
  /// Diagnostics already emitted in this TU: a template is analysed once per
  /// instantiation and reported once.
  llvm::DenseSet<SourceLocation> Reported;
  llvm::DenseSet<const FunctionDecl *> Analysed;
  llvm::DenseMap<const Decl *, bool> HandleClassCache;
};

} // namespace clang::tidy::slicemap

#endif // SLICEMAP_CHECKS_LOSTUPDATECHECK_H
