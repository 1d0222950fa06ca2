//===--- ValueUse.h - is a value used, and may an expression be repeated --===//
//
// Questions about expressions that several checks ask: does anything use
// the value of this call, can a fix-it spell this operand twice, what does an
// argument look like once the implicit copies are peeled off.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_VALUEUSE_H
#define SLICEMAP_CHECKS_MODEL_VALUEUSE_H

#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang {
class CallExpr;
class DeclRefExpr;
class Expr;
class LambdaExpr;
class Stmt;
class ValueDecl;

namespace tidy::slicemap::model {

/// Calls \p Visit on every expression whose value is discarded within \p
/// Position, a statement in a position that discards its value (a statement
/// of a block, a branch or loop body, a for-init or increment, the left
/// operand of a comma), also behind a case, a label or an attribute: through
/// parentheses and implicit wrappers, into both operands of a comma and both
/// arms of a conditional. An explicit cast to void ends the walk (a deliberate
/// discard).
///
/// Walking down from positions found by matchers, rather than up from each
/// expression, keeps checks off the TU's parent map, whose construction costs
/// more than most checks.
void forEachDiscardedValue(const Stmt *Position,
                           llvm::function_ref<void(const Expr *)> Visit);

/// Calls \p Visit on each position \p Holder gives a statement whose value it
/// discards: the statements of a block, the branches and init of an if, the
/// body, init and increment of a for, the body of a loop, a switch's init,
/// the left operand of a comma. (Not recursive: the holders inside are
/// holders of their own.)
void forEachDiscardPosition(const Stmt *Holder,
                            llvm::function_ref<void(const Stmt *)> Visit);

/// Calls \p Visit on every expression whose value is discarded anywhere in
/// the function body \p Body (model::forEachDiscardedValue from every
/// discarding position: block statements, branch and loop bodies, for-init
/// and increment, if/switch/range-for init statements, left operands of
/// commas), except the last statement of a GNU statement expression, which
/// is its value. Lambda bodies are not entered (functions of their own). An
/// expression may be visited more than once (a comma's left operand).
void forEachDiscardedValueIn(const Stmt *Body,
                             llvm::function_ref<void(const Expr *)> Visit);

/// Calls \p Visit on every reference to a declaration inside \p S. A
/// lambda's body is not entered (a function of its own); its captures are
/// visited, so every variable of the enclosing function it uses is seen.
void forEachDeclRef(const Stmt *S,
                    llvm::function_ref<void(const DeclRefExpr *)> Visit);

/// True when \p E can be evaluated twice with the same result and no side
/// effects, so a fix-it may spell it twice: names, `this`, member accesses,
/// dereferences and subscripts (built-in or overloaded operator[]) of such
/// expressions, and literals.
bool isRepeatable(const Expr *E);

/// Strips parentheses and implicit nodes (casts, temporaries, cleanups)
/// until none is left.
const Expr *stripImplicit(const Expr *E);

/// Calls \p Visit on each variable \p Lambda captures by reference: the
/// lambda may write it whenever it runs (an alias the flow does not follow).
void forEachByReferenceCapture(
    const LambdaExpr *Lambda,
    llvm::function_ref<void(const ValueDecl *)> Visit);

/// `std::move(x)` or `static_cast<T &&>(x)` (through implicit nodes): x;
/// otherwise null.
const Expr *movedOperand(const Expr *E);

/// How argument \p Arg of \p Call is passed (for a member operator call,
/// argument 0 is the object).
enum class Passing {
  Value,
  ConstReference,
  MutableReference,
  ConstPointer,
  MutablePointer,
  ConstObject,   ///< the object of a const member operator
  MutableObject, ///< the object of a non-const member operator
  Variadic,      ///< past the callee's parameters (a C variadic argument)
  Unknown,       ///< no callee declaration (a call through a pointer, ...)
};
Passing passingOf(const CallExpr *Call, unsigned Arg);

/// Strips implicit nodes and an implicit copy or move construction, giving
/// the expression the user wrote for a by-value argument.
const Expr *ignoreImplicitCopy(const Expr *E);

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_VALUEUSE_H
