//===--- Options.h - parsing the checks' list-valued options --------------===//

#ifndef SLICEMAP_CHECKS_MODEL_OPTIONS_H
#define SLICEMAP_CHECKS_MODEL_OPTIONS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::slicemap::model {

/// Splits a semicolon-separated option value ("a; b;;c") into trimmed,
/// non-empty items, as clang-tidy's own utils::options::parseStringList does
/// for its list options. Ours, not that one: clang-tidy-22 exports it (`nm -D
/// --defined-only clang-tidy` lists it, so the plugin would find it in the
/// host) and slicemap-tidy / slicemap-clangd link clangTidyUtils through
/// clang-tidy's modules, but slicemap-lint links clangTidy alone, and with
/// parseStringList its link fails (undefined reference). Switching needs
/// clangTidyUtils on slicemap-lint's link line (tool/lint/CMakeLists.txt).
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
