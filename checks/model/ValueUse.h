//===--- ValueUse.h - is a value used, and may an expression be repeated --===//
//
// Questions about expressions that several checks ask: does anything use
// the value of this call, can a fix-it spell this operand twice, what does an
// argument look like once the implicit copies are peeled off.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_VALUEUSE_H
#define SLICEMAP_CHECKS_MODEL_VALUEUSE_H

namespace clang {
class ASTContext;
class Expr;

namespace tidy::slicemap::model {

/// True when the value of \p E is thrown away by its context: \p E is an
/// expression statement (in a block, a branch or loop body, a for-init or
/// increment, a case or label), the left operand of a comma operator, or
/// the right operand of a comma operator or an arm of a conditional whose
/// own value is discarded. An explicit cast to void, any other use, an
/// initializer, or the last statement of a GNU statement expression count as
/// uses. Works in template definitions as well as instantiations.
bool isDiscardedValue(const Expr *E, ASTContext &Context);

/// True when \p E can be evaluated twice with the same result and no side
/// effects, so a fix-it may spell it twice: names, `this`, member accesses,
/// dereferences and subscripts (built-in or overloaded operator[]) of such
/// expressions, and literals.
bool isRepeatable(const Expr *E);

/// Strips implicit nodes and an implicit copy or move construction, giving
/// the expression the user wrote for a by-value argument.
const Expr *ignoreImplicitCopy(const Expr *E);

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_VALUEUSE_H
