//===--- NilMapWriteCheck.h - slicemap-nil-map-write ----------------------===//

#ifndef SLICEMAP_CHECKS_NILMAPWRITECHECK_H
#define SLICEMAP_CHECKS_NILMAPWRITECHECK_H

#include "analysis/FlowCheck.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace clang::tidy::slicemap {

/// Finds writes (set, operator[]) to a slicemap::Map that is nil on every
/// path, or on some path, to the write: the write panics with Go's
/// "assignment to entry in nil map".
///
/// For the user-facing documentation see:
/// docs/checks/slicemap-nil-map-write.md
class NilMapWriteCheck : public analysis::FlowCheck {
public:
  NilMapWriteCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

  /// A write that may panic, and the state of its map there.
  struct Finding;

protected:
  void analyse(const FunctionDecl &Function, Stmt &Body,
               ASTContext &Context) override;
  void startTranslationUnit() override { NeverMade.clear(); }

private:
  /// For a member function: the Map members of its class that nothing
  /// makes (cached per class).
  llvm::ArrayRef<const FieldDecl *> neverMade(const FunctionDecl &Function,
                                              ASTContext &Context);
  /// \p AllPaths: the analysis completed, so nil on every path analysed is
  /// nil on every path.
  void emitFinding(const Finding &F, bool AllPaths, const ASTContext &Context);
  void emitNilOrigin(const Finding &F, const std::string &Name);

  /// Report writes on paths where the map may be nil (not only on all).
  const bool WarnOnMaybeNil;
  /// Per class: its Map members that no constructor or method makes.
  llvm::DenseMap<const CXXRecordDecl *, llvm::SmallVector<const FieldDecl *, 2>>
      NeverMade;
};

} // namespace clang::tidy::slicemap

#endif // SLICEMAP_CHECKS_NILMAPWRITECHECK_H
