//===--- LostUpdateCheck.cpp - slicemap-lost-update -----------------------===//
//
// Go's `s := m[k]; s = append(s, v)` without `m[k] = s`, in C++ clothes:
// `auto v = table[key]; v.push_back(x);` changes a copy that dies unseen.
//
// Per function definition (each instantiation of a template; lambdas are
// functions of their own):
//
//  1. One walk over the body (model/ModifiedCopies.h) finds the candidates
//     - locals copied from a value stored elsewhere, by-value range-for
//     variables and structured bindings, by-value container parameters -
//     the modifications of each, and the candidates that may be observed
//     through an alias (dropped).
//  2. A backward liveness analysis over the CFG (analysis/Engine.h): a
//     candidate is live where some path ahead reads it. A plain assignment
//     of the whole copy ends liveness; its declaration starts a new copy.
//     Any other mention of the candidate is a read.
//  3. A modification after which the candidate is dead on every path is
//     lost; the last one in the source is reported, once per candidate.
//     When the work budget runs out before the liveness is complete, a
//     partial liveness would miss reads: only copies read nowhere in the
//     function are reported then, with a remark that names the function.
//
// Types decide what counts: handles (pointers, smart pointers, views,
// slicemap::Map, the HandleTypes option) are never candidates - writes
// through a copy reach the shared object; element writes through a
// slicemap::Slice copy reach the shared array (only its length, grown by
// append, is lost); for other classes only writes to their fields count,
// since a member function may publish its effects elsewhere.
//
// Two kinds of assignment are not lost updates. A re-pointing - the whole
// copy assigned another stored value (`l = c.get(1)`) - moves a cursor over
// stored values: it ends liveness like any assignment but is never reported.
// A read this build compiled out - the copy named in a macro argument the
// expansion drops (`assert(l.var() == v)` under NDEBUG, an empty SASSERT) or
// in a skipped `#ifdef DEBUG` block (model/CompiledOut.h) - counts when it
// comes after the modification in the source, or in a loop around both.
//
// Known gap: a read that only happens through an alias made in a callee
// (a function that stores a pointer to its reference argument) is not seen.
//
//===----------------------------------------------------------------------===//

#include "LostUpdateCheck.h"

#include "model/LiveSet.h"
#include "model/ModifiedCopies.h"
#include "model/Options.h"
#include "model/SourceText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Lex/Preprocessor.h"

namespace clang::tidy::slicemap {

namespace {

using model::CopyCandidate;
using model::CopyModification;
using model::CopyOrigin;
using model::ModifiedCopies;

const Stmt *statementOf(const CFGElement &Element) {
  std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>();
  return AsStmt ? AsStmt->getStmt() : nullptr;
}

/// Backwards: the candidates live at a point (some path ahead reads them).
struct LivenessTransfer {
  const ModifiedCopies &Copies;

  void element(const CFGElement &Element, model::LiveSet &State) {
    const Stmt *S = statementOf(Element);
    if (!S)
      return;
    if (const CopyModification *Mod = Copies.modificationAt(S)) {
      if (Mod->Replaces)
        State.Live.reset(Mod->Candidate);
      return;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (std::optional<unsigned> I = Copies.indexOf(Ref->getDecl());
          I && !Copies.Owned.contains(Ref))
        State.Live.set(*I);
      return;
    }
    if (const auto *Declaration = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Declaration->decls()) {
        kill(D, State);
        if (const auto *Decomposition = dyn_cast<DecompositionDecl>(D))
          for (const BindingDecl *Binding : Decomposition->bindings())
            kill(Binding, State);
      }
    }
  }

  void kill(const Decl *D, model::LiveSet &State) {
    if (std::optional<unsigned> I = Copies.indexOf(D))
      State.Live.reset(*I);
  }
};

/// Of \p Statements, those in blocks that a path from the entry reaches, in
/// block order.
std::vector<const Stmt *>
reachableOnly(const CFG &Graph,
              const llvm::DenseSet<const Stmt *> &Statements) {
  std::vector<const Stmt *> Kept;
  if (Statements.empty())
    return Kept;
  PostOrderCFGView Reachable(&Graph);
  for (const CFGBlock *Block : Reachable)
    for (const CFGElement &Element : *Block)
      if (const Stmt *S = statementOf(Element); S && Statements.contains(S))
        Kept.push_back(S);
  return Kept;
}

} // namespace

LostUpdateCheck::LostUpdateCheck(llvm::StringRef Name,
                                 ClangTidyContext *Context)
    : FlowCheck(Name, Context),
      HandleTypesOption(Options.get("HandleTypes", "")) {
  for (llvm::StringRef Type : model::parseList(HandleTypesOption)) {
    Type.consume_front("::");
    HandleTypes.emplace_back(Type);
  }
}

void LostUpdateCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  FlowCheck::storeOptions(Opts);
  Options.store(Opts, "HandleTypes", HandleTypesOption);
}

void LostUpdateCheck::registerPPCallbacks(const SourceManager &SM,
                                          Preprocessor *PP, Preprocessor *) {
  PP->addPPCallbacks(CompiledOut.record(SM));
}

bool LostUpdateCheck::isConfiguredHandle(QualType Type) {
  if (HandleTypes.empty())
    return false;
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return false;
  const NamedDecl *Class = Record;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    Class = Spec->getSpecializedTemplate();
  auto [Cached, Inserted] = HandleClassCache.try_emplace(Class, false);
  if (Inserted) {
    const std::string Name = Class->getQualifiedNameAsString();
    Cached->second = llvm::is_contained(HandleTypes, Name);
  }
  return Cached->second;
}

void LostUpdateCheck::analyse(const FunctionDecl &Function, Stmt &Body,
                              ASTContext &Context) {
  ModifiedCopies Copies = ModifiedCopies::find(
      Function, [this](QualType Type) { return isConfiguredHandle(Type); });
  // Nothing to analyse unless some modified candidate has no alias.
  if (Copies.modifiedUnescaped().none())
    return;
  std::unique_ptr<CFG> Graph =
      analysis::buildFlowCFG(&Function, &Body, Context);
  if (!Graph)
    return;
  // Every read the walk saw must be an element of the CFG, or liveness could
  // miss it: a candidate with a reference the CFG left out is dropped.
  const analysis::ElementSet InGraph(*Graph);
  for (CopyCandidate &C : Copies.Candidates)
    if (llvm::any_of(C.Refs, [&](const DeclRefExpr *Ref) {
          return !InGraph.contains(Ref);
        }))
      C.Escaped = true;
  if (Copies.modifiedUnescaped().none())
    return;

  // The last lost modification of each candidate, in source order.
  const SourceManager &SM = Context.getSourceManager();
  llvm::DenseMap<unsigned, const Stmt *> LastLost;
  for (const Stmt *S : lostModifications(Function, *Graph, Copies)) {
    if (readWhereCompiledOut(Copies, S, Body, SM))
      continue;
    auto [Slot, Inserted] =
        LastLost.try_emplace(Copies.modificationAt(S)->Candidate, S);
    if (!Inserted && SM.isBeforeInTranslationUnit(Slot->second->getBeginLoc(),
                                                  S->getBeginLoc()))
      Slot->second = S;
  }
  for (const auto &[Number, S] : LastLost)
    emitLost(Copies, S, *Copies.modificationAt(S));
}

std::vector<const Stmt *>
LostUpdateCheck::lostModifications(const FunctionDecl &Function,
                                   const CFG &Graph,
                                   const ModifiedCopies &Copies) {
  LivenessTransfer Flow{Copies};
  // An escaped candidate is always live: every modification is observable.
  model::LiveSet AtExit{llvm::BitVector(Copies.Candidates.size())};
  for (unsigned I = 0; I < Copies.Candidates.size(); ++I)
    if (Copies.Candidates[I].Escaped)
      AtExit.Live.set(I);
  analysis::WorkBudget Budget = budget();
  const analysis::Solution<model::LiveSet> Live =
      analysis::solveBackward(Graph, AtExit, Flow, Budget);

  llvm::DenseSet<const Stmt *> Lost;
  if (Live.Complete) {
    analysis::replayBackward(
        Graph, Live, Flow,
        [&](const CFGElement &Element, const model::LiveSet &After) {
          const Stmt *S = statementOf(Element);
          const CopyModification *Mod = S ? Copies.modificationAt(S) : nullptr;
          if (Mod && !Mod->Repoints && !After.Live.test(Mod->Candidate) &&
              !Copies.Candidates[Mod->Candidate].Escaped)
            Lost.insert(S);
        });
  } else {
    // A partial liveness misses reads (false findings): only a copy that is
    // read nowhere has lost every modification.
    reportCutShort(Function, Budget);
    for (const auto &[S, Mod] : Copies.Modifications)
      if (!Mod.Repoints && !Copies.Candidates[Mod.Candidate].Escaped &&
          !Copies.isReadAnywhere(Mod.Candidate))
        Lost.insert(S);
  }
  return reachableOnly(Graph, Lost);
}

bool LostUpdateCheck::readWhereCompiledOut(const ModifiedCopies &Copies,
                                           const Stmt *S, const Stmt &Body,
                                           const SourceManager &SM) const {
  const CopyCandidate &C =
      Copies.Candidates[Copies.modificationAt(S)->Candidate];
  const IdentifierInfo *Name = C.Decl->getIdentifier();
  if (!Name)
    return false;
  // From the copy's declaration to the end of the function: a mention
  // before the copy, or in another function, names something else.
  const SourceLocation Declared = SM.getExpansionLoc(C.Decl->getLocation());
  const SourceLocation End = SM.getExpansionRange(Body.getEndLoc()).getEnd();
  const SourceLocation Modified = SM.getExpansionLoc(S->getBeginLoc());
  bool Read = false;
  CompiledOut.forEachMention(
      *Name, Declared, End, SM, getLangOpts(), [&](SourceLocation Mention) {
        Read = SM.isBeforeInTranslationUnit(Modified, Mention) ||
               Copies.inOneLoop(Modified, Mention, SM);
        return !Read;
      });
  return Read;
}

void LostUpdateCheck::emitLost(const ModifiedCopies &Copies, const Stmt *S,
                               const CopyModification &Mod) {
  const CopyCandidate &C = Copies.Candidates[Mod.Candidate];
  const SourceLocation At = S->getBeginLoc();
  if (At.isInvalid() || !firstReportAt(At))
    return;
  const SourceManager &SM = C.Decl->getASTContext().getSourceManager();
  const std::string Name = C.Decl->getName().str();
  const std::string Change = Mod.Appends
                                 ? "the elements this append adds are lost"
                                 : "this modification is lost";
  const std::string Source =
      C.Source ? model::quoted(model::sourceText(C.Source->getSourceRange(), SM,
                                                 getLangOpts()))
               : "";
  switch (C.From) {
  case CopyOrigin::Parameter:
    diag(At, "'%0' is a by-value parameter; %1 when the function returns")
        << Name << Change;
    diag(C.Decl->getLocation(),
         "'%0' is passed by value here; take it by reference to change the "
         "caller's object, or return it",
         DiagnosticIDs::Note)
        << Name;
    return;
  case CopyOrigin::LoopElement:
    diag(At, "'%0' is a copy of an element of %1; %2 at the end of the "
             "iteration")
        << Name << (Source.empty() ? "the range" : Source) << Change;
    break;
  case CopyOrigin::Element:
  case CopyOrigin::MapValue:
    diag(At, "'%0' is a copy of %1; %2 when '%0' goes out of scope")
        << Name << (Source.empty() ? "a stored value" : Source) << Change;
    break;
  }
  emitHowToKeep(Copies, Mod.Candidate);
}

/// Where the copy is made, and how to keep the change: write a map's value
/// back, or declare the copy as a reference.
void LostUpdateCheck::emitHowToKeep(const ModifiedCopies &Copies,
                                    unsigned Candidate) {
  const CopyCandidate &C = Copies.Candidates[Candidate];
  const SourceManager &SM = C.Decl->getASTContext().getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  const std::string Name = C.Decl->getName().str();
  const SourceLocation Declared = C.Declared->getLocation();
  if (C.MapGet) {
    const Expr *Map = C.MapGet->getImplicitObjectArgument();
    std::string WriteBack;
    if (C.MapGet->getNumArgs() == 1 && Map && !Map->isImplicitCXXThis()) {
      auto MapText = model::sourceText(Map->getSourceRange(), SM, LangOpts);
      auto KeyText = model::sourceText(C.MapGet->getArg(0)->getSourceRange(),
                                       SM, LangOpts);
      const auto *Member =
          dyn_cast<MemberExpr>(C.MapGet->getCallee()->IgnoreParens());
      if (MapText && KeyText && Member)
        WriteBack = (*MapText + (Member->isArrow() ? "->" : ".") + "set(" +
                     *KeyText + ", " + Name + ")")
                        .str();
    }
    if (WriteBack.empty())
      diag(Declared,
           "'%0' is a copy of the map's value; write it back with the map's "
           "set()",
           DiagnosticIDs::Note)
          << Name;
    else
      diag(Declared,
           "'%0' is a copy of the map's value; write it back with '%1'",
           DiagnosticIDs::Note)
          << Name << WriteBack;
  } else if (C.CanBeReference &&
             model::isEditable(SourceRange(Declared), SM, LangOpts)) {
    diag(Declared,
         "'%0' is declared here as a copy; declare it as a reference to "
         "modify the original in place",
         DiagnosticIDs::Note)
        << Name << FixItHint::CreateInsertion(Declared, "&");
  } else {
    diag(Declared, "'%0' is declared here as a copy", DiagnosticIDs::Note)
        << Name;
  }
}

} // namespace clang::tidy::slicemap
