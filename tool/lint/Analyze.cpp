//===--- Analyze.cpp - run the checks over translation units in parallel --===//
//
// Each translation unit gets its own ClangTidyContext and options provider
// (a context is not thread-safe) and is run through clang-tidy's library
// (runClangTidy), so .clang-tidy lookup, CheckOptions, NOLINT and header
// filtering behave exactly as in clang-tidy. The per-TU results are merged
// in file order, then sorted and deduplicated: the output does not depend on
// the number of threads.
//
//===----------------------------------------------------------------------===//

#include "Lint.h"

#include "analysis/FlowCheck.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <tuple>

namespace slicemap::lint {
namespace {

using clang::tidy::ClangTidyError;
using clang::tidy::ClangTidyOptions;
using clang::tidy::ClangTidyOptionsProvider;

/// How many compiler errors a failed TU reports.
constexpr unsigned MaxCompilerErrors = 3;

/// A compile database holding the commands of one file.
class CommandsDatabase : public clang::tooling::CompilationDatabase {
public:
  explicit CommandsDatabase(std::vector<clang::tooling::CompileCommand> C)
      : Commands(std::move(C)) {}
  std::vector<clang::tooling::CompileCommand>
  getCompileCommands(llvm::StringRef) const override {
    return Commands;
  }
  std::vector<std::string> getAllFiles() const override {
    std::vector<std::string> Files;
    for (const auto &C : Commands)
      Files.push_back(C.Filename);
    return Files;
  }
  std::vector<clang::tooling::CompileCommand>
  getAllCompileCommands() const override {
    return Commands;
  }

private:
  std::vector<clang::tooling::CompileCommand> Commands;
};

/// What one TU produced, before line/column resolution.
struct TUOutcome {
  std::vector<Finding> Findings;
  std::vector<CutShortFunction> CutShort;
  std::optional<TUError> Error;
  std::vector<std::string> ConfigWarnings;
  std::vector<std::string> EnabledChecks;
  /// The enabled checks WarningsAsErrors names for this file.
  std::vector<std::string> ErrorChecks;
  /// Flags clang does not know, dropped from the TU's commands.
  std::vector<std::string> DroppedFlags;
};

/// Resolves diagnostic paths (relative to the compile command's directory)
/// to canonical ones, once per spelling.
class PathResolver {
public:
  std::string resolve(llvm::StringRef Path, llvm::StringRef BuildDir) {
    if (Path.empty())
      return "";
    std::string Key = (BuildDir + "\n" + Path).str();
    auto It = Cache.find(Key);
    if (It != Cache.end())
      return It->second;
    std::string Result = canonicalPath(Path, BuildDir);
    Cache.try_emplace(Key, Result);
    return Result;
  }

private:
  llvm::StringMap<std::string> Cache;
};

std::vector<Edit>
toEdits(const llvm::StringMap<clang::tooling::Replacements> &Fix,
        llvm::StringRef BuildDir, PathResolver &Paths) {
  std::vector<Edit> Edits;
  for (const auto &Entry : Fix)
    for (const clang::tooling::Replacement &R : Entry.getValue()) {
      Edit E;
      E.File = Paths.resolve(R.getFilePath(), BuildDir);
      E.Offset = R.getOffset();
      E.Length = R.getLength();
      E.Text = R.getReplacementText().str();
      Edits.push_back(std::move(E));
    }
  llvm::sort(Edits);
  return Edits;
}

bool isUnder(llvm::StringRef Path, llvm::StringRef Root) {
  if (Root.empty() || Root == "/")
    return true;
  return Path.starts_with(Root) &&
         (Path.size() == Root.size() || Path[Root.size()] == '/');
}

/// True when a configuration file (not our defaults or the command line)
/// sets HeaderFilterRegex for File.
bool configSetsHeaderFilter(ClangTidyOptionsProvider &Provider,
                            llvm::StringRef File) {
  for (const auto &[Options, Source] : Provider.getRawOptions(File)) {
    if (Source == ClangTidyOptionsProvider::OptionsSourceTypeDefaultBinary ||
        Source ==
            ClangTidyOptionsProvider::OptionsSourceTypeCheckCommandLineOption)
      continue;
    if (Options.HeaderFilterRegex)
      return true;
  }
  return false;
}

using clang::tidy::slicemap::analysis::CutShortPrefix;

/// The function a cut-short remark names: "...ran out in 'f' after ...".
/// The closing quote is the first one followed by a space, punctuation or
/// the end (a name such as f<'a'> keeps its quotes).
std::string functionOf(llvm::StringRef Message) {
  llvm::StringRef Rest = Message.drop_front(CutShortPrefix.size());
  for (size_t I = Rest.find('\''); I != llvm::StringRef::npos;
       I = Rest.find('\'', I + 1))
    if (I + 1 == Rest.size() || llvm::StringRef(" ;:,.").contains(Rest[I + 1]))
      return Rest.take_front(I).str();
  return Rest.str();
}

/// clang-tidy's options for every TU of the run: our defaults, then the
/// .clang-tidy files, then the command line (Overrides).
struct TidyOptions {
  ClangTidyOptions Defaults, Overrides;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;

  explicit TidyOptions(const Settings &S)
      : Defaults(ClangTidyOptions::getDefaults()),
        // A physical file system of our own: its working directory is not
        // the process's, so threads do not race on chdir.
        FS(llvm::vfs::createPhysicalFileSystem().release()) {
    Defaults.Checks = "-*,slicemap-*";
    Defaults.WarningsAsErrors = "";
    // Findings in every non-system header reach us; unless a header filter
    // is configured, those outside the project root are dropped.
    Defaults.HeaderFilterRegex = ".*";
    Defaults.SystemHeaders = false;
    // Only slicemap-* checks run here: the static analyzer and compiler
    // warnings, which a .clang-tidy may enable, stay off.
    Overrides.Checks = (S.Checks.empty() ? std::string() : S.Checks + ",") +
                       "-clang-analyzer-*,-clang-diagnostic-*";
    if (S.HeaderFilterGiven)
      Overrides.HeaderFilterRegex = S.HeaderFilter;
    // Compiler warnings are never reported here, so a -Werror written for
    // gcc must not turn clang's own warnings into errors that stop the TU
    // (after -ferror-limit of them clang stops parsing). The user's
    // --extra-arg comes after and may say otherwise.
    Overrides.ExtraArgs = std::vector<std::string>{"-Wno-error"};
    Overrides.ExtraArgs->insert(Overrides.ExtraArgs->end(), S.ExtraArgs.begin(),
                                S.ExtraArgs.end());
    if (!S.ExtraArgsBefore.empty())
      Overrides.ExtraArgsBefore = S.ExtraArgsBefore;
  }

  std::unique_ptr<ClangTidyOptionsProvider> provider() const {
    return std::make_unique<clang::tidy::FileOptionsProvider>(
        clang::tidy::ClangTidyGlobalOptions(), Defaults, Overrides, FS);
  }
};

/// One clang-tidy run per compile command (a file built in several
/// configurations is analysed in each): ClangTool would otherwise print
/// "[1/1] (1/2) Processing file" lines of its own. Each command first loses
/// --remove-arg's arguments and the flags clang does not know (Dropped).
std::vector<ClangTidyError> runCommands(const TidyOptions &Options,
                                        const Settings &S,
                                        const WorkList::TU &TU,
                                        std::vector<std::string> &Dropped) {
  std::vector<ClangTidyError> Errors;
  for (clang::tooling::CompileCommand Command : TU.Commands) {
    Command.CommandLine =
        adjustCommandLine(Command.CommandLine, S.RemoveArgs, Dropped);
    clang::tidy::ClangTidyContext Context(Options.provider());
    CommandsDatabase Database({Command});
    llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> Overlay(
        new llvm::vfs::OverlayFileSystem(Options.FS));
    std::vector<ClangTidyError> Run = clang::tidy::runClangTidy(
        Context, Database, {TU.File}, Overlay, /*ApplyAnyFix=*/S.FixNotes,
        /*EnableCheckProfile=*/false, /*StoreCheckProfile=*/"",
        /*Quiet=*/true);
    std::move(Run.begin(), Run.end(), std::back_inserter(Errors));
  }
  return Errors;
}

/// Sorts one TU's clang-tidy diagnostics into findings, compiler errors and
/// configuration warnings.
class Collector {
public:
  Collector(TUOutcome &Out, const WorkList::TU &TU, llvm::StringRef Root,
            bool FilterByRoot)
      : Out(Out), TU(TU), Root(Root), MainFile(canonicalPath(TU.File)),
        FilterByRoot(FilterByRoot) {}

  void add(const ClangTidyError &E) {
    llvm::StringRef Name = E.DiagnosticName;
    if (Name == "clang-tidy-config")
      Out.ConfigWarnings.push_back(E.Message.Message);
    // Only an error of no warning group (clang-diagnostic-error) leaves a
    // broken AST; a warning raised to an error (-Werror=X, a default-error
    // warning) leaves it whole, and compiler warnings are not reported here.
    else if (Name == "clang-diagnostic-error")
      compilerError(E);
    else if (Name.starts_with("slicemap-") &&
             E.DiagLevel == clang::tooling::Diagnostic::Remark)
      remark(E);
    else if (Name.starts_with("slicemap-"))
      finding(E);
  }

  /// A TU with compiler errors is not analysed: findings on a broken AST
  /// are unreliable.
  void finish() {
    if (!CompilerErrorCount)
      return;
    Out.Findings.clear();
    Out.CutShort.clear();
    Out.Error =
        TUError{TU.File,
                "does not compile (" + std::to_string(CompilerErrorCount) +
                    (CompilerErrorCount == 1 ? " error" : " errors") +
                    "); not analysed",
                std::move(CompilerErrors),
                {}};
  }

private:
  Location location(const clang::tooling::DiagnosticMessage &M,
                    const ClangTidyError &E) {
    Location Loc;
    Loc.File = Paths.resolve(M.FilePath, E.BuildDirectory);
    Loc.Offset = M.FileOffset;
    return Loc;
  }

  void compilerError(const ClangTidyError &E) {
    Note N{location(E.Message, E), E.Message.Message, {}};
    // The same error from several compile commands counts once.
    if (!SeenErrors.insert({N.Loc.File, N.Loc.Offset, N.Message}).second)
      return;
    ++CompilerErrorCount;
    if (CompilerErrors.size() < MaxCompilerErrors)
      CompilerErrors.push_back(std::move(N));
  }

  /// Where a check's diagnostic is reported: its file is known and, unless
  /// a header filter decides, in the main file or under the project root.
  bool reported(const Location &Loc) const {
    if (Loc.File.empty())
      return false;
    return !FilterByRoot || Loc.File == MainFile || isUnder(Loc.File, Root);
  }

  void finding(const ClangTidyError &E) {
    Finding F{E.DiagnosticName,
              E.Message.Message,
              location(E.Message, E),
              {},
              {},
              {},
              E.IsWarningAsError};
    if (!reported(F.Loc))
      return;
    F.Fix = toEdits(E.Message.Fix, E.BuildDirectory, Paths);
    for (const clang::tooling::DiagnosticMessage &M : E.Notes)
      F.Notes.push_back(Note{location(M, E), M.Message,
                             toEdits(M.Fix, E.BuildDirectory, Paths)});
    Out.Findings.push_back(std::move(F));
  }

  /// A check's remark: a function cut short (other remarks are dropped).
  void remark(const ClangTidyError &E) {
    llvm::StringRef Message = E.Message.Message;
    if (!Message.starts_with(CutShortPrefix))
      return;
    CutShortFunction C{E.DiagnosticName, functionOf(Message), Message.str(),
                       location(E.Message, E)};
    if (reported(C.Loc))
      Out.CutShort.push_back(std::move(C));
  }

  TUOutcome &Out;
  const WorkList::TU &TU;
  llvm::StringRef Root;
  std::string MainFile;
  bool FilterByRoot;
  PathResolver Paths;
  std::vector<Note> CompilerErrors;
  unsigned CompilerErrorCount = 0;
  std::set<std::tuple<std::string, unsigned, std::string>> SeenErrors;
};

TUOutcome analyseTU(const Settings &S, const WorkList::TU &TU,
                    llvm::StringRef Root) {
  TUOutcome Out;
  if (!llvm::sys::fs::exists(TU.File)) {
    Out.Error = TUError{TU.File, "source file not found", {}, {}};
    return Out;
  }
  TidyOptions Options(S);
  bool FilterByRoot = !S.HeaderFilterGiven &&
                      !configSetsHeaderFilter(*Options.provider(), TU.File);
  ClangTidyOptions Effective = Options.provider()->getOptions(TU.File);
  clang::tidy::GlobList AsErrors(Effective.WarningsAsErrors.value_or(""));
  for (std::string &Check :
       clang::tidy::getCheckNames(Effective, false, false)) {
    if (!llvm::StringRef(Check).starts_with("slicemap-"))
      continue;
    if (AsErrors.contains(Check))
      Out.ErrorChecks.push_back(Check);
    Out.EnabledChecks.push_back(std::move(Check));
  }

  Collector Collect(Out, TU, Root, FilterByRoot);
  for (const ClangTidyError &E : runCommands(Options, S, TU, Out.DroppedFlags))
    Collect.add(E);
  Collect.finish();
  return Out;
}

/// Enabled checks configured as errors in every TU that enables them.
std::vector<std::string>
checksAlwaysErrors(const std::vector<TUOutcome> &Outcomes) {
  std::map<std::string, bool> AlwaysError;
  for (const TUOutcome &O : Outcomes) {
    if (O.Error)
      continue;
    for (const std::string &Check : O.EnabledChecks) {
      bool IsError = llvm::is_contained(O.ErrorChecks, Check);
      auto [It, New] = AlwaysError.try_emplace(Check, IsError);
      if (!New)
        It->second = It->second && IsError;
    }
  }
  std::vector<std::string> Checks;
  for (const auto &[Check, IsError] : AlwaysError)
    if (IsError)
      Checks.push_back(Check);
  return Checks;
}

using DedupKey = std::tuple<std::string, std::string, unsigned, std::string>;
DedupKey keyOf(const Finding &F) {
  return {F.Loc.File, F.Check, F.Loc.Offset, F.Message};
}

/// "[done/total] elapsed, findings" on stderr.
class Progress {
public:
  Progress(bool Enabled, unsigned Total)
      : Enabled(Enabled), Total(Total), Tty(llvm::errs().is_displayed()),
        Start(std::chrono::steady_clock::now()) {
    if (Enabled)
      print();
  }

  void done(const TUOutcome &Outcome) {
    std::lock_guard<std::mutex> Lock(Mutex);
    ++Done;
    for (const Finding &F : Outcome.Findings)
      Seen.insert(keyOf(F));
    if (Outcome.Error)
      ++Failed;
    if (Enabled)
      print();
  }

  void finish() {
    if (Enabled && Tty)
      llvm::errs() << "\r\x1b[K";
  }

private:
  void print() {
    double Elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
            .count();
    std::string Line;
    llvm::raw_string_ostream OS(Line);
    OS << "[" << Done << "/" << Total << "] " << llvm::format("%.1f", Elapsed)
       << "s, " << Seen.size() << (Seen.size() == 1 ? " finding" : " findings");
    if (Failed)
      OS << ", " << Failed << " failed";
    if (Tty)
      llvm::errs() << "\r\x1b[K" << Line;
    else
      llvm::errs() << "slicemap-lint: " << Line << "\n";
    llvm::errs().flush();
  }

  bool Enabled;
  unsigned Total;
  bool Tty;
  std::chrono::steady_clock::time_point Start;
  std::mutex Mutex;
  unsigned Done = 0, Failed = 0;
  std::set<DedupKey> Seen;
};

} // namespace

Results analyse(const Settings &S, const WorkList &Work, bool ShowProgress) {
  Results R;
  R.FilesTotal = Work.TUs.size();
  for (const WorkList::TU &TU : Work.TUs)
    R.CommandsTotal += TU.Commands.size();
  std::vector<TUOutcome> Outcomes(Work.TUs.size());
  Progress Bar(ShowProgress, Work.TUs.size());
  {
    unsigned Jobs =
        S.Jobs ? S.Jobs : llvm::hardware_concurrency().compute_thread_count();
    Jobs = std::max(1u, std::min<unsigned>(Jobs, Work.TUs.size()));
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
    for (size_t I = 0; I < Work.TUs.size(); ++I)
      Pool.async([&, I] {
        Outcomes[I] = analyseTU(S, Work.TUs[I], Work.ProjectRoot);
        Bar.done(Outcomes[I]);
      });
    Pool.wait();
  }
  Bar.finish();

  std::set<DedupKey> Seen, SeenCutShort;
  llvm::StringSet<> Warnings;
  std::set<std::string> Enabled, Dropped;
  for (size_t I = 0; I < Outcomes.size(); ++I) {
    TUOutcome &O = Outcomes[I];
    Dropped.insert(O.DroppedFlags.begin(), O.DroppedFlags.end());
    if (O.Error) {
      R.Errors.push_back(std::move(*O.Error));
    } else {
      Enabled.insert(O.EnabledChecks.begin(), O.EnabledChecks.end());
      ++R.FilesAnalysed;
      R.CommandsAnalysed += Work.TUs[I].Commands.size();
      if (O.EnabledChecks.empty())
        R.CommandsWithoutChecks += Work.TUs[I].Commands.size();
    }
    for (Finding &F : O.Findings)
      if (Seen.insert(keyOf(F)).second)
        R.Findings.push_back(std::move(F));
    for (CutShortFunction &C : O.CutShort)
      if (SeenCutShort.insert({C.Loc.File, C.Check, C.Loc.Offset, C.Message})
              .second)
        R.CutShort.push_back(std::move(C));
    for (std::string &W : O.ConfigWarnings)
      if (Warnings.insert(W).second)
        R.ConfigWarnings.push_back(std::move(W));
  }

  R.EnabledChecks.assign(Enabled.begin(), Enabled.end());
  R.ErrorChecks = checksAlwaysErrors(Outcomes);
  R.DroppedFlags.assign(Dropped.begin(), Dropped.end());
  return R;
}

} // namespace slicemap::lint
