//===--- SharedAppendCheck.h - slicemap-shared-append ---------------------===//

#ifndef SLICEMAP_CHECKS_SHAREDAPPENDCHECK_H
#define SLICEMAP_CHECKS_SHAREDAPPENDCHECK_H

#include "analysis/FlowCheck.h"

namespace clang::tidy::slicemap {

namespace model {
class SliceSharing;
} // namespace model

/// Finds appends through a slicemap::Slice that shares its backing array
/// with another slice still in use: an append to a sub-slice `s.sub(lo, hi)`
/// that overwrites `s[hi]`, and two appends to the same unchanged slice
/// whose results are both used (the second overwrites the first's element).
///
/// For the user-facing documentation see:
/// docs/checks/slicemap-shared-append.md
class SharedAppendCheck : public analysis::FlowCheck {
public:
  using FlowCheck::FlowCheck;

  /// An append through a window of a variable that is read after it.
  struct WindowFinding;
  /// A second append to a variable while an earlier result is kept.
  struct RepeatFinding;

protected:
  void analyse(const FunctionDecl &Function, Stmt &Body,
               ASTContext &Context) override;

private:
  void emitWindow(const WindowFinding &F, const model::SliceSharing &Sharing,
                  const ASTContext &Context);
  void emitWindowFix(const CallExpr *Sub, const SourceManager &SM);
  void emitRepeat(const RepeatFinding &F, const model::SliceSharing &Sharing);
};

} // namespace clang::tidy::slicemap

#endif // SLICEMAP_CHECKS_SHAREDAPPENDCHECK_H
