//===--- DiscardedAppendCheck.cpp - slicemap-discarded-append -------------===//

#include "DiscardedAppendCheck.h"

#include "model/Options.h"
#include "model/RuntimeModel.h"
#include "model/SourceText.h"
#include "model/ValueUse.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::slicemap {

namespace {

/// In a template definition a call with dependent arguments is not resolved:
/// its callee is an UnresolvedLookupExpr holding what ordinary lookup found.
/// Matches when that set is non-empty and every candidate is an append
/// function, so a user's own `append` overload set stays silent.
AST_MATCHER_P(OverloadExpr, allCandidatesAre,
              ast_matchers::internal::Matcher<NamedDecl>, InnerMatcher) {
  if (Node.getNumDecls() == 0)
    return false;
  for (const NamedDecl *Candidate : Node.decls())
    if (!InnerMatcher.matches(*Candidate->getUnderlyingDecl(), Finder, Builder))
      return false;
  return true;
}

/// `x = append(x, ...)` is right when x is a modifiable lvalue of the type the
/// call returns, and evaluating it twice is harmless.
bool isAssignableBack(const Expr *Target, const CallExpr *Call) {
  if (!Target || !Target->isLValue() || Target->getType().isConstQualified() ||
      !model::isRepeatable(Target))
    return false;
  QualType Returned = Call->getType();
  QualType Written = Target->getType();
  if (Returned->isDependentType() || Written->isDependentType())
    // In a template definition only the runtime's own append is known to
    // return the slice type it was given.
    return model::isSliceType(Written);
  return Returned.getCanonicalType().getUnqualifiedType() ==
         Written.getCanonicalType().getUnqualifiedType();
}

/// The fix-its for a discarded \p Call, or none when no rewrite is safe.
llvm::SmallVector<FixItHint, 2> fixesFor(const CallExpr *Call,
                                         const SourceManager &SM,
                                         const LangOptions &LangOpts) {
  if (isa<CXXMemberCallExpr>(Call) ||
      !model::isEditable(Call->getSourceRange(), SM, LangOpts))
    return {};
  const Expr *Target = model::ignoreImplicitCopy(Call->getArg(0));
  SourceLocation CallBegin = SM.getFileLoc(Call->getBeginLoc());

  // s = append(s, v)
  if (isAssignableBack(Target, Call)) {
    if (std::optional<llvm::StringRef> Text =
            model::sourceText(Target->getSourceRange(), SM, LangOpts))
      return {FixItHint::CreateInsertion(CallBegin, (*Text + " = ").str())};
    return {};
  }

  // m.set(k, append(m.get(k), v)): Go's m[k] = append(m[k], v).
  const CXXMemberCallExpr *Get = model::asMapMemberCall(Target, "get");
  if (!Get || Get->getNumArgs() != 1)
    return {};
  const auto *Member = dyn_cast<MemberExpr>(Get->getCallee()->IgnoreParens());
  const Expr *Key = Get->getArg(0);
  if (!Member || Member->isImplicitAccess() ||
      !model::isRepeatable(Member->getBase()) || !model::isRepeatable(Key))
    return {};
  std::optional<llvm::StringRef> Object =
      model::sourceText(Member->getBase()->getSourceRange(), SM, LangOpts);
  std::optional<llvm::StringRef> KeyText =
      model::sourceText(Key->getSourceRange(), SM, LangOpts);
  SourceLocation CallEnd = Lexer::getLocForEndOfToken(
      SM.getFileLoc(Call->getEndLoc()), 0, SM, LangOpts);
  if (!Object || !KeyText || CallEnd.isInvalid())
    return {};
  std::string Prefix =
      (*Object + (Member->isArrow() ? "->" : ".") + "set(" + *KeyText + ", ")
          .str();
  return {FixItHint::CreateInsertion(CallBegin, Prefix),
          FixItHint::CreateInsertion(CallEnd, ")")};
}

} // namespace

DiscardedAppendCheck::DiscardedAppendCheck(llvm::StringRef Name,
                                           ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ExtraAppendFunctions(Options.get("AppendFunctions", "")) {
  for (llvm::StringRef Builtin : model::AppendFunctions)
    AppendFunctionNames.emplace_back(Builtin);
  for (llvm::StringRef Extra : model::parseList(ExtraAppendFunctions))
    AppendFunctionNames.emplace_back(Extra);
  for (llvm::StringRef Name : AppendFunctionNames) {
    // `::mylib::append` -> `append` (rsplit gives {Name, ""} without ::).
    auto [Scope, Last] = Name.rsplit("::");
    AppendIdentifiers.insert(Last.empty() ? Scope : Last);
  }
}

bool DiscardedAppendCheck::mayBeAppend(const CallExpr &Call) const {
  // The matcher is run only on calls of a function so named (most
  // discarded values are other calls).
  const Expr *Callee = model::stripImplicit(Call.getCallee());
  DeclarationName Name;
  if (const auto *Lookup = dyn_cast_or_null<OverloadExpr>(Callee))
    Name = Lookup->getName();
  else if (const auto *Named =
               dyn_cast_or_null<NamedDecl>(Call.getCalleeDecl()))
    Name = Named->getDeclName();
  const IdentifierInfo *Identifier =
      Name.isIdentifier() ? Name.getAsIdentifierInfo() : nullptr;
  return Identifier && AppendIdentifiers.contains(Identifier->getName());
}

void DiscardedAppendCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AppendFunctions", ExtraAppendFunctions);
}

void DiscardedAppendCheck::registerMatchers(MatchFinder *Finder) {
  std::vector<llvm::StringRef> Names(AppendFunctionNames.begin(),
                                     AppendFunctionNames.end());
  auto IsAppendFunction = namedDecl(hasAnyName(Names));

  // A resolved call: `append(s, v)`, `slicemap::append(s, v)`, and every call
  // in a template instantiation (where ADL has found the runtime's append).
  auto ResolvedAppend = callExpr(callee(functionDecl(IsAppendFunction)));

  // A dependent call in a template definition whose lookup found only
  // append functions (`using slicemap::append;`, or a qualified name).
  // Calls that rely on ADL alone are found through their instantiations.
  auto DependentAppend = callExpr(
      callee(unresolvedLookupExpr(allCandidatesAre(IsAppendFunction))));
  AppendCall = callExpr(anyOf(ResolvedAppend, DependentAppend),
                        unless(isExpansionInSystemHeader()));

  // Statements that hold positions whose value the language discards; the
  // positions are listed by model::forEachDiscardPosition and walked into
  // commas and conditionals by model::forEachDiscardedValue. (Matching the
  // holder, not `forEach(child)`: the matcher's per-child traversal grew
  // quadratically with the nesting depth of blocks.)
  // One matcher per node kind: MatchFinder runs each only on nodes of its
  // kind (a `stmt(anyOf(...))` would be tried on every statement).
  auto Holder = [&](auto Kind) {
    Finder->addMatcher(Kind(unless(isExpansionInSystemHeader())).bind("holder"),
                       this);
  };
  Holder(compoundStmt);
  Holder(ifStmt);
  Holder(forStmt);
  Holder(cxxForRangeStmt);
  Holder(whileStmt);
  Holder(doStmt);
  Holder(switchStmt);
  Finder->addMatcher(
      binaryOperator(hasOperatorName(","), unless(isExpansionInSystemHeader()))
          .bind("holder"),
      this);
  // ({ ...; last; }) yields `last`: seen before its block (pre-order).
  Finder->addMatcher(stmtExpr().bind("value-block"), this);
}

void DiscardedAppendCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *Block = Result.Nodes.getNodeAs<StmtExpr>("value-block")) {
    if (const CompoundStmt *Body = Block->getSubStmt();
        Body && !Body->body_empty())
      ValueStatements.insert(Body->body_back());
    return;
  }
  const auto *Holder = Result.Nodes.getNodeAs<Stmt>("holder");
  if (!Holder || !AppendCall)
    return;
  model::forEachDiscardPosition(Holder, [&](const Stmt *Position) {
    if (ValueStatements.contains(Position))
      return;
    model::forEachDiscardedValue(Position, [&](const Expr *E) {
      const auto *Call = dyn_cast<CallExpr>(E);
      if (Call && mayBeAppend(*Call) &&
          !match(*AppendCall, *Call, *Result.Context).empty())
        diagnose(Call, Result);
    });
  });
}

void DiscardedAppendCheck::diagnose(const CallExpr *Call,
                                    const MatchFinder::MatchResult &Result) {
  // Half-typed code: a call with recovery expressions inside has no reliable
  // shape to judge or to rewrite.
  if (Call->containsErrors() || Call->getNumArgs() == 0)
    return;
  if (!Reported.insert(Call->getBeginLoc()).second)
    return;

  const SourceManager &SM = *Result.SourceManager;
  const LangOptions &LangOpts = getLangOpts();
  llvm::StringRef CalleeName = "append";
  if (const auto *Callee = dyn_cast_or_null<NamedDecl>(Call->getCalleeDecl());
      Callee && Callee->getIdentifier())
    CalleeName = Callee->getName();
  else if (const auto *Lookup = dyn_cast<UnresolvedLookupExpr>(
               model::stripImplicit(Call->getCallee())))
    if (Lookup->getName().isIdentifier())
      CalleeName = Lookup->getName().getAsIdentifierInfo()->getName();

  llvm::SmallVector<FixItHint, 2> Fixes = fixesFor(Call, SM, LangOpts);
  diag(Call->getBeginLoc(),
       "'%0' returns the grown slice and leaves its argument unchanged; "
       "discarding the result loses the appended elements")
      << CalleeName << Fixes;
  if (Fixes.empty())
    diag(Call->getBeginLoc(),
         "assign the result back to the slice it grew, as in 's = %0(s, ...)' "
         "(no automatic "
         "fix: the first argument cannot be assigned to here)",
         DiagnosticIDs::Note)
        << CalleeName;
  diag(Call->getBeginLoc(),
       "cast the result to 'void' if discarding it is intended",
       DiagnosticIDs::Note);
}

} // namespace clang::tidy::slicemap
