//===--- BodyVisitor.h - walking one function body, as the CFG sees it ----===//
//
// The base of every walk a flow check makes over a function body before it
// builds the CFG: it sees what the function evaluates and nothing else -
// not the bodies of lambdas and local classes (functions of their own,
// analysed separately), not operands that are never evaluated (sizeof,
// noexcept, typeid, decltype, requires).
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_ANALYSIS_BODYVISITOR_H
#define SLICEMAP_CHECKS_ANALYSIS_BODYVISITOR_H

#include "clang/AST/DynamicRecursiveASTVisitor.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/TypeLoc.h"

namespace clang::tidy::slicemap::analysis {

class BodyVisitor : public DynamicRecursiveASTVisitor {
public:
  BodyVisitor() { ShouldVisitLambdaBody = false; }

  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) override {
    return true;
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) override { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *) override { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) override { return true; }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc, bool) override { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) override { return true; }
  // A lambda's captures are evaluated where it is made; its body is a
  // function of its own. (ShouldVisitLambdaBody only covers the body reached
  // through the lambda's class; RecursiveASTVisitor's LambdaExpr traversal
  // walks the body regardless, so a lambda nested d deep was walked d times.)
  bool TraverseLambdaExpr(LambdaExpr *Lambda) override {
    if (!WalkUpFromLambdaExpr(Lambda))
      return false;
    for (unsigned I = 0, N = Lambda->capture_size(); I != N; ++I) {
      const LambdaCapture *Capture = Lambda->capture_begin() + I;
      if ((Capture->isExplicit() || ShouldVisitImplicitCode) &&
          !TraverseLambdaCapture(Lambda, Capture,
                                 Lambda->capture_init_begin()[I]))
        return false;
    }
    return true;
  }
};

} // namespace clang::tidy::slicemap::analysis

#endif // SLICEMAP_CHECKS_ANALYSIS_BODYVISITOR_H
