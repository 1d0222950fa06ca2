//===--- NilMapWriteCheck.cpp - slicemap-nil-map-write --------------------===//
//
// A forward dataflow over each function's CFG (model/NilMaps.h, on the
// engine of analysis/Engine.h) tracks, for every place that holds a
// slicemap::Map, whether it may be nil, made, or unknown. At each write
// (`set`, `operator[]`) a place that can only be nil is reported as a
// certain panic; one that is nil on some path (a branch that skipped
// make_map) as a possible one, with a note where the nil value comes from.
// Through std::unique_ptr / std::shared_ptr to a map, only writes through a
// pointer null on every path are reported.
//
// When the work budget runs out, the states are those of the paths analysed
// so far: a write nil on one of them is still reported, as possibly nil (a
// path not analysed may make the map), and a remark names the function.
//
// Known gaps: branches correlated by a condition other than is_nil() are
// treated as independent paths; Map members of classes are reported only
// when the whole class is visible (neverMadeMembers).
//
//===----------------------------------------------------------------------===//

#include "NilMapWriteCheck.h"

#include "model/NilMaps.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::slicemap {

using model::MayNil;
using model::NilReason;

/// A write that may panic, and the state of its map there.
struct NilMapWriteCheck::Finding {
  model::MapWrite Where;
  model::NilFact State;
};

namespace {

const char *reasonText(NilReason Reason) {
  switch (Reason) {
  case NilReason::Declared:
    return "'%0' is declared nil here (a default-constructed Map is nil)";
  case NilReason::Assigned:
    return "'%0' is assigned a nil map here";
  case NilReason::MovedFrom:
    return "'%0' is moved from here and left nil";
  case NilReason::CheckedNil:
    return "'%0' is nil on this branch of the is_nil() check";
  case NilReason::MemberNeverMade:
    return "'%0' is never made: no constructor and no default member "
           "initializer makes it, "
           "and no member function assigns it";
  case NilReason::ReturnedNil:
    return "'%0' gets a nil map here: every return of this function returns "
           "nil";
  }
  return "";
}

const char *pointerReasonText(NilReason Reason) {
  switch (Reason) {
  case NilReason::MovedFrom:
    return "'%0' is moved from here and left null";
  case NilReason::CheckedNil:
    return "'%0' is null on this branch";
  case NilReason::Declared:
    return "'%0' is declared null here";
  default:
    return "'%0' is set to null here";
  }
}

/// Does \p Body name \p Field (or, with \p OnlyMutations, assign it, take
/// its address, pass it to a function or bind a reference to it)?
bool mentionsMember(const Stmt &Body, const FieldDecl *Field,
                    bool OnlyMutations, ASTContext &Context) {
  auto Ref = memberExpr(member(equalsNode(Field)));
  auto Mutation = stmt(anyOf(
      cxxOperatorCallExpr(hasOverloadedOperatorName("="),
                          hasArgument(0, ignoringParenImpCasts(Ref))),
      unaryOperator(hasOperatorName("&"),
                    hasUnaryOperand(ignoringParenImpCasts(Ref))),
      callExpr(unless(cxxMemberCallExpr()), unless(cxxOperatorCallExpr()),
               hasAnyArgument(ignoringParenImpCasts(Ref))),
      declStmt(has(varDecl(hasType(referenceType()),
                           hasInitializer(ignoringParenImpCasts(Ref)))))));
  // (Lambdas inside a member function are walked too: one capturing `this`
  // may assign the member.)
  if (OnlyMutations)
    return !match(findAll(Mutation), Body, Context).empty();
  return !match(findAll(Ref), Body, Context).empty();
}

/// Does \p Definition, a member function of the class, make \p Field?
bool makesMember(const FunctionDecl &Definition, const FieldDecl *Field,
                 ASTContext &Context) {
  const Stmt *Body = Definition.getBody();
  const auto *Constructor = dyn_cast<CXXConstructorDecl>(&Definition);
  if (!Constructor)
    return Body && mentionsMember(*Body, Field, true, Context);
  for (const CXXCtorInitializer *Init : Constructor->inits())
    if (Init->getMember() == Field && Init->isWritten() &&
        !model::isDefaultConstruction(Init->getInit()))
      return true;
  return Body && mentionsMember(*Body, Field, false, Context);
}

/// Map members of `Class` that every object has nil for its whole life: no
/// default member initializer, no constructor makes them, no member function
/// assigns them, and no code outside the class can (not public, no friends).
/// Every constructor and member function must be defined in this TU.
llvm::SmallVector<const FieldDecl *, 2>
neverMadeMembers(const CXXRecordDecl *Class, ASTContext &Context) {
  llvm::SmallVector<const FieldDecl *, 2> Candidates;
  if (!Class || !Class->hasDefinition() || Class->isDependentContext() ||
      Class->hasFriends() || Class->isUnion())
    return Candidates;
  for (const FieldDecl *Field : Class->fields())
    if (model::fieldStartsNil(Field) && Field->getAccess() != AS_public)
      Candidates.push_back(Field);
  for (const CXXMethodDecl *Method : Class->methods()) {
    if (Candidates.empty())
      break;
    if (Method->isDeleted() || Method->isDefaulted() || Method->isStatic())
      continue;
    const FunctionDecl *Definition = nullptr;
    if (!Method->hasBody(Definition)) {
      if (!Method->isImplicit())
        return {}; // defined elsewhere: it might make the member
      continue;
    }
    llvm::erase_if(Candidates, [&](const FieldDecl *Field) {
      return makesMember(*Definition, Field, Context);
    });
  }
  return Candidates;
}

/// `slicemap::make_map<K, V>()`, spelled with the declaration's own types.
std::optional<std::string> makeMapCall(const VarDecl *Var,
                                       const ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  std::string Arguments;
  TypeLoc Loc = Var->getTypeSourceInfo()
                    ? Var->getTypeSourceInfo()->getTypeLoc()
                    : TypeLoc();
  if (auto Written = Loc.getAsAdjusted<TemplateSpecializationTypeLoc>()) {
    for (unsigned I = 0; I < Written.getNumArgs(); ++I) {
      CharSourceRange Range = Lexer::makeFileCharRange(
          CharSourceRange::getTokenRange(Written.getArgLoc(I).getSourceRange()),
          SM, Context.getLangOpts());
      if (Range.isInvalid())
        return std::nullopt;
      Arguments += (I ? ", " : "") +
                   Lexer::getSourceText(Range, SM, Context.getLangOpts()).str();
    }
  } else if (const auto *Spec =
                 Var->getType()->getAs<TemplateSpecializationType>()) {
    PrintingPolicy Policy(Context.getLangOpts());
    Policy.SuppressScope = false;
    Policy.FullyQualifiedName = true;
    for (unsigned I = 0; I < 2 && I < Spec->template_arguments().size(); ++I) {
      std::string Text;
      llvm::raw_string_ostream Out(Text);
      Spec->template_arguments()[I].print(Policy, Out, true);
      Arguments += (I ? ", " : "") + Out.str();
    }
  } else {
    return std::nullopt;
  }
  return "slicemap::make_map<" + Arguments + ">()";
}

/// The declaration of \p Var initialised with make_map.
std::optional<FixItHint> makeMapFix(const VarDecl *Var,
                                    const ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const Expr *Init = Var->getInit();
  if (Var->getLocation().isMacroID() || !Init)
    return std::nullopt;
  std::optional<std::string> Call = makeMapCall(Var, Context);
  if (!Call)
    return std::nullopt;
  const auto *Construct = dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit());
  auto Replace = [&](SourceRange Range,
                     std::string Text) -> std::optional<FixItHint> {
    if (Range.isInvalid() || Range.getBegin().isMacroID() ||
        Range.getEnd().isMacroID())
      return std::nullopt;
    return FixItHint::CreateReplacement(CharSourceRange::getTokenRange(Range),
                                        Text);
  };
  // `Map m;` has an implicit default construction with no source range.
  if (Construct && Construct->getNumArgs() == 0 &&
      !isa<CXXTemporaryObjectExpr>(Construct) &&
      Construct->getParenOrBraceRange().isInvalid())
    return FixItHint::CreateInsertion(
        Lexer::getLocForEndOfToken(Var->getLocation(), 0, SM,
                                   Context.getLangOpts()),
        " = " + *Call);
  switch (Var->getInitStyle()) {
  case VarDecl::CInit:
    return Replace(Init->getSourceRange(), *Call); // `= {}`, `= Map<K, V>()`
  case VarDecl::ListInit:                          // `m{}`
    if (Construct && Construct->getParenOrBraceRange().isValid())
      return Replace(Construct->getParenOrBraceRange(), "{" + *Call + "}");
    return std::nullopt;
  default:
    return std::nullopt;
  }
}

} // namespace

NilMapWriteCheck::NilMapWriteCheck(llvm::StringRef Name,
                                   ClangTidyContext *Context)
    : FlowCheck(Name, Context),
      WarnOnMaybeNil(Options.get("WarnOnMaybeNil", true)) {}

void NilMapWriteCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  FlowCheck::storeOptions(Opts);
  Options.store(Opts, "WarnOnMaybeNil", WarnOnMaybeNil);
}

llvm::ArrayRef<const FieldDecl *>
NilMapWriteCheck::neverMade(const FunctionDecl &Function, ASTContext &Context) {
  const auto *Method = dyn_cast<CXXMethodDecl>(&Function);
  if (!Method || !Method->isInstance() ||
      isa<CXXConstructorDecl, CXXDestructorDecl>(Method))
    return {};
  const CXXRecordDecl *Class = Method->getParent();
  auto Cached = NeverMade.find(Class);
  if (Cached == NeverMade.end())
    Cached =
        NeverMade.try_emplace(Class, neverMadeMembers(Class, Context)).first;
  return Cached->second;
}

void NilMapWriteCheck::analyse(const FunctionDecl &Function, Stmt &Body,
                               ASTContext &Context) {
  // One walk over the body: skip at once a function that writes to no map.
  const llvm::ArrayRef<const FieldDecl *> Members =
      neverMade(Function, Context);
  const model::MapBodyScan Scan =
      model::MapBodyScan::scan(Function, Body, Members);
  if (!Scan.Writes)
    return;
  std::unique_ptr<CFG> Graph =
      analysis::buildFlowCFG(&Function, &Body, Context);
  if (!Graph)
    return;

  model::NilState Initial(Scan.Places.size());
  for (const FieldDecl *Field : Members)
    Initial.set(
        *Scan.Places.indexOf(model::Place{nullptr, Field}),
        model::NilFact::nil(Field->getLocation(), NilReason::MemberNeverMade));
  model::NilTransfer Flow(Scan.Places);
  analysis::WorkBudget Budget = budget();
  const analysis::Solution<model::NilState> Solved =
      analysis::solveForward(*Graph, Initial, Flow, Budget);

  // The states are those of the paths analysed (all of them, unless the
  // budget ran out): a write nil on one of them may panic.
  std::vector<Finding> Findings;
  analysis::replayForward(
      *Graph, Solved, Flow,
      [&](const CFGElement &Element, const model::NilState &State) {
        std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>();
        if (!AsStmt)
          return;
        if (std::optional<model::MapWrite> W =
                model::asMapWrite(AsStmt->getStmt()))
          if (model::NilFact Fact = Flow.factOf(W->Target, State);
              Fact.Bits & MayNil)
            Findings.push_back({*W, Fact});
      });
  if (!Solved.Complete)
    reportCutShort(Function, Budget);
  for (const Finding &F : Findings)
    emitFinding(F, Solved.Complete, Context);
}

void NilMapWriteCheck::emitFinding(const Finding &F, bool AllPaths,
                                   const ASTContext &Context) {
  const SourceLocation At = F.Where.At->getExprLoc();
  // Nil on every path analysed is certain only when every path was.
  const bool Certain = AllPaths && F.State.Bits == MayNil;
  // Through smart pointers only certain nulls are reported: "maybe null"
  // is the static analyzer's territory.
  if (!Certain && (!WarnOnMaybeNil || F.Where.ThroughPointer))
    return;
  if (!firstReportAt(At))
    return;
  const std::string Name = F.Where.Target.name();
  if (F.Where.ThroughPointer)
    diag(At, "'%0' is null on every path here: writing to the map through it "
             "is undefined behaviour")
        << Name << F.Where.At->getSourceRange();
  else if (Certain)
    diag(At, "assignment to entry in nil map '%0': this write always panics")
        << Name << F.Where.At->getSourceRange();
  else
    diag(At, "'%0' may be nil here: on that path this write panics with "
             "'assignment to entry in nil map'")
        << Name << F.Where.At->getSourceRange();
  emitNilOrigin(F, Name);
  if (Certain && F.State.FromDeclaration && !F.Where.Target.Member)
    if (auto Fix = makeMapFix(cast<VarDecl>(F.Where.Target.Object), Context))
      diag(F.Where.Target.Object->getLocation(),
           "make the map before writing to it", DiagnosticIDs::Note)
          << *Fix;
}

/// Where the nil value comes from; for a member never made, the
/// constructors that leave it nil.
void NilMapWriteCheck::emitNilOrigin(const Finding &F,
                                     const std::string &Name) {
  if (F.State.NilOrigin.isValid())
    diag(F.State.NilOrigin,
         F.Where.ThroughPointer ? pointerReasonText(F.State.Reason)
                                : reasonText(F.State.Reason),
         DiagnosticIDs::Note)
        << Name;
  if (F.State.Reason != NilReason::MemberNeverMade)
    return;
  for (const CXXConstructorDecl *Constructor :
       cast<CXXRecordDecl>(F.Where.Target.Member->getParent())->ctors())
    if (!Constructor->isImplicit() && !Constructor->isCopyOrMoveConstructor())
      diag(Constructor->getLocation(), "this constructor leaves '%0' nil",
           DiagnosticIDs::Note)
          << Name;
}

} // namespace clang::tidy::slicemap
