//===--- Engine.cpp - the flow engine every flow check runs on ------------===//

#include "Engine.h"

#include "clang/AST/ASTContext.h"

#include <algorithm>

namespace clang::tidy::slicemap::analysis {

std::unique_ptr<CFG> buildFlowCFG(const Decl *Function, Stmt *Body,
                                  ASTContext &Context) {
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = false;
  Options.AddTemporaryDtors = false;
  Options.AddInitializers = true;
  Options.AddCXXDefaultInitExprInCtors = true;
  // Facts about a variable end where its lifetime ends.
  Options.AddLifetime = true;
  return CFG::buildCFG(Function, Body, &Context, Options);
}

// CFGStmtMap would answer "which block holds this statement", but it needs a
// ParentMap of the whole body - nested lambdas included, the very walk the
// flow checks avoid - and maps a statement that is not an element to its
// parent's block. This is the exact question, in one sorted array.
ElementSet::ElementSet(const CFG &Graph) {
  for (const CFGBlock *Block : Graph)
    for (const CFGElement &Element : *Block)
      if (std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>())
        Sorted.push_back(AsStmt->getStmt());
  llvm::sort(Sorted);
}

bool ElementSet::contains(const Stmt *S) const {
  return std::binary_search(Sorted.begin(), Sorted.end(), S);
}

} // namespace clang::tidy::slicemap::analysis
