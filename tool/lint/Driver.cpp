//===--- Driver.cpp - slicemap-lint's command line ------------------------===//

#include "Lint.h"

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

const char Overview[] =
    "slicemap-lint: the slicemap-* checks over a whole project, for CI.\n\n"
    "  slicemap-lint -p build [--format text|json|sarif] [-o FILE] "
    "[files or globs...]\n\n"
    "Exit status: 0 no findings, 1 findings (after --baseline), 2 usage or\n"
    "infrastructure error (bad option, compile database, baseline, a file\n"
    "not in the database, a translation unit that does not compile).\n"
    "See docs/slicemap-lint.md.\n";

int usageError(const llvm::Twine &Message) {
  llvm::errs() << "slicemap-lint: error: " << Message << "\n";
  return ExitError;
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

std::string commonAncestor(llvm::StringRef A, llvm::StringRef B) {
  llvm::SmallVector<llvm::StringRef> PA, PB;
  A.split(PA, '/');
  B.split(PB, '/');
  std::string Out;
  for (size_t I = 0; I < PA.size() && I < PB.size() && PA[I] == PB[I]; ++I) {
    if (I)
      Out += "/";
    Out += PA[I].str();
  }
  return Out.empty() ? "/" : Out;
}

/// Loads the compile database named by -p.
std::unique_ptr<clang::tooling::CompilationDatabase>
loadDatabase(llvm::StringRef Path, std::string &DatabaseFile,
             std::string &Error) {
  llvm::SmallString<256> File(Path);
  llvm::sys::fs::make_absolute(File);
  llvm::sys::path::remove_dots(File, true);
  if (llvm::sys::fs::is_directory(File))
    llvm::sys::path::append(File, "compile_commands.json");
  DatabaseFile = std::string(File);
  if (!llvm::sys::fs::exists(File)) {
    Error = "no compile database: '" + DatabaseFile +
            "' does not exist (-p names the build directory holding "
            "compile_commands.json; CMake writes it with "
            "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)";
    return nullptr;
  }
  // Validate the JSON ourselves first: the database loader parses with a
  // YAML reader whose messages (printed straight to stderr) are confusing.
  auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/true);
  if (!Buffer) {
    Error = "cannot read compile database '" + DatabaseFile +
            "': " + Buffer.getError().message();
    return nullptr;
  }
  llvm::Expected<llvm::json::Value> Parsed =
      llvm::json::parse((*Buffer)->getBuffer());
  if (!Parsed) {
    Error = "malformed compile database '" + DatabaseFile +
            "': not valid JSON: " + llvm::toString(Parsed.takeError());
    return nullptr;
  }
  if (!Parsed->getAsArray()) {
    Error = "malformed compile database '" + DatabaseFile +
            "': expected a JSON array of {\"directory\", \"file\", "
            "\"arguments\" or \"command\"} objects";
    return nullptr;
  }
  std::string Message;
  std::unique_ptr<clang::tooling::CompilationDatabase> Database =
      clang::tooling::JSONCompilationDatabase::loadFromFile(
          File, Message, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Database) {
    Error = "malformed compile database '" + DatabaseFile + "': " + Message;
    return nullptr;
  }
  Database = clang::tooling::inferTargetAndDriverMode(
      clang::tooling::expandResponseFiles(std::move(Database),
                                          llvm::vfs::getRealFileSystem()));
  return Database;
}

bool isGlob(llvm::StringRef Pattern) {
  return Pattern.find_first_of("*?[") != llvm::StringRef::npos;
}

} // namespace

int lintMain(int Argc, const char **Argv) {
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "slicemap-lint " << SLICEMAP_VERSION
       << ": the slicemap checks over a compile database:";
    for (const std::string &Check : registeredChecks())
      OS << " " << Check;
    OS << "\n";
  });
  std::string ParseErrors;
  llvm::raw_string_ostream ParseErrorStream(ParseErrors);
  if (!cl::ParseCommandLineOptions(Argc, Argv, Overview, &ParseErrorStream)) {
    llvm::errs() << ParseErrors;
    llvm::errs() << "slicemap-lint: usage error; see slicemap-lint --help\n";
    return ExitError;
  }

  if (ListChecksOpt != ListMode::None)
    return listChecks(llvm::outs(), ListChecksOpt == ListMode::Markdown);

  if (BuildPath.empty())
    return usageError("no compile database: pass -p <build-dir> (see --help)");
  if (!ChecksOpt.empty()) {
    std::string Error;
    if (!validateChecks(ChecksOpt, Error))
      return usageError(Error);
  }
  Settings S;
  S.Checks = ChecksOpt;
  S.HeaderFilterGiven = HeaderFilterOpt.getNumOccurrences() > 0;
  S.HeaderFilter = HeaderFilterOpt;
  S.ExtraArgs =
      std::vector<std::string>(ExtraArgOpt.begin(), ExtraArgOpt.end());
  S.ExtraArgsBefore = std::vector<std::string>(ExtraArgBeforeOpt.begin(),
                                               ExtraArgBeforeOpt.end());
  S.Jobs = JobsOpt;
  S.FixNotes = FixNotesOpt;
  S.Progress = ProgressModeOpt;
  if (S.HeaderFilterGiven) {
    llvm::Regex Regex(S.HeaderFilter);
    std::string Error;
    if (!Regex.isValid(Error))
      return usageError("invalid --header-filter '" + S.HeaderFilter +
                        "': " + Error);
  }

  // Everything that can be checked before the long analysis is checked
  // first: a bad baseline or output path must not waste a CI run.
  std::vector<std::string> Baseline;
  if (!BaselineOpt.empty()) {
    std::string Error;
    if (!readBaseline(BaselineOpt, Baseline, Error))
      return usageError(Error);
  }
  std::unique_ptr<llvm::raw_fd_ostream> OutputFile;
  if (!OutputOpt.empty() && OutputOpt != "-") {
    std::error_code EC;
    OutputFile = std::make_unique<llvm::raw_fd_ostream>(OutputOpt, EC,
                                                        llvm::sys::fs::OF_Text);
    if (EC)
      return usageError("cannot write '" + OutputOpt + "': " + EC.message());
  }

  std::string DatabaseFile, Error;
  std::unique_ptr<clang::tooling::CompilationDatabase> Database =
      loadDatabase(BuildPath, DatabaseFile, Error);
  if (!Database)
    return usageError(Error);
  std::vector<std::string> AllFiles = Database->getAllFiles();
  if (AllFiles.empty())
    return usageError("compile database '" + DatabaseFile + "' has no entries");
  for (std::string &File : AllFiles) {
    llvm::SmallString<256> Clean(File);
    llvm::sys::path::remove_dots(Clean, true);
    File = std::string(Clean);
  }
  llvm::sort(AllFiles);
  AllFiles.erase(std::unique(AllFiles.begin(), AllFiles.end()), AllFiles.end());

  WorkList Work;
  if (!ProjectRootOpt.empty()) {
    if (!llvm::sys::fs::is_directory(ProjectRootOpt))
      return usageError("--project-root '" + ProjectRootOpt +
                        "' is not a directory");
    Work.ProjectRoot = canonicalPath(ProjectRootOpt);
  } else {
    Work.ProjectRoot =
        canonicalPath(llvm::sys::path::parent_path(DatabaseFile));
    for (const std::string &File : AllFiles)
      Work.ProjectRoot = commonAncestor(Work.ProjectRoot, canonicalPath(File));
  }

  // Select the TUs.
  std::vector<TUError> SelectionErrors;
  std::vector<std::string> Selected;
  if (FilePatterns.empty()) {
    Selected = AllFiles;
  } else {
    std::vector<std::string> Canonical;
    for (const std::string &File : AllFiles)
      Canonical.push_back(canonicalPath(File));
    llvm::StringSet<> Chosen;
    for (const std::string &Pattern : FilePatterns) {
      llvm::SmallString<256> Abs(Pattern);
      llvm::sys::fs::make_absolute(Abs);
      llvm::sys::path::remove_dots(Abs, true);
      bool Matched = false;
      if (isGlob(Pattern)) {
        llvm::Expected<llvm::GlobPattern> Glob = llvm::GlobPattern::create(Abs);
        if (!Glob)
          return usageError("invalid glob '" + Pattern +
                            "': " + llvm::toString(Glob.takeError()));
        for (size_t I = 0; I < AllFiles.size(); ++I)
          if (Glob->match(AllFiles[I]) || Glob->match(Canonical[I])) {
            Chosen.insert(AllFiles[I]);
            Matched = true;
          }
        if (!Matched)
          SelectionErrors.push_back(
              {Pattern,
               "matches no file in the compile database '" + DatabaseFile + "'",
               {}});
        continue;
      }
      std::string Wanted = canonicalPath(Abs);
      for (size_t I = 0; I < AllFiles.size(); ++I)
        if (Canonical[I] == Wanted || AllFiles[I] == Abs.str()) {
          Chosen.insert(AllFiles[I]);
          Matched = true;
        }
      if (!Matched)
        SelectionErrors.push_back(
            {Pattern,
             llvm::sys::fs::exists(Abs)
                 ? "not in the compile database '" + DatabaseFile + "'"
                 : "no such file, and not in the compile database '" +
                       DatabaseFile + "'",
             {}});
    }
    for (const std::string &File : AllFiles)
      if (Chosen.contains(File))
        Selected.push_back(File);
  }
  for (const std::string &File : Selected)
    Work.TUs.push_back({File, Database->getCompileCommands(File)});

  bool ShowProgress = false;
  switch (S.Progress) {
  case Settings::ProgressMode::Always:
    ShowProgress = true;
    break;
  case Settings::ProgressMode::Never:
    break;
  case Settings::ProgressMode::Auto:
    ShowProgress = llvm::errs().is_displayed() && !std::getenv("CI");
    break;
  }

  SourceFiles Sources;
  Results R = analyse(S, Work, ShowProgress, Sources);
  R.FilesTotal += SelectionErrors.size();
  for (TUError &E : SelectionErrors)
    R.Errors.push_back(std::move(E));
  llvm::sort(R.Errors, [](const TUError &A, const TUError &B) {
    return std::tie(A.File, A.Reason) < std::tie(B.File, B.Reason);
  });
  finalizeFindings(R.Findings, Work.ProjectRoot, Sources);

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

  OutputInfo Info;
  Info.ProjectRoot = Work.ProjectRoot;
  Info.HelpUriBase = HelpUriBaseOpt;

  if (!WriteBaselineOpt.empty()) {
    if (!writeBaseline(WriteBaselineOpt, R.Findings, Error))
      return usageError(Error);
    llvm::errs() << "slicemap-lint: recorded " << R.Findings.size()
                 << (R.Findings.size() == 1 ? " finding" : " findings")
                 << " in " << WriteBaselineOpt << "\n";
    if (!R.Errors.empty())
      llvm::errs() << "slicemap-lint: warning: the baseline is incomplete: "
                   << R.Errors.size()
                   << " translation unit(s) were not analysed\n";
    if (!QuietOpt)
      writeSummary(llvm::errs(), R, Info);
    return R.Errors.empty() ? ExitClean : ExitError;
  }

  if (!BaselineOpt.empty()) {
    llvm::StringSet<> Known;
    for (const std::string &Fingerprint : Baseline)
      Known.insert(Fingerprint);
    std::vector<Finding> Kept;
    for (Finding &F : R.Findings)
      if (Known.contains(F.Fingerprint))
        ++Info.Suppressed;
      else
        Kept.push_back(std::move(F));
    R.Findings = std::move(Kept);
  }

  llvm::raw_ostream &OS = OutputFile ? *OutputFile : llvm::outs();
  switch (FormatOpt) {
  case Format::Text:
    writeText(OS, R, Sources);
    break;
  case Format::Json:
    writeJson(OS, R, Info);
    break;
  case Format::Sarif:
    writeSarif(OS, R, Info, Sources);
    break;
  }
  OS.flush();
  bool WriteFailed = false;
  if (OutputFile) {
    OutputFile->close();
    if (OutputFile->has_error()) {
      llvm::errs() << "slicemap-lint: error: cannot write '" << OutputOpt
                   << "': " << OutputFile->error().message() << "\n";
      OutputFile->clear_error();
      WriteFailed = true;
    }
  }

  if ((FixOpt || FixNotesOpt) &&
      !applyFixes(R.Findings, FixNotesOpt, Sources, llvm::errs()))
    WriteFailed = true;

  if (!QuietOpt)
    writeSummary(llvm::errs(), R, Info);
  if (WriteFailed || !R.Errors.empty())
    return ExitError;
  return R.Findings.empty() ? ExitClean : ExitFindings;
}

} // namespace slicemap::lint
