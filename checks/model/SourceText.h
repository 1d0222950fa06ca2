//===--- SourceText.h - spelling code in messages and fix-its -------------===//

#ifndef SLICEMAP_CHECKS_MODEL_SOURCETEXT_H
#define SLICEMAP_CHECKS_MODEL_SOURCETEXT_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace clang {
class LangOptions;
class SourceManager;

namespace tidy::slicemap::model {

/// Text of \p Range as written, if it is spelled in one file range (not
/// split across macro boundaries).
std::optional<llvm::StringRef> sourceText(SourceRange Range,
                                          const SourceManager &SM,
                                          const LangOptions &LangOpts);

/// \p Text in single quotes, for a message ("'m.get(k)'"); empty when there
/// is no text, or it is too long or spans lines to read well in a message.
std::string quoted(std::optional<llvm::StringRef> Text);

/// True when a fix-it may edit \p Range: it starts in the file itself or in
/// a macro argument (never in a macro body) and maps to one file range.
bool isEditable(SourceRange Range, const SourceManager &SM,
                const LangOptions &LangOpts);

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_SOURCETEXT_H
