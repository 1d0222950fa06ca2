//===--- Dataflow.cpp - bounded dataflow over Clang's CFG -----------------===//

#include "Dataflow.h"

#include "clang/AST/ASTContext.h"

namespace clang::tidy::slicemap::model {

std::unique_ptr<CFG> buildFlowCFG(const Decl *Function, Stmt *Body,
                                  ASTContext &Context) {
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = false;
  Options.AddTemporaryDtors = false;
  Options.AddInitializers = true;
  Options.AddCXXDefaultInitExprInCtors = true;
  return CFG::buildCFG(Function, Body, &Context, Options);
}

} // namespace clang::tidy::slicemap::model
