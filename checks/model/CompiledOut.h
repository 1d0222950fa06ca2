//===--- CompiledOut.h - names in code the preprocessor removed -----------===//
//
// Code the author compiles in some builds and not in this one leaves no
// trace in the AST, yet a variable it names is read in those builds:
//
//  - an argument a macro's expansion drops: `assert(v.size() == n)` under
//    NDEBUG (`#define assert(e) ((void)0)`), a project's `#define SASSERT(x)`
//    with an empty expansion, a DEBUG_CODE(...) wrapper;
//  - a block of a false conditional: `#ifdef DEBUG ... #endif`.
//
// CompiledOutCode records both for one translation unit while it is
// preprocessed. Dropped arguments: only for function-like macros whose
// definition leaves a parameter out (found once per macro), the identifiers
// of those arguments, by name, where they are written. Skipped blocks: only
// their ranges, outside system headers; they are lexed when asked about, and
// never counted when they open with `#if 0` (dead in every build).
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_COMPILEDOUT_H
#define SLICEMAP_CHECKS_MODEL_COMPILEDOUT_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <vector>

namespace clang {
class IdentifierInfo;
class LangOptions;
class PPCallbacks;
class SourceManager;

namespace tidy::slicemap::model {

class CompiledOutCode {
public:
  /// Forgets what was recorded for the previous translation unit and returns
  /// the callbacks that record this one (the preprocessor owns them).
  std::unique_ptr<PPCallbacks> record(const SourceManager &SM);

  /// Calls \p Visit with each place strictly between \p After and \p Before
  /// (file locations) where compiled-out code names \p Name, until it
  /// returns false. Skipped blocks in that range are lexed here.
  void forEachMention(const IdentifierInfo &Name, SourceLocation After,
                      SourceLocation Before, const SourceManager &SM,
                      const LangOptions &LangOpts,
                      llvm::function_ref<bool(SourceLocation)> Visit) const;

  /// For the recorder.
  void noteDroppedName(const IdentifierInfo *Name, SourceLocation At,
                       const SourceManager &SM);
  void noteSkippedBlock(SourceRange Block, const SourceManager &SM);

private:
  /// Offsets in one file, sorted when asked about.
  struct Offsets {
    std::vector<unsigned> Begins;
    /// The end of each skipped block, in step with Begins (blocks only).
    std::vector<unsigned> Ends;
    bool Sorted = true;
    void add(unsigned Begin, unsigned End = 0);
    /// The positions of the offsets strictly between \p After and \p Before.
    std::pair<std::size_t, std::size_t> between(unsigned After,
                                                unsigned Before);
  };

  /// Where each identifier is written in a dropped macro argument, by file
  /// (a function's body is in one file: only its own is looked at).
  mutable llvm::DenseMap<std::pair<const IdentifierInfo *, FileID>, Offsets>
      DroppedNames;
  /// Blocks of false conditionals, from their directive, by file.
  mutable llvm::DenseMap<FileID, Offsets> SkippedBlocks;
};

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_COMPILEDOUT_H
