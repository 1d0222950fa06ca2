//===--- FlowCheck.cpp - the base of every flow-sensitive check -----------===//

#include "FlowCheck.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"

using namespace clang::ast_matchers;

namespace clang::tidy::slicemap::analysis {

namespace {

/// Work units per CFG block of the deprecated MaxBlocks option: the default
/// budget spread over the old default of 20,000 blocks.
constexpr std::uint64_t UnitsPerBlock = 2000;

std::uint64_t readBudget(ClangTidyCheck::OptionsView &Options) {
  if (std::optional<std::uint64_t> Budget =
          Options.getLocalOrGlobal<std::uint64_t>("AnalysisBudget"))
    return *Budget;
  if (std::optional<std::uint64_t> Blocks =
          Options.getLocalOrGlobal<std::uint64_t>("MaxBlocks"))
    return *Blocks * UnitsPerBlock;
  return WorkBudget::DefaultLimit;
}

} // namespace

FlowCheck::FlowCheck(llvm::StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), BudgetLimit(readBudget(Options)) {}

void FlowCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AnalysisBudget", BudgetLimit);
}

void FlowCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
}

void FlowCheck::onStartOfTranslationUnit() {
  Analysed.clear();
  Reported.clear();
  startTranslationUnit();
}

void FlowCheck::check(const MatchFinder::MatchResult &Result) {
  // Half-typed code in the editor: the AST may lack the very statement a
  // finding depends on.
  if (Result.Context->getDiagnostics().hasUncompilableErrorOccurred())
    return;
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  // Dependent template definitions are skipped: their instantiations are
  // analysed, with the types known.
  if (!Function || Function->isDependentContext() || !Function->getBody() ||
      Function->isInvalidDecl() || !Analysed.insert(Function).second)
    return;
  Stmt *Body = Function->getBody();
  // A coroutine: the statement the user wrote, inside the promise, the
  // parameter copies and the initial and final suspends. Checks whose facts
  // are not about a frame the CFG does not show opt in.
  if (auto *Coroutine = dyn_cast<CoroutineBodyStmt>(Body)) {
    if (!analysesCoroutines())
      return;
    Body = Coroutine->getBody();
  }
  if (Body)
    analyse(*Function, *Body, *Result.Context);
}

void FlowCheck::reportCutShort(const FunctionDecl &Function,
                               const WorkBudget &Budget) {
  if (!firstReportAt(Function.getLocation()))
    return;
  std::string Name = Function.getQualifiedNameAsString();
  if (isa<CXXMethodDecl>(Function) &&
      cast<CXXMethodDecl>(Function).getParent()->isLambda())
    Name = "lambda";
  diag(Function.getLocation(),
       (CutShortPrefix + "%0' after %1 work units; findings on the paths "
                         "analysed are reported, others may be missing")
           .str(),
       DiagnosticIDs::Remark)
      << Name << std::to_string(Budget.used());
  diag(Function.getLocation(),
       "raise the budget with the option '%0.AnalysisBudget' (now %1), or "
       "split the function",
       DiagnosticIDs::Note)
      << getID() << std::to_string(Budget.limit());
}

} // namespace clang::tidy::slicemap::analysis
