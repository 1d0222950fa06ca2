//===--- Driver.cpp - slicemap-lint's command line ------------------------===//

#include "Lint.h"
#include "SlicemapVersion.h"

#include "clang-tidy/ClangTidy.h"
#include "clang/Tooling/JSONCompilationDatabase.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <optional>

#ifndef SLICEMAP_VERSION
#define SLICEMAP_VERSION "0.0.0"
#endif
#ifndef SLICEMAP_HELP_URI_BASE
#define SLICEMAP_HELP_URI_BASE                                                 \
  "https://github.com/slicemap/slicemap/blob/main/docs/checks/"
#endif

namespace slicemap::lint {
namespace {

namespace cl = llvm::cl;

cl::OptionCategory Category("slicemap-lint options");

enum class Format { Text, Json, Sarif };

cl::opt<std::string>
    BuildPath("p",
              cl::desc("Build directory holding compile_commands.json "
                       "(or the path of the database file itself)"),
              cl::value_desc("build-dir"), cl::cat(Category));
cl::list<std::string>
    FilePatterns(cl::Positional,
                 cl::desc("[<file or glob> ...]  (default: every TU in the "
                          "compile database)"),
                 cl::cat(Category));
cl::opt<std::string> ChecksOpt(
    "checks",
    cl::desc("Comma-separated globs of checks, appended to the configured "
             "ones as in clang-tidy\n(default: every slicemap-* check, then "
             ".clang-tidy's Checks)"),
    cl::value_desc("globs"), cl::cat(Category));
cl::opt<unsigned> JobsOpt("j",
                          cl::desc("Translation units analysed in parallel "
                                   "(default: all cores)"),
                          cl::value_desc("N"), cl::init(0), cl::Prefix,
                          cl::cat(Category));
cl::alias JobsAlias("jobs", cl::desc("Alias for -j"), cl::aliasopt(JobsOpt));
cl::opt<Format> FormatOpt(
    "format", cl::desc("Output format"), cl::init(Format::Text),
    cl::values(
        clEnumValN(Format::Text, "text",
                   "clang's file:line:col: warning: message [check] (default)"),
        clEnumValN(Format::Json, "json", "JSON (docs/slicemap-lint.md)"),
        clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0")),
    cl::cat(Category));
cl::opt<std::string> OutputOpt("o",
                               cl::desc("Write the report to FILE (default: "
                                        "standard output)"),
                               cl::value_desc("FILE"), cl::cat(Category));
cl::opt<std::string>
    BaselineOpt("baseline",
                cl::desc("Report only findings not recorded in FILE"),
                cl::value_desc("FILE"), cl::cat(Category));
cl::opt<std::string>
    WriteBaselineOpt("write-baseline",
                     cl::desc("Record the current findings in FILE and exit 0"),
                     cl::value_desc("FILE"), cl::cat(Category));
cl::opt<bool> FixOpt("fix", cl::desc("Apply the reported findings' fix-its"),
                     cl::cat(Category));
cl::opt<bool> FixNotesOpt(
    "fix-notes",
    cl::desc("Also apply a fix-it attached to a note when the warning has "
             "none (implies --fix)"),
    cl::cat(Category));
cl::opt<std::string> HeaderFilterOpt(
    "header-filter",
    cl::desc("Regular expression for the headers to report findings in, as "
             "clang-tidy's\n(default: .clang-tidy's HeaderFilterRegex, else "
             "every header under the project root)"),
    cl::value_desc("regex"), cl::cat(Category));
cl::opt<std::string> ProjectRootOpt(
    "project-root",
    cl::desc("Root that report paths and fingerprints are relative to "
             "(default: the deepest\ndirectory holding the build directory "
             "and every file of the compile database)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string>
    HelpUriBaseOpt("help-uri-base",
                   cl::desc("URL prefix of the check pages in SARIF rules: "
                            "<prefix><check>.md"),
                   cl::value_desc("url"), cl::init(SLICEMAP_HELP_URI_BASE),
                   cl::cat(Category));
cl::opt<Settings::ProgressMode> ProgressModeOpt(
    "progress", cl::desc("Progress on standard error"),
    cl::init(Settings::ProgressMode::Auto),
    cl::values(clEnumValN(Settings::ProgressMode::Auto, "auto",
                          "on a terminal unless CI is set (default)"),
               clEnumValN(Settings::ProgressMode::Always, "always", "always"),
               clEnumValN(Settings::ProgressMode::Never, "never", "never")),
    cl::cat(Category));
cl::opt<bool> QuietOpt("quiet", cl::desc("No summary table on standard error"),
                       cl::cat(Category));
enum class ListMode { None, Plain, Markdown };
cl::opt<ListMode> ListChecksOpt(
    "list-checks",
    cl::desc("List the checks with their descriptions and exit "
             "(=markdown: README.md's check table)"),
    cl::init(ListMode::None), cl::ValueOptional,
    cl::values(clEnumValN(ListMode::Plain, "", "name: description lines"),
               clEnumValN(ListMode::Markdown, "markdown",
                          "README.md's check table")),
    cl::cat(Category));
cl::list<std::string>
    ExtraArgOpt("extra-arg",
                cl::desc("Additional argument to append to the compiler "
                         "command line"),
                cl::cat(Category));
cl::list<std::string>
    ExtraArgBeforeOpt("extra-arg-before",
                      cl::desc("Additional argument to prepend to the "
                               "compiler command line"),
                      cl::cat(Category));
cl::list<std::string> RemoveArgOpt(
    "remove-arg",
    cl::desc("Remove the compiler arguments PATTERN matches (repeatable).\n"
             "PATTERN is a glob over the whole argument: '-Werror' is exact "
             "(only -Werror),\n'-fsanitize*' a prefix, '-W*-uninitialized' "
             "a glob (* ? [..] {a,b}; \\ escapes).\nAn option's separate "
             "value goes with it ('-include' removes '-include x.h').\n"
             "Flags clang does not know are dropped without it"),
    cl::value_desc("PATTERN"), cl::cat(Category));
cl::opt<FailOn> FailOnOpt(
    "fail-on", cl::desc("The findings that make the run exit 1"),
    cl::init(FailOn::Warning),
    cl::values(clEnumValN(FailOn::Error, "error",
                          "only findings of checks in WarningsAsErrors"),
               clEnumValN(FailOn::Warning, "warning", "any finding (default)"),
               clEnumValN(FailOn::None, "none",
                          "none (exit 0 with findings; errors still exit 2)")),
    cl::cat(Category));
cl::opt<bool> AllowNoChecksOpt(
    "allow-no-checks",
    cl::desc("Exit 0 rather than 2 when the configuration enables no "
             "slicemap check for any\ntranslation unit"),
    cl::cat(Category));

const char Overview[] =
    "slicemap-lint: the slicemap-* checks over a whole project, for CI.\n\n"
    "  slicemap-lint -p build [--format text|json|sarif] [-o FILE] "
    "[files or globs...]\n\n"
    "Exit status: 0 no findings, 1 findings (after --baseline), 2 usage or\n"
    "infrastructure error (bad option, compile database, baseline, a file\n"
    "not in the database, a translation unit that does not compile), or no\n"
    "slicemap check enabled for any translation unit (see --allow-no-checks).\n"
    "--fail-on=error: 1 only for findings of checks in .clang-tidy's\n"
    "WarningsAsErrors; --fail-on=none: never 1.\n"
    "See docs/slicemap-lint.md.\n";

/// Reports a usage or infrastructure error; returns false.
bool usageError(const llvm::Twine &Message) {
  llvm::errs() << "slicemap-lint: error: " << Message << "\n";
  return false;
}

std::string joined(const std::vector<std::string> &Names) {
  std::string Out;
  for (const std::string &Name : Names)
    Out += "\n  " + Name;
  return Out;
}

/// Validates --checks: a plain name (no glob) must be a registered check.
bool validateChecks(llvm::StringRef Checks, std::string &Error) {
  std::vector<std::string> Known = registeredChecks();
  llvm::SmallVector<llvm::StringRef> Terms;
  Checks.split(Terms, ',');
  for (llvm::StringRef Term : Terms) {
    Term = Term.trim();
    Term.consume_front("-");
    Term = Term.trim();
    if (Term.empty() || Term.find_first_of("*?") != llvm::StringRef::npos)
      continue;
    if (!llvm::is_contained(Known, Term)) {
      Error = "unknown check '" + Term.str() +
              "' in --checks; valid checks:" + joined(Known);
      return false;
    }
  }
  clang::tidy::ClangTidyOptions Options =
      clang::tidy::ClangTidyOptions::getDefaults();
  Options.Checks = "-*,slicemap-*," + Checks.str();
  if (clang::tidy::getCheckNames(Options, false, false).empty()) {
    Error = "--checks='" + Checks.str() +
            "' enables no check; valid checks:" + joined(Known);
    return false;
  }
  return true;
}

/// A run's state between the steps of lintMain.
struct Run {
  Settings S;
  WorkRequest Request;
  std::vector<std::string> Baseline; // fingerprints, with --baseline
  std::unique_ptr<llvm::raw_fd_ostream> OutputFile;
  WorkList Work;
  OutputInfo Info;
};

bool parseCommandLine(int Argc, const char **Argv) {
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "slicemap-lint " << SLICEMAP_VERSION
       << ": the slicemap checks over a compile database:";
    for (const std::string &Check : registeredChecks())
      OS << " " << Check;
    OS << "\n";
    slicemap::printBuildLine(OS);
  });
  std::string ParseErrors;
  llvm::raw_string_ostream ParseErrorStream(ParseErrors);
  if (cl::ParseCommandLineOptions(Argc, Argv, Overview, &ParseErrorStream))
    return true;
  llvm::errs() << ParseErrors;
  llvm::errs() << "slicemap-lint: usage error; see slicemap-lint --help\n";
  return false;
}

/// The options as Settings, validated. False (reported) on a usage error.
bool parseSettings(Run &Run) {
  if (BuildPath.empty())
    return usageError("no compile database: pass -p <build-dir> (see --help)");
  std::string Error;
  if (!ChecksOpt.empty() && !validateChecks(ChecksOpt, Error))
    return usageError(Error);
  Settings &S = Run.S;
  S.Checks = ChecksOpt;
  S.HeaderFilterGiven = HeaderFilterOpt.getNumOccurrences() > 0;
  S.HeaderFilter = HeaderFilterOpt;
  S.ExtraArgs.assign(ExtraArgOpt.begin(), ExtraArgOpt.end());
  S.ExtraArgsBefore.assign(ExtraArgBeforeOpt.begin(), ExtraArgBeforeOpt.end());
  S.RemoveArgs.assign(RemoveArgOpt.begin(), RemoveArgOpt.end());
  if (!checkRemovePatterns(S.RemoveArgs, Error))
    return usageError(Error);
  S.Jobs = JobsOpt;
  S.FixNotes = FixNotesOpt;
  S.Progress = ProgressModeOpt;
  if (S.HeaderFilterGiven && !llvm::Regex(S.HeaderFilter).isValid(Error))
    return usageError("invalid --header-filter '" + S.HeaderFilter +
                      "': " + Error);
  Run.Request.BuildPath = BuildPath;
  Run.Request.ProjectRoot = ProjectRootOpt;
  Run.Request.Patterns.assign(FilePatterns.begin(), FilePatterns.end());
  Run.Info.HelpUriBase = HelpUriBaseOpt;
  return true;
}

/// Everything that can fail before the long analysis fails first: a bad
/// baseline or output path must not waste a CI run.
bool openFiles(Run &Run) {
  std::string Error;
  if (!BaselineOpt.empty() && !readBaseline(BaselineOpt, Run.Baseline, Error))
    return usageError(Error);
  if (OutputOpt.empty() || OutputOpt == "-")
    return true;
  std::error_code EC;
  Run.OutputFile = std::make_unique<llvm::raw_fd_ostream>(
      OutputOpt, EC, llvm::sys::fs::OF_Text);
  if (EC)
    return usageError("cannot write '" + OutputOpt + "': " + EC.message());
  return true;
}

bool loadWork(Run &Run) {
  std::string Error;
  if (!loadWorkList(Run.Request, Run.Work, Error))
    return usageError(Error);
  Run.Info.ProjectRoot = Run.Work.ProjectRoot;
  return true;
}

bool showProgress(Settings::ProgressMode Mode) {
  switch (Mode) {
  case Settings::ProgressMode::Always:
    return true;
  case Settings::ProgressMode::Never:
    return false;
  case Settings::ProgressMode::Auto:
    break;
  }
  return llvm::errs().is_displayed() && !std::getenv("CI");
}

/// The file arguments that matched nothing join the TUs' errors; then the
/// results are completed (located, sorted, fingerprinted).
void finalize(Results &R, Run &Run, SourceFiles &Sources) {
  R.FilesTotal += Run.Work.Unmatched.size();
  for (TUError &E : Run.Work.Unmatched)
    R.Errors.push_back(std::move(E));
  Run.Work.Unmatched.clear();
  completeResults(R, Run.Work.ProjectRoot, Sources);
}

/// How many dropped flags the stderr line names.
constexpr size_t DroppedFlagsListed = 10;

/// "dropped 3 flags clang does not know: -a, -b, -c", once per run.
void reportDroppedFlags(const Results &R) {
  if (R.DroppedFlags.empty())
    return;
  size_t N = R.DroppedFlags.size();
  llvm::errs() << "slicemap-lint: dropped " << N
               << (N == 1 ? " flag" : " flags") << " clang does not know: ";
  for (size_t I = 0; I < N && I < DroppedFlagsListed; ++I)
    llvm::errs() << (I ? ", " : "") << R.DroppedFlags[I];
  if (N > DroppedFlagsListed)
    llvm::errs() << ", and " << N - DroppedFlagsListed << " more";
  llvm::errs() << "\n";
}

/// True when the configuration enabled no slicemap check for any analysed
/// compile command: the run checked nothing.
bool checkedNothing(const Results &R) {
  return R.CommandsAnalysed && R.CommandsWithoutChecks == R.CommandsAnalysed;
}

/// Says when some or all commands ran no slicemap check: a CI job must not
/// pass silently having checked nothing.
void reportCoverage(const Results &R) {
  if (!R.CommandsWithoutChecks)
    return;
  if (checkedNothing(R)) {
    llvm::errs()
        << "slicemap-lint: " << (AllowNoChecksOpt ? "warning" : "error")
        << ": NOTHING WAS CHECKED: the configuration enables no slicemap "
           "check for any of the "
        << R.CommandsAnalysed
        << " compile commands (a .clang-tidy Checks such as '-*,bugprone-*' "
           "turns them off); add slicemap-* to Checks, pass "
           "--checks=slicemap-*, or pass --allow-no-checks if this is "
           "intended\n";
    return;
  }
  llvm::errs() << "slicemap-lint: warning: " << R.CommandsWithoutChecks
               << " of " << R.CommandsAnalysed
               << " compile commands ran no slicemap check: their "
                  "configuration enables none (e.g. Checks: '-*' in a "
                  "vendored folder)\n";
}

/// Configuration warnings and the TUs not analysed, on stderr.
void reportProblems(const Results &R) {
  reportDroppedFlags(R);
  reportCoverage(R);
  for (const std::string &Warning : R.ConfigWarnings)
    llvm::errs() << "slicemap-lint: warning: configuration: " << Warning
                 << "\n";
  for (const TUError &E : R.Errors) {
    llvm::errs() << "slicemap-lint: error: " << E.File << ": " << E.Reason
                 << "\n";
    for (const Note &N : E.Diagnostics) {
      llvm::errs() << "  ";
      if (!N.Loc.File.empty()) {
        llvm::errs() << N.Loc.File;
        if (N.Loc.Line)
          llvm::errs() << ":" << N.Loc.Line << ":" << N.Loc.Column;
        llvm::errs() << ": ";
      }
      llvm::errs() << "error: " << N.Message << "\n";
    }
  }
}

/// --write-baseline: record the findings instead of reporting them.
int recordBaseline(const Results &R, const Run &Run) {
  std::string Error;
  if (!writeBaseline(WriteBaselineOpt, R.Findings, Error)) {
    usageError(Error);
    return ExitError;
  }
  llvm::errs() << "slicemap-lint: recorded " << R.Findings.size()
               << (R.Findings.size() == 1 ? " finding" : " findings") << " in "
               << WriteBaselineOpt << "\n";
  if (!R.Errors.empty())
    llvm::errs() << "slicemap-lint: warning: the baseline is incomplete: "
                 << R.Errors.size()
                 << " translation unit(s) were not analysed\n";
  if (!QuietOpt)
    writeSummary(llvm::errs(), R, Run.Info);
  if (!R.Errors.empty() || (checkedNothing(R) && !AllowNoChecksOpt))
    return ExitError;
  return ExitClean;
}

/// --baseline: drops the recorded findings, counting them.
void applyBaseline(Results &R, Run &Run) {
  if (BaselineOpt.empty())
    return;
  llvm::StringSet<> Known;
  for (const std::string &Fingerprint : Run.Baseline)
    Known.insert(Fingerprint);
  std::vector<Finding> Kept;
  for (Finding &F : R.Findings)
    if (Known.contains(F.Fingerprint))
      ++Run.Info.Suppressed;
    else
      Kept.push_back(std::move(F));
  R.Findings = std::move(Kept);
}

/// Writes the report and applies --fix; false when a file was not written.
bool report(const Results &R, Run &Run, SourceFiles &Sources) {
  llvm::raw_ostream &OS = Run.OutputFile ? *Run.OutputFile : llvm::outs();
  switch (FormatOpt) {
  case Format::Text:
    writeText(OS, R, Sources);
    break;
  case Format::Json:
    writeJson(OS, R, Run.Info);
    break;
  case Format::Sarif:
    writeSarif(OS, R, Run.Info, Sources);
    break;
  }
  OS.flush();
  bool Written = true;
  if (Run.OutputFile) {
    Run.OutputFile->close();
    if (Run.OutputFile->has_error()) {
      llvm::errs() << "slicemap-lint: error: cannot write '" << OutputOpt
                   << "': " << Run.OutputFile->error().message() << "\n";
      Run.OutputFile->clear_error();
      Written = false;
    }
  }
  if ((FixOpt || FixNotesOpt) &&
      !applyFixes(R.Findings, FixNotesOpt, Sources, llvm::errs()))
    Written = false;
  return Written;
}

int exitStatus(const Results &R, bool Written) {
  if (!Written || !R.Errors.empty() || (checkedNothing(R) && !AllowNoChecksOpt))
    return ExitError;
  switch (FailOnOpt) {
  case FailOn::None:
    return ExitClean;
  case FailOn::Error:
    return llvm::any_of(R.Findings, [](const Finding &F) { return F.IsError; })
               ? ExitFindings
               : ExitClean;
  case FailOn::Warning:
    break;
  }
  return R.Findings.empty() ? ExitClean : ExitFindings;
}

} // namespace

int lintMain(int Argc, const char **Argv) {
  if (!parseCommandLine(Argc, Argv))
    return ExitError;
  if (ListChecksOpt != ListMode::None)
    return listChecks(llvm::outs(), ListChecksOpt == ListMode::Markdown);
  Run Run;
  if (!parseSettings(Run) || !openFiles(Run) || !loadWork(Run))
    return ExitError;

  SourceFiles Sources;
  Results R = analyse(Run.S, Run.Work, showProgress(Run.S.Progress));
  finalize(R, Run, Sources);
  reportProblems(R);
  if (!WriteBaselineOpt.empty())
    return recordBaseline(R, Run);
  applyBaseline(R, Run);
  bool Written = report(R, Run, Sources);
  if (!QuietOpt)
    writeSummary(llvm::errs(), R, Run.Info);
  return exitStatus(R, Written);
}

} // namespace slicemap::lint
