//===--- DiscardedAppendCheck.h - slicemap-discarded-append ---------------===//

#ifndef SLICEMAP_CHECKS_DISCARDEDAPPENDCHECK_H
#define SLICEMAP_CHECKS_DISCARDEDAPPENDCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <optional>

#include <string>
#include <vector>

namespace clang::tidy::slicemap {

/// Finds calls to slicemap::append / append_slice (and configured append-like
/// functions) whose result - the grown slice - is discarded.
///
/// For the user-facing documentation see:
/// docs/checks/slicemap-discarded-append.md
class DiscardedAppendCheck : public ClangTidyCheck {
public:
  DiscardedAppendCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override {
    Reported.clear();
    ValueStatements.clear();
  }
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }

private:
  void diagnose(const CallExpr *Call,
                const ast_matchers::MatchFinder::MatchResult &Result);

  /// The AppendFunctions option as written (semicolon-separated).
  const std::string ExtraAppendFunctions;
  /// The runtime's append functions followed by the configured ones.
  std::vector<std::string> AppendFunctionNames;
  /// Their unqualified names: a cheap test before the matcher.
  llvm::StringSet<> AppendIdentifiers;
  bool mayBeAppend(const CallExpr &Call) const;
  /// Calls already diagnosed in this TU: a call in a template is seen in its
  /// definition and in each instantiation, and is reported once.
  llvm::DenseSet<SourceLocation> Reported;
  /// Last statements of GNU statement expressions: their value is used.
  llvm::DenseSet<const Stmt *> ValueStatements;
  /// A call of one of the append functions (built in registerMatchers).
  std::optional<ast_matchers::StatementMatcher> AppendCall;
};

} // namespace clang::tidy::slicemap

#endif // SLICEMAP_CHECKS_DISCARDEDAPPENDCHECK_H
