//===--- LostUpdateCheck.h - slicemap-lost-update -------------------------===//

#ifndef SLICEMAP_CHECKS_LOSTUPDATECHECK_H
#define SLICEMAP_CHECKS_LOSTUPDATECHECK_H

#include "analysis/FlowCheck.h"
#include "model/CompiledOut.h"

#include "llvm/ADT/DenseMap.h"

#include <string>
#include <vector>

namespace clang::tidy::slicemap {

namespace model {
struct CopyModification;
struct ModifiedCopies;
} // namespace model

/// Finds a local copy of a value owned elsewhere (a container element, a
/// slicemap::Map value, a by-value container parameter) that is modified and
/// then never read again: the modification dies with the copy.
///
/// For the user-facing documentation see:
/// docs/checks/slicemap-lost-update.md
class LostUpdateCheck : public analysis::FlowCheck {
public:
  LostUpdateCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;

  /// True for types configured as handles (HandleTypes): copies of them
  /// write to a shared object, so they are never lost updates.
  bool isConfiguredHandle(QualType Type);

protected:
  void analyse(const FunctionDecl &Function, Stmt &Body,
               ASTContext &Context) override;
  void startTranslationUnit() override { HandleClassCache.clear(); }

private:
  /// The modifications after which their copy is read on no path, by the
  /// liveness of the copies; only what holds without liveness (copies read
  /// nowhere) when the budget runs out first.
  std::vector<const Stmt *> lostModifications(const FunctionDecl &Function,
                                              const CFG &Graph,
                                              const model::ModifiedCopies &);
  /// True when code this build compiled out names the modified copy where a
  /// path from \p S may reach it: a read in the builds that keep that code.
  bool readWhereCompiledOut(const model::ModifiedCopies &Copies, const Stmt *S,
                            const Stmt &Body, const SourceManager &SM) const;
  void emitLost(const model::ModifiedCopies &Copies, const Stmt *At,
                const model::CopyModification &Mod);
  void emitHowToKeep(const model::ModifiedCopies &Copies, unsigned Candidate);

  /// The HandleTypes option as written (semicolon-separated).
  const std::string HandleTypesOption;
  /// Its qualified names, without a leading "::".
  std::vector<std::string> HandleTypes;
  llvm::DenseMap<const Decl *, bool> HandleClassCache;
  /// What the preprocessor removed from this translation unit.
  model::CompiledOutCode CompiledOut;
};

} // namespace clang::tidy::slicemap

#endif // SLICEMAP_CHECKS_LOSTUPDATECHECK_H
