//===--- FlowCheck.cpp - what every flow-sensitive check does first -------===//

#include "FlowCheck.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"

using namespace clang::ast_matchers;

namespace clang::tidy::slicemap::model {

void matchFunctionDefinitions(MatchFinder &Finder,
                              MatchFinder::MatchCallback *Check) {
  Finder.addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      Check);
}

AnalysedFunction
functionToAnalyse(const MatchFinder::MatchResult &Result,
                  llvm::DenseSet<const FunctionDecl *> &Analysed) {
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Result.Context->getDiagnostics().hasUncompilableErrorOccurred())
    return {};
  if (!Function || Function->isDependentContext() || !Function->getBody() ||
      Function->isInvalidDecl() || !Analysed.insert(Function).second)
    return {};
  Stmt *Body = Function->getBody();
  if (isa<CoroutineBodyStmt>(Body))
    return {};
  return {Function, Body};
}

} // namespace clang::tidy::slicemap::model
