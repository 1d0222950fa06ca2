//===--- DanglingViewCheck.cpp - slicemap-dangling-view -------------------===//
//
// Per function (analysis::FlowCheck), the inventory of its views
// (model/ViewInventory.h) and a forward flow over its CFG
// (model/ViewFlow.h) that tracks, for every view, the container it points
// into and whether it may have been invalidated since it was made:
//
//   valid        made from its container; re-established by assignment
//                (`it = v.insert(it, x)`, `p = v.data()`);
//   invalidated  its container was mutated in a way the container model
//                (model/ContainerModel.h) says may move the elements: a
//                vector grows, a flat hash map rehashes, a deque invalidates
//                its iterators, the element a node-based iterator points to
//                is erased, an append moves a slicemap::Slice; or a function
//                with a body in this TU that does so to that container was
//                called (model/ContainerEffects.h, CallDepth levels).
//
// A use of a view that is invalidated on every path, or on some path, is
// reported with notes at the invalidating operation and at the view.
// Containers reached through unknown functions or aliases are not followed:
// an unknown callee never invalidates (silence over guesses).
//
//===----------------------------------------------------------------------===//

#include "DanglingViewCheck.h"

#include "model/ViewFlow.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::slicemap {

using model::ViewFinding;

namespace {

/// Where the view of \p Found is made, for the note.
SourceLocation madeAt(const ViewFinding &Found,
                      const model::ViewInventory &Views) {
  // A stored view is made by the function's assignments, not where it is
  // declared: the last one before the use (the first if none is).
  llvm::ArrayRef<const Expr *> Assigned = Views.storedAssignments(Found.View);
  if (Assigned.empty())
    return Found.View->getLocation();
  const SourceManager &SM = Found.View->getASTContext().getSourceManager();
  const SourceLocation Use = Found.At->getBeginLoc();
  SourceLocation Made = Assigned.front()->getBeginLoc();
  for (const Expr *Target : Assigned)
    if (SM.isBeforeInTranslationUnit(Target->getBeginLoc(), Use))
      Made = Target->getBeginLoc();
  return Made;
}

} // namespace

DanglingViewCheck::DanglingViewCheck(llvm::StringRef Name,
                                     ClangTidyContext *Context)
    : FlowCheck(Name, Context), CallDepth(Options.get("CallDepth", 3U)),
      ContainerTypesOption(Options.get("ContainerTypes", "")),
      UserContainers(ContainerTypesOption), Effects(CallDepth) {
  for (const std::string &Item : UserContainers.invalid())
    configurationDiag("invalid ContainerTypes entry '%0' in check '%1': "
                      "expected 'Name=family', family one of: %2")
        << Item << Name << model::ContainerTypes::familyNames();
}

void DanglingViewCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  FlowCheck::storeOptions(Opts);
  Options.store(Opts, "CallDepth", CallDepth);
  Options.store(Opts, "ContainerTypes", ContainerTypesOption);
}

void DanglingViewCheck::analyse(const FunctionDecl &Function, Stmt &Body,
                                ASTContext &Context) {
  const model::ContainerTypes::Scope UserTypes(UserContainers);
  model::ViewInventory Views(Effects, 0);
  Views.scan(&Body, &Function);
  std::vector<ViewFinding> Findings;
  model::findRangesChangedWhileIterated(Views, Findings);
  if (Views.slotCount() == 0) {
    report(Findings, Views, Context);
    return;
  }
  std::unique_ptr<CFG> Graph =
      analysis::buildFlowCFG(&Function, &Body, Context);
  if (!Graph)
    return;
  analysis::WorkBudget Budget = budget();
  model::ViewFlow Flow(Views, &Body, Context);
  Flow.noteBranches(*Graph);
  const model::ViewState Initial(Views.slotCount(), Views.flagCount());
  const analysis::Solution<model::ViewState> Solved =
      analysis::solveForward(*Graph, Initial, Flow, Budget);
  // A forward may-analysis cut short still holds the paths it completed:
  // their findings are reported.
  Flow.Findings = &Findings;
  analysis::replayForward(*Graph, Solved, Flow,
                          [](const CFGElement &, const model::ViewState &) {});
  if (const std::optional<model::ViewState> &AtExit =
          Solved.at(Graph->getExit()))
    Flow.leftDangling(*AtExit);
  if (!Solved.Complete)
    reportCutShort(Function, Budget);
  report(Findings, Views, Context);
}

void DanglingViewCheck::report(std::vector<ViewFinding> &Findings,
                               const model::ViewInventory &Views,
                               ASTContext &Context) {
  // Report in source order, once per use location. (A range-for's hidden
  // uses share one location: certain findings first.)
  const SourceManager &SM = Context.getSourceManager();
  llvm::sort(Findings, [&](const ViewFinding &A, const ViewFinding &B) {
    const SourceLocation L = A.At->getBeginLoc(), R = B.At->getBeginLoc();
    if (L != R)
      return SM.isBeforeInTranslationUnit(L, R);
    if (A.Certain != B.Certain)
      return A.Certain;
    if (!A.View || !B.View)
      return A.View == nullptr && B.View != nullptr;
    return A.View->getName() < B.View->getName();
  });
  for (const ViewFinding &Found : Findings) {
    if (!Found.View)
      emitAlgorithmMutation(Found);
    else if (Found.LeftDangling)
      emitLeftDangling(Found, Views);
    else if (Found.LeftToDestroyed)
      emitLeftToDestroyed(Found);
    else if (const CXXForRangeStmt *Loop = Views.viewInfo(Found.View).Loop)
      emitLoopMutation(Found, *Loop);
    else
      emitDanglingUse(Found, Views);
  }
}

void DanglingViewCheck::emitLoopMutation(const ViewFinding &Found,
                                         const CXXForRangeStmt &Loop) {
  // A range-for's hidden iterator: report the mutation in the loop.
  const SourceLocation Changed = Found.By.At->getBeginLoc();
  if (!firstReportAt(Changed))
    return;
  const std::string Container = Found.Container.name();
  diag(Changed, "'%0' is modified while a range-for iterates over it; this may "
                "invalidate the loop's iterator%select{| on some path}1")
      << Container << !Found.Certain;
  diag(Loop.getForLoc(), "the range-for over '%0' is here", DiagnosticIDs::Note)
      << Container;
  diag(Changed,
       "iterate by index, collect the changes and apply them after the "
       "loop, or leave the loop right after the change",
       DiagnosticIDs::Note);
}

/// `std::for_each`, `std::ranges::for_each`: the function an algorithm's
/// call names.
static std::string algorithmName(const Expr *Call) {
  const NamedDecl *Callee = nullptr;
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Operator->getArg(0)->IgnoreParenImpCasts()))
      Callee = Ref->getDecl();
  } else if (const auto *Plain = dyn_cast<CallExpr>(Call)) {
    Callee = Plain->getDirectCallee();
  }
  if (!Callee)
    return "the algorithm";
  std::string Name = Callee->getQualifiedNameAsString();
  // libstdc++'s inline namespaces and function-object types.
  for (llvm::StringRef Inner : {"__cxx11::", "__1::", "_V2::"})
    for (size_t At; (At = Name.find(Inner.str())) != std::string::npos;)
      Name.erase(At, Inner.size());
  return Name;
}

void DanglingViewCheck::emitAlgorithmMutation(const ViewFinding &Found) {
  // The algorithm's iterators are out of sight: report its call.
  const SourceLocation At = Found.At->getBeginLoc();
  if (!firstReportAt(At))
    return;
  const std::string Container = Found.Container.name();
  diag(At, "'%0' is modified while '%1' iterates over it; this may "
           "invalidate the algorithm's iterators%select{| on some path}2")
      << Container << algorithmName(Found.At) << !Found.Certain;
  diag(Found.Through->getBeginLoc(),
       "this function, run for the elements, may change '%0'; collect the "
       "changes and apply them after the call",
       DiagnosticIDs::Note)
      << Container;
}

void DanglingViewCheck::emitLeftDangling(const ViewFinding &Found,
                                         const model::ViewInventory &Views) {
  // Nothing reads it here: the change that leaves it dangling is the
  // finding.
  const SourceLocation At = Found.At->getBeginLoc();
  if (!firstReportAt(At))
    return;
  const std::string Container = Found.Container.name();
  diag(At, "'%0' outlives this function but is left pointing into '%1', "
           "which may invalidate it here%select{| (on some path)}2")
      << Found.View->getName() << Container << !Found.Certain;
  diag(madeAt(Found, Views),
       "'%0' is made here; make it again after the change, or reset it "
       "before returning",
       DiagnosticIDs::Note)
      << Found.View->getName();
}

void DanglingViewCheck::emitLeftToDestroyed(const ViewFinding &Found) {
  const SourceLocation At = Found.At->getBeginLoc();
  if (!firstReportAt(At))
    return;
  const std::string Container = Found.Container.name();
  diag(At, "'%0' outlives this function but is left pointing into the "
           "local '%1', which is destroyed when the function returns")
      << Found.View->getName() << Container;
  diag(Found.Container.Object->getLocation(),
       "'%0' is declared here; store a view of something that outlives the "
       "call, or reset '%1' before returning",
       DiagnosticIDs::Note)
      << Container << Found.View->getName();
}

void DanglingViewCheck::emitDanglingUse(const ViewFinding &Found,
                                        const model::ViewInventory &Views) {
  const SourceLocation At = Found.At->getBeginLoc();
  if (!firstReportAt(At))
    return;
  const std::string View = Found.View->getName().str();
  const std::string Container = Found.Container.name();
  const SourceLocation Changed = Found.By.At->getBeginLoc();
  switch (Found.By.Why) {
  case model::Cause::Destroyed:
    diag(At, "'%0' points into '%1', which was destroyed at the end of its "
             "scope%select{| (on some path)}2")
        << View << Container << !Found.Certain;
    // The closing brace of a block, or the return or jump leaving it.
    diag(isa<CompoundStmt>(Found.By.At) ? Found.By.At->getEndLoc() : Changed,
         "'%0' is destroyed here", DiagnosticIDs::Note)
        << Container;
    diag(madeAt(Found, Views),
         "'%0' is made here; keep '%1' alive as long as '%0' is used",
         DiagnosticIDs::Note)
        << View << Container;
    return;
  case model::Cause::Moved:
    diag(At, "'%0' may dangle: it points into '%1', which may have moved "
             "its elements since%select{| (on some path)}2")
        << View << Container << !Found.Certain;
    diag(Changed, "'%0' may move its elements here", DiagnosticIDs::Note)
        << Container;
    break;
  case model::Cause::IteratorsInvalidated:
    diag(At, "'%0' is an iterator into '%1', whose iterators were "
             "invalidated since%select{| (on some path)}2")
        << View << Container << !Found.Certain;
    diag(Changed, "'%0' invalidates its iterators here", DiagnosticIDs::Note)
        << Container;
    break;
  case model::Cause::Rehashed:
    diag(At, "'%0' is an iterator into '%1', which may have rehashed "
             "since%select{| (on some path)}2")
        << View << Container << !Found.Certain;
    diag(Changed, "'%0' may rehash here, invalidating its iterators",
         DiagnosticIDs::Note)
        << Container;
    break;
  case model::Cause::PastEnd:
    diag(At, "'%0' is the end of '%1', which moved when an element was "
             "removed since%select{| (on some path)}2")
        << View << Container << !Found.Certain;
    diag(Changed, "the last element is removed here", DiagnosticIDs::Note);
    break;
  case model::Cause::Erased:
    diag(At, "'%0' is used after the element it refers to was erased from "
             "'%1'%select{| (on some path)}2")
        << View << Container << !Found.Certain;
    diag(Changed, "the element is erased here", DiagnosticIDs::Note);
    break;
  case model::Cause::EndMovedAway:
    diag(At, "'%0' was the end of '%1' before its elements were moved or "
             "swapped away; it is not the end of either container "
             "since%select{| (on some path)}2")
        << View << Container << !Found.Certain;
    diag(Changed, "'%0' gives up its elements here", DiagnosticIDs::Note)
        << Container;
    break;
  case model::Cause::Append:
    diag(At, "'%0' points into the array '%1' had before an append that may "
             "have moved it; writes through '%0' are lost%select{| (on some "
             "path)}2")
        << View << Container << !Found.Certain;
    diag(Changed, "the append may move '%0' to a new array here",
         DiagnosticIDs::Note)
        << Container;
    break;
  }
  if (Found.Through)
    diag(Found.Through->getBeginLoc(),
         "the lambda called captures '%0' by reference here",
         DiagnosticIDs::Note)
        << View;
  if (Found.ReadIn)
    diag(Found.ReadIn->getBeginLoc(), "the function called reads '%0' here",
         DiagnosticIDs::Note)
        << View;
  diag(madeAt(Found, Views),
       "'%0' is made here; make it again after the change (or "
       "keep an index instead)",
       DiagnosticIDs::Note)
      << View;
}

} // namespace clang::tidy::slicemap
