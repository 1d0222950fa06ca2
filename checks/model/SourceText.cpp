//===--- SourceText.cpp - spelling code in messages and fix-its -----------===//

#include "SourceText.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::slicemap::model {

std::optional<llvm::StringRef> sourceText(SourceRange Range,
                                          const SourceManager &SM,
                                          const LangOptions &LangOpts) {
  CharSourceRange FileRange = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Range), SM, LangOpts);
  if (FileRange.isInvalid())
    return std::nullopt;
  bool Invalid = false;
  llvm::StringRef Text =
      Lexer::getSourceText(FileRange, SM, LangOpts, &Invalid);
  if (Invalid || Text.empty())
    return std::nullopt;
  return Text;
}

std::string quoted(std::optional<llvm::StringRef> Text) {
  if (!Text || Text->size() > 48 || Text->contains('\n'))
    return "";
  return ("'" + *Text + "'").str();
}

bool isEditable(SourceRange Range, const SourceManager &SM,
                const LangOptions &LangOpts) {
  SourceLocation Begin = Range.getBegin();
  if (Begin.isInvalid() ||
      (Begin.isMacroID() && !SM.isMacroArgExpansion(Begin)))
    return false;
  return Lexer::makeFileCharRange(CharSourceRange::getTokenRange(Range), SM,
                                  LangOpts)
      .isValid();
}

} // namespace clang::tidy::slicemap::model
