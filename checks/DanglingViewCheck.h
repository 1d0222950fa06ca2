//===--- DanglingViewCheck.h - slicemap-dangling-view ---------------------===//

#ifndef SLICEMAP_CHECKS_DANGLINGVIEWCHECK_H
#define SLICEMAP_CHECKS_DANGLINGVIEWCHECK_H

#include "analysis/FlowCheck.h"
#include "model/ContainerEffects.h"
#include "model/ContainerTypes.h"

#include <vector>

namespace clang::tidy::slicemap {

namespace model {
struct ViewFinding;
class ViewInventory;
} // namespace model

/// Finds uses of views - iterators, pointers and references to elements,
/// std::span, std::string_view, data() pointers - after an operation that
/// may move the storage they point into (a vector that grows, a flat hash
/// map that rehashes, a slicemap::Slice that an append moves).
///
/// For the user-facing documentation see:
/// docs/checks/slicemap-dangling-view.md
class DanglingViewCheck : public analysis::FlowCheck {
public:
  DanglingViewCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  void analyse(const FunctionDecl &Function, Stmt &Body,
               ASTContext &Context) override;
  void startTranslationUnit() override {
    Effects.clear();
    UserContainers.clear();
  }
  /// Views and containers are objects the body names; a suspension keeps
  /// them in the frame, and what runs while suspended is not this body.
  bool analysesCoroutines() const override { return true; }

  void emitLoopMutation(const model::ViewFinding &Found,
                        const CXXForRangeStmt &Loop);
  void emitDanglingUse(const model::ViewFinding &Found,
                       const model::ViewInventory &Views);
  void emitAlgorithmMutation(const model::ViewFinding &Found);
  void emitLeftDangling(const model::ViewFinding &Found,
                        const model::ViewInventory &Views);
  void emitLeftToDestroyed(const model::ViewFinding &Found);
  void report(std::vector<model::ViewFinding> &Findings,
              const model::ViewInventory &Views, ASTContext &Context);

  /// How many levels of calls with bodies in the TU to follow.
  const unsigned CallDepth;
  /// `::ns::Class=family;...`: classes the container model does not know.
  const std::string ContainerTypesOption;
  model::ContainerTypes UserContainers;
  model::ContainerEffects Effects;
};

} // namespace clang::tidy::slicemap

#endif // SLICEMAP_CHECKS_DANGLINGVIEWCHECK_H
