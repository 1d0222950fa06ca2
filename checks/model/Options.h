//===--- Options.h - parsing the checks' list-valued options --------------===//

#ifndef SLICEMAP_CHECKS_MODEL_OPTIONS_H
#define SLICEMAP_CHECKS_MODEL_OPTIONS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::slicemap::model {

/// Splits a semicolon-separated option value ("a; b;;c") into trimmed,
/// non-empty items, the convention clang-tidy's own list options follow.
/// (Ours, not clang-tidy's utils: the plugin must not depend on clang-tidy
/// internals that the host binary may not export.)
inline llvm::SmallVector<llvm::StringRef, 4> parseList(llvm::StringRef Value) {
  llvm::SmallVector<llvm::StringRef, 4> Items;
  while (!Value.empty()) {
    auto [Item, Rest] = Value.split(';');
    if (!Item.trim().empty())
      Items.push_back(Item.trim());
    Value = Rest;
  }
  return Items;
}

} // namespace clang::tidy::slicemap::model

#endif // SLICEMAP_CHECKS_MODEL_OPTIONS_H
