//===--- LiveSet.h - the state of a liveness analysis ---------------------===//
//
// The state of a backward may-analysis over numbered facts (variables read
// on some path ahead, copies still unread): a bit vector whose join is the
// union, for analysis::solveBackward.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_LIVESET_H
#define SLICEMAP_CHECKS_MODEL_LIVESET_H

#include "analysis/BitFacts.h"

namespace clang::tidy::slicemap::model {

struct LiveSet {
  llvm::BitVector Live;

  bool join(const LiveSet &Other) { return analysis::unite(Live, Other.Live); }
  std::size_t words() const { return analysis::wordsOf(Live); }
};

} // namespace clang::tidy::slicemap::model

#endif // SLICEMAP_CHECKS_MODEL_LIVESET_H
