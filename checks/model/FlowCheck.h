//===--- FlowCheck.h - what every flow-sensitive check does first ---------===//
//
// The flow checks analyse one function definition at a time. They match
// every definition outside system headers (lambda bodies and template
// instantiations included; no matcher that climbs to the enclosing
// function, which would build the TU's parent map) and share the guards
// that keep them safe in the editor.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_FLOWCHECK_H
#define SLICEMAP_CHECKS_MODEL_FLOWCHECK_H

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseSet.h"

namespace clang {
class FunctionDecl;
class Stmt;

namespace tidy::slicemap::model {

/// Registers \p Check for every function definition outside system headers.
void matchFunctionDefinitions(ast_matchers::MatchFinder &Finder,
                              ast_matchers::MatchFinder::MatchCallback *Check);

struct AnalysedFunction {
  const FunctionDecl *Function = nullptr;
  Stmt *Body = nullptr;
  explicit operator bool() const { return Body != nullptr; }
};

/// The function matched by matchFunctionDefinitions, if it is to be
/// analysed now. Not when the TU has errors that stop compilation (half-typed
/// code in the editor: the AST may lack the very statement a finding depends
/// on), nor a dependent template definition (its instantiations are analysed,
/// with the types known), an invalid declaration, a coroutine (its locals
/// live in its frame, beyond the body), or one already in \p Analysed.
AnalysedFunction
functionToAnalyse(const ast_matchers::MatchFinder::MatchResult &Result,
                  llvm::DenseSet<const FunctionDecl *> &Analysed);

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_FLOWCHECK_H
