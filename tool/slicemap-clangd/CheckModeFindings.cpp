//===--- CheckModeFindings.cpp - slicemap findings of clangd --check ------===//
//
// `clangd --check=FILE` builds the file's AST the way the editor would and
// logs what failed, but prints no clang-tidy finding, so the editor door
// could not be tried from a shell. slicemap-clangd prints, in check mode,
// each slicemap finding clangd computed, on standard output in clang's
// format (`file:line:col: warning: message [check]`, its notes below it).
//
// The hook is clangd's own filter: for every clang-tidy diagnostic in the
// main file clangd asks ClangTidyContext::shouldSuppressDiagnostic (NOLINT
// and friends) before keeping it. That call is wrapped at link time (ld
// --wrap, see tool/CMakeLists.txt); a diagnostic it keeps is printed. What
// .clangd removes (Diagnostics: Suppress) is filtered before that call.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>
#include <set>
#include <string>

namespace slicemap::clangd {

namespace {
bool Enabled = false;
std::mutex Mutex;
/// Printed lines, once each: --check-tidy-time builds the AST many times.
std::set<std::string> Printed;
/// Whether the last warning was printed: its notes follow it.
bool LastWarningPrinted = false;

std::string describe(const char *Severity, const clang::Diagnostic &Info,
                     llvm::StringRef Check) {
  std::string Line;
  llvm::raw_string_ostream OS(Line);
  if (Info.hasSourceManager() && Info.getLocation().isValid()) {
    const clang::SourceManager &SM = Info.getSourceManager();
    clang::PresumedLoc P = SM.getPresumedLoc(SM.getFileLoc(Info.getLocation()));
    if (P.isValid())
      OS << P.getFilename() << ":" << P.getLine() << ":" << P.getColumn()
         << ": ";
  }
  llvm::SmallString<256> Message;
  Info.FormatDiagnostic(Message);
  OS << Severity << ": " << Message;
  // clang-tidy's message usually ends with the check's name already.
  if (!Check.empty() && !Message.str().ends_with(("[" + Check + "]").str()))
    OS << " [" << Check << "]";
  return Line;
}
} // namespace

void enableCheckModeFindings() { Enabled = true; }

void noteKeptDiagnostic(const clang::tidy::ClangTidyContext &Context,
                        clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) {
  if (!Enabled)
    return;
  std::string Check = Context.getCheckName(Info.getID());
  if (!llvm::StringRef(Check).starts_with("slicemap-"))
    return;
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Level == clang::DiagnosticsEngine::Note) {
    if (LastWarningPrinted)
      llvm::outs() << describe("note", Info, "") << "\n";
    return;
  }
  // Remarks (an analysis cut short) are not findings.
  LastWarningPrinted = false;
  if (Level < clang::DiagnosticsEngine::Warning)
    return;
  const char *Severity =
      Level >= clang::DiagnosticsEngine::Error || Context.treatAsError(Check)
          ? "error"
          : "warning";
  std::string Line = describe(Severity, Info, Check);
  if (!Printed.insert(Line).second)
    return;
  LastWarningPrinted = true;
  llvm::outs() << Line << "\n";
  llvm::outs().flush();
}

} // namespace slicemap::clangd

// The linker routes clangd's calls of ClangTidyContext::
// shouldSuppressDiagnostic here (a member function: `this` comes first);
// __real_ reaches the original.
extern "C" {
bool __real__ZN5clang4tidy16ClangTidyContext24shouldSuppressDiagnosticENS_17DiagnosticsEngine5LevelERKNS_10DiagnosticERN4llvm15SmallVectorImplINS_7tooling10DiagnosticEEEbb(
    clang::tidy::ClangTidyContext *Context,
    clang::DiagnosticsEngine::Level Level, const clang::Diagnostic &Info,
    llvm::SmallVectorImpl<clang::tooling::Diagnostic> &NoLintErrors,
    bool AllowIO, bool EnableNoLintBlocks);

bool __wrap__ZN5clang4tidy16ClangTidyContext24shouldSuppressDiagnosticENS_17DiagnosticsEngine5LevelERKNS_10DiagnosticERN4llvm15SmallVectorImplINS_7tooling10DiagnosticEEEbb(
    clang::tidy::ClangTidyContext *Context,
    clang::DiagnosticsEngine::Level Level, const clang::Diagnostic &Info,
    llvm::SmallVectorImpl<clang::tooling::Diagnostic> &NoLintErrors,
    bool AllowIO, bool EnableNoLintBlocks) {
  bool Suppressed =
      __real__ZN5clang4tidy16ClangTidyContext24shouldSuppressDiagnosticENS_17DiagnosticsEngine5LevelERKNS_10DiagnosticERN4llvm15SmallVectorImplINS_7tooling10DiagnosticEEEbb(
          Context, Level, Info, NoLintErrors, AllowIO, EnableNoLintBlocks);
  if (!Suppressed)
    slicemap::clangd::noteKeptDiagnostic(*Context, Level, Info);
  return Suppressed;
}
}
