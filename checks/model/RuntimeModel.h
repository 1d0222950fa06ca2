//===--- RuntimeModel.h - what the checks know about slicemap's runtime ---===//
//
// The one place that names the runtime's types and functions
// (runtime/include/slicemap/). Every check and front door asks here, so a
// rename in the runtime is a one-line change for all of them.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_RUNTIMEMODEL_H
#define SLICEMAP_CHECKS_MODEL_RUNTIMEMODEL_H

#include "clang/AST/Type.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class CallExpr;
class CXXRecordDecl;
class Expr;
class Stmt;
class CXXMemberCallExpr;
class FunctionDecl;

namespace tidy::slicemap::model {

/// Qualified names, spelled as hasName()/hasAnyName() expect them.
inline constexpr llvm::StringLiteral SliceClass = "::slicemap::Slice";
inline constexpr llvm::StringLiteral MapClass = "::slicemap::Map";
inline constexpr llvm::StringLiteral AppendFunction = "::slicemap::append";
inline constexpr llvm::StringLiteral AppendSliceFunction =
    "::slicemap::append_slice";
inline constexpr llvm::StringLiteral MakeMapFunction = "::slicemap::make_map";
inline constexpr llvm::StringLiteral MakeSliceFunction =
    "::slicemap::make_slice";

/// The runtime's functions that return a grown slice and leave their first
/// argument's header unchanged (Go's append).
inline constexpr llvm::StringLiteral AppendFunctions[] = {AppendFunction,
                                                          AppendSliceFunction};

/// True for slicemap::Slice<T> (any cv, through aliases and typedefs), also
/// when T is dependent.
bool isSliceType(QualType Type);
/// True for slicemap::Map<K, V, ...>, also when dependent.
bool isMapType(QualType Type);

/// True for slicemap::make_map (any specialization).
bool isMakeMap(const FunctionDecl *Function);
/// True for the runtime's append functions (AppendFunctions).
bool isAppendFunction(const FunctionDecl *Function);
/// True when the value of \p E, through parentheses and implicit nodes
/// (conversions, temporaries), is the result of an append function call:
/// `s = append(s, x)` assigns one.
bool isAppendResult(const Expr *E);
/// \p S itself, if it is a call of an append function with its slice
/// argument (an element of a CFG: no implicit node is looked through).
const CallExpr *asAppendCall(const Stmt *S);
/// True for slicemap::make_slice (any specialization).
bool isMakeSlice(const FunctionDecl *Function);

/// If \p E is a call of slicemap::Map's member \p Method (e.g. "get"),
/// returns it; the object and arguments are then available on the call.
const CXXMemberCallExpr *asMapMemberCall(const Expr *E, llvm::StringRef Method);
/// The same for slicemap::Slice's member \p Method (e.g. "sub", "len").
const CXXMemberCallExpr *asSliceMemberCall(const Expr *E,
                                           llvm::StringRef Method);

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_RUNTIMEMODEL_H
