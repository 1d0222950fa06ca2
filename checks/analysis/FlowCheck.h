//===--- FlowCheck.h - the base of every flow-sensitive check -------------===//
//
// A flow check analyses one function definition at a time: every definition
// outside system headers, lambda bodies and template instantiations included
// (each its own function, analysed once; no matcher climbs to the enclosing
// function, which would build the TU's parent map). This base owns what they
// all do first - the matcher, the editor guards, one analysis per function,
// one report per location, the work budget and its option - so that a
// check's own code is its analysis and its diagnostics.
//
// Options every flow check reads (locally, `slicemap-<check>.Option`, or
// globally, `Option`):
//   AnalysisBudget  work units per function (WorkBudget::DefaultLimit); when
//                   they run out, the findings of the paths completed are
//                   reported and a remark names the function cut short.
//   MaxBlocks       deprecated alias: AnalysisBudget = MaxBlocks * 2000.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_ANALYSIS_FLOWCHECK_H
#define SLICEMAP_CHECKS_ANALYSIS_FLOWCHECK_H

#include "analysis/Engine.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang {
class FunctionDecl;
class Stmt;

namespace tidy::slicemap::analysis {

/// The message a cut-short remark starts with (slicemap-lint counts them).
inline constexpr llvm::StringLiteral CutShortPrefix =
    "analysis budget ran out in '";

class FlowCheck : public ClangTidyCheck {
public:
  FlowCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) final;
  void onStartOfTranslationUnit() final;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }

protected:
  /// Analyses one function definition with a body (an instantiation, not a
  /// dependent template; no errors in the TU). For a coroutine, \p Body is
  /// the body the user wrote, without the promise and the suspend points the
  /// compiler wraps around it - and only if analysesCoroutines().
  virtual void analyse(const FunctionDecl &Function, Stmt &Body,
                       ASTContext &Context) = 0;
  /// True when the check's analysis holds in a coroutine body too: its facts
  /// are about objects the body names, which a suspension (`co_await`,
  /// `co_yield`) keeps alive in the coroutine frame.
  virtual bool analysesCoroutines() const { return false; }
  /// Forgets what the check cached for the previous TU.
  virtual void startTranslationUnit() {}

  /// A fresh budget for one function's analyses.
  WorkBudget budget() const { return WorkBudget(BudgetLimit); }
  /// True the first time a finding is reported at \p Loc in this TU (a
  /// template is analysed once per instantiation and reported once).
  bool firstReportAt(SourceLocation Loc) { return Reported.insert(Loc).second; }
  /// Tells the user that the analysis of \p Function stopped when \p Budget
  /// ran out: a remark at the function, with how to raise the budget.
  void reportCutShort(const FunctionDecl &Function, const WorkBudget &Budget);

private:
  const std::uint64_t BudgetLimit;
  llvm::DenseSet<const FunctionDecl *> Analysed;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace tidy::slicemap::analysis
} // namespace clang

#endif // SLICEMAP_CHECKS_ANALYSIS_FLOWCHECK_H
