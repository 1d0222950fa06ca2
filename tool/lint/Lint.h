//===--- Lint.h - slicemap-lint: the library behind the CI front door -----===//
//
// slicemap-lint runs the slicemap-* checks over every translation unit of a
// compile database, in parallel, and reports deterministic results as text,
// JSON or SARIF, with a baseline, fix-its and CI exit codes. The binary's
// main is one call to lintMain(); everything else lives in this library.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_TOOL_LINT_LINT_H
#define SLICEMAP_TOOL_LINT_LINT_H

#include "CheckRegistry.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace slicemap::lint {

/// The command line front door: parses argv, runs, returns the exit status
/// (0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or
/// infrastructure error, or no slicemap check enabled anywhere).
int lintMain(int Argc, const char **Argv);

/// Exit statuses.
enum ExitStatus : int { ExitClean = 0, ExitFindings = 1, ExitError = 2 };

/// --fail-on: the least severe finding that makes the run exit 1.
enum class FailOn { Error, Warning, None };

/// One replacement of source text; File is absolute and normalised.
struct Edit {
  std::string File;
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string Text;

  // Filled by completeResults().
  /// File relative to the project root (see Location::RelativePath).
  std::string RelativePath;
  /// 1-based start and end (Offset + Length) positions; columns in bytes.
  unsigned Line = 0, Column = 0, EndLine = 0, EndColumn = 0;

  bool operator<(const Edit &O) const;
  bool operator==(const Edit &O) const;
};

/// A position in a file; Line and Column are 1-based, Column in bytes (as
/// clang prints it).
struct Location {
  std::string File;
  unsigned Offset = 0;

  // Filled by completeResults().
  unsigned Line = 0;
  unsigned Column = 0;
  /// File relative to the project root ('/'-separated), or File itself when
  /// it lies outside the root.
  std::string RelativePath;
};

/// A note attached to a finding, or a compiler error of a failed TU.
struct Note {
  Location Loc;
  std::string Message;
  std::vector<Edit> Fix;
};

/// One slicemap-* warning.
struct Finding {
  std::string Check;
  std::string Message;
  Location Loc;
  std::vector<Note> Notes;
  /// The warning's own fix-it (may be empty).
  std::vector<Edit> Fix;
  /// Filled by completeResults() (see Baseline.cpp).
  std::string Fingerprint;
  /// WarningsAsErrors in the configuration names the check for this file.
  bool IsError = false;
};

/// A translation unit (or a file argument) that could not be analysed.
struct TUError {
  std::string File;
  std::string Reason;
  /// The first compiler errors, in the order clang reported them.
  std::vector<Note> Diagnostics;
  /// Filled by completeResults().
  std::string RelativePath;
};

/// A function whose analysis a check cut short when its work budget ran
/// out: the check's remark "analysis budget ran out in '<function>' ...".
/// The findings of the paths analysed are reported as usual; this is not a
/// finding (no report entry, no baseline entry, no effect on the exit
/// status), only a statistic: the summary, JSON "cutShort", SARIF
/// notifications.
struct CutShortFunction {
  std::string Check;
  std::string Function;
  std::string Message;
  Location Loc;
};

/// What an analysis run produced. analyse() merges and deduplicates;
/// completeResults() locates, sorts and fingerprints, once.
struct Results {
  std::vector<Finding> Findings;          // sorted, deduplicated
  std::vector<TUError> Errors;            // sorted by file
  std::vector<CutShortFunction> CutShort; // sorted, deduplicated
  std::vector<std::string> ConfigWarnings;
  /// Checks enabled for at least one analysed TU, sorted.
  std::vector<std::string> EnabledChecks;
  /// Enabled checks that WarningsAsErrors names in every analysed TU that
  /// enables them, sorted: SARIF's rule default level "error".
  std::vector<std::string> ErrorChecks;
  /// Flags clang does not know, dropped from the compile commands; sorted,
  /// each once.
  std::vector<std::string> DroppedFlags;
  unsigned FilesAnalysed = 0;
  unsigned FilesTotal = 0;
  /// Compile commands (a file built twice counts twice).
  unsigned CommandsAnalysed = 0;
  unsigned CommandsTotal = 0;
  /// Compile commands analysed whose file's configuration enables no
  /// slicemap check (e.g. a vendored folder with Checks: '-*').
  unsigned CommandsWithoutChecks = 0;
};

/// Settings of one run (the parsed command line).
struct Settings {
  std::string Checks; // --checks, empty: not given
  std::string HeaderFilter;
  bool HeaderFilterGiven = false;
  std::vector<std::string> ExtraArgs, ExtraArgsBefore;
  /// --remove-arg's globs (validated by checkRemovePatterns).
  std::vector<std::string> RemoveArgs;
  unsigned Jobs = 0;
  bool FixNotes = false;
  enum class ProgressMode { Auto, Always, Never } Progress = ProgressMode::Auto;
};

/// The resolved set of translation units to analyse.
struct WorkList {
  struct TU {
    std::string File; // absolute, as the database names it
    std::vector<clang::tooling::CompileCommand> Commands;
  };
  std::string ProjectRoot;
  std::vector<TU> TUs; // sorted by file
  /// File arguments that name no file of the database (reported as errors).
  std::vector<TUError> Unmatched;
};

/// What selects the work list: -p, --project-root, the file arguments.
struct WorkRequest {
  std::string BuildPath;
  std::string ProjectRoot; // empty: the default root
  std::vector<std::string> Patterns;
};

/// Loads the compile database and selects the TUs. Returns false with Error
/// set when the run cannot start (no or malformed database, bad root, bad
/// glob); file arguments matching nothing only become Work.Unmatched.
bool loadWorkList(const WorkRequest &Request, WorkList &Work,
                  std::string &Error);

// --- Compile commands (Arguments.cpp) -----------------------------------

/// Validates --remove-arg's globs. False with Error set on a bad pattern.
bool checkRemovePatterns(const std::vector<std::string> &Patterns,
                         std::string &Error);
/// CommandLine without the arguments a pattern matches (with an option's
/// separate values) and without the flags clang's driver does not know,
/// which are appended to DroppedUnknown.
std::vector<std::string>
adjustCommandLine(const std::vector<std::string> &CommandLine,
                  const std::vector<std::string> &RemovePatterns,
                  std::vector<std::string> &DroppedUnknown);

// --- Checks: the registry (checks/CheckRegistry.h) -----------------------

using clang::tidy::slicemap::CheckInfo;

/// slicemap-* checks registered in this binary, sorted.
std::vector<std::string> registeredChecks();
/// The registry's entry for a check; nullptr when the registry lacks it.
const CheckInfo *checkInfo(llvm::StringRef Check);
/// Markdown text as plain text (code spans lose their backticks).
std::string plainText(llvm::StringRef Markdown);
/// --list-checks: "name: description" lines, or with Markdown README's
/// check table. Returns ExitError if a registered check is not in the
/// registry (it is then left out).
int listChecks(llvm::raw_ostream &OS, bool Markdown);

// --- Paths -------------------------------------------------------------

/// Absolute, dot-free, symlink-resolved path when the file exists.
std::string canonicalPath(llvm::StringRef Path, llvm::StringRef BaseDir = "");
/// Path relative to Root with '/' separators, or Path itself outside Root.
std::string relativeTo(llvm::StringRef Path, llvm::StringRef Root);

/// Caches file contents (read once) and maps offsets to line/column.
class SourceFiles {
public:
  /// Contents, or nullptr when unreadable.
  const std::string *contents(llvm::StringRef File);
  /// The 1-based line and byte column of Offset; {0, 0} when unreadable.
  std::pair<unsigned, unsigned> position(llvm::StringRef File, unsigned Offset);
  /// The text of the 1-based line (without newline), empty if unknown.
  llvm::StringRef lineText(llvm::StringRef File, unsigned Line);

private:
  struct Entry {
    bool Readable = false;
    std::string Text;
    std::vector<unsigned> LineStarts;
  };
  Entry &entry(llvm::StringRef File);
  llvm::StringMap<Entry> Cache;
};

// --- Pipeline ----------------------------------------------------------

/// Analyses the work list's TUs in parallel; never throws, failures become
/// TUErrors. Progress goes to stderr when enabled. The results are merged
/// and deduplicated but not yet completed.
Results analyse(const Settings &S, const WorkList &Work, bool ShowProgress);

/// Completes the results, in one stage: the line and column of every
/// location and edit, relative paths, findings and errors sorted, then
/// fingerprints.
void completeResults(Results &R, llvm::StringRef Root, SourceFiles &Sources);

/// Sets each finding's fingerprint (Findings sorted, lines and relative
/// paths filled).
void fingerprintFindings(std::vector<Finding> &Findings, SourceFiles &Sources);

/// Baseline: a set of fingerprints. Returns false with Error set when the
/// file cannot be read or is malformed.
bool readBaseline(llvm::StringRef Path, std::vector<std::string> &Fingerprints,
                  std::string &Error);
bool writeBaseline(llvm::StringRef Path, const std::vector<Finding> &Findings,
                   std::string &Error);

/// Outputs (to OS).
struct OutputInfo {
  std::string ProjectRoot;
  std::string HelpUriBase;
  unsigned Suppressed = 0;
};
void writeText(llvm::raw_ostream &OS, const Results &R, SourceFiles &Sources);
void writeJson(llvm::raw_ostream &OS, const Results &R, const OutputInfo &Info);
void writeSarif(llvm::raw_ostream &OS, const Results &R, const OutputInfo &Info,
                SourceFiles &Sources);
void writeSummary(llvm::raw_ostream &OS, const Results &R,
                  const OutputInfo &Info);

/// Applies the fix-its of Findings (with FixNotes, also fixes attached to
/// notes when the warning has none) once per file, skipping conflicting
/// ones. Reports on Log; returns false if a file could not be written.
bool applyFixes(const std::vector<Finding> &Findings, bool FixNotes,
                SourceFiles &Sources, llvm::raw_ostream &Log);

/// The fix-it --fix would apply for F (the warning's own, else with
/// FixNotes the first note's that has one).
const std::vector<Edit> *chosenFix(const Finding &F, bool FixNotes);

} // namespace slicemap::lint

#endif // SLICEMAP_TOOL_LINT_LINT_H
