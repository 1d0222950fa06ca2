//===--- DanglingViewCheck.h - slicemap-dangling-view ---------------------===//

#ifndef SLICEMAP_CHECKS_DANGLINGVIEWCHECK_H
#define SLICEMAP_CHECKS_DANGLINGVIEWCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::slicemap {

namespace dangling {
/// What a function in this TU does to the containers it is given: the
/// parameters (by index) and the members of `*this` whose storage it may
/// move, through its own body or the calls it makes.
struct EffectSummary {
  struct Effect {
    /// Parameter index, or -1 for a member of *this.
    int Parameter = -1;
    const FieldDecl *Member = nullptr;
    /// Only iterators are invalidated (std::deque::push_back).
    bool IteratorsOnly = false;
  };
  llvm::SmallVector<Effect, 2> Effects;
};
} // namespace dangling

/// Finds uses of views - iterators, pointers and references to elements,
/// std::span, std::string_view, data() pointers - after an operation that
/// may move the storage they point into (a vector that grows, a flat hash
/// map that rehashes, a slicemap::Slice that an append moves).
///
/// For the user-facing documentation see:
/// docs/checks/slicemap-dangling-view.md
class DanglingViewCheck : public ClangTidyCheck {
public:
  DanglingViewCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override {
    Reported.clear();
    Analysed.clear();
    Summaries.clear();
    MemberViews.clear();
  }
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }

  /// The effects of calling \p Function (memoised; calls followed to
  /// CallDepth levels).
  const dangling::EffectSummary &summaryOf(const FunctionDecl *Function,
                                           unsigned Depth = 0);
  /// True for a member function returning a view of its object: \p Member
  /// is the member it views (every return in its body in this TU hands out
  /// a view of that member), or null for the whole object
  /// ([[clang::lifetimebound]] on the implicit object parameter).
  bool memberViewOf(const CXXMethodDecl *Method, const FieldDecl *&Member);

private:
  /// How many levels of calls with bodies in the TU to follow.
  const unsigned CallDepth;
  llvm::DenseSet<SourceLocation> Reported;
  llvm::DenseSet<const FunctionDecl *> Analysed;
  llvm::DenseMap<const FunctionDecl *, dangling::EffectSummary> Summaries;
  llvm::DenseMap<const CXXMethodDecl *, std::pair<bool, const FieldDecl *>>
      MemberViews;
};

} // namespace clang::tidy::slicemap

#endif // SLICEMAP_CHECKS_DANGLINGVIEWCHECK_H
