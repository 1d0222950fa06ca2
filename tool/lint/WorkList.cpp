//===--- WorkList.cpp - the compile database and the TUs to analyse -------===//
//
// -p names the compile database; the file arguments (names or globs) select
// some of its files, every file by default. The project root (for relative
// paths, fingerprints and the header rule) is --project-root or the deepest
// directory holding the build directory and every file of the database.
//
//===----------------------------------------------------------------------===//

#include "Lint.h"

#include "clang/Tooling/JSONCompilationDatabase.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

namespace slicemap::lint {
namespace {

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

/// Every file of the database, dot-free, sorted, once.
std::vector<std::string>
databaseFiles(const clang::tooling::CompilationDatabase &Database) {
  std::vector<std::string> Files = Database.getAllFiles();
  for (std::string &File : Files) {
    llvm::SmallString<256> Clean(File);
    llvm::sys::path::remove_dots(Clean, true);
    File = std::string(Clean);
  }
  llvm::sort(Files);
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  return Files;
}

bool projectRoot(const WorkRequest &Request, llvm::StringRef DatabaseFile,
                 const std::vector<std::string> &Files, std::string &Root,
                 std::string &Error) {
  if (!Request.ProjectRoot.empty()) {
    if (!llvm::sys::fs::is_directory(Request.ProjectRoot)) {
      Error = "--project-root '" + Request.ProjectRoot + "' is not a directory";
      return false;
    }
    Root = canonicalPath(Request.ProjectRoot);
    return true;
  }
  Root = canonicalPath(llvm::sys::path::parent_path(DatabaseFile));
  for (const std::string &File : Files)
    Root = commonAncestor(Root, canonicalPath(File));
  return true;
}

/// Chooses the files of the database the file arguments name.
class Selector {
public:
  Selector(const std::vector<std::string> &Files, llvm::StringRef DatabaseFile)
      : Files(Files), DatabaseFile(DatabaseFile) {
    for (const std::string &File : Files)
      Canonical.push_back(canonicalPath(File));
  }

  /// Marks the files Pattern names; false with Error set for a bad glob.
  bool select(const std::string &Pattern, std::vector<TUError> &Unmatched,
              std::string &Error) {
    llvm::SmallString<256> Abs(Pattern);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, true);
    if (isGlob(Pattern)) {
      llvm::Expected<llvm::GlobPattern> Glob = llvm::GlobPattern::create(Abs);
      if (!Glob) {
        Error = "invalid glob '" + Pattern +
                "': " + llvm::toString(Glob.takeError());
        return false;
      }
      if (!choose([&](size_t I) {
            return Glob->match(Files[I]) || Glob->match(Canonical[I]);
          }))
        unmatched(Pattern, "matches no file in the compile database '",
                  Unmatched);
      return true;
    }
    std::string Wanted = canonicalPath(Abs);
    if (!choose([&](size_t I) {
          return Canonical[I] == Wanted || Files[I] == Abs.str();
        }))
      unmatched(Pattern,
                llvm::sys::fs::exists(Abs)
                    ? "not in the compile database '"
                    : "no such file, and not in the compile database '",
                Unmatched);
    return true;
  }

  /// The chosen files, in database order.
  std::vector<std::string> chosen() const {
    std::vector<std::string> Result;
    for (const std::string &File : Files)
      if (Chosen.contains(File))
        Result.push_back(File);
    return Result;
  }

private:
  void unmatched(const std::string &Pattern, llvm::StringRef Why,
                 std::vector<TUError> &Unmatched) const {
    TUError E;
    E.File = Pattern;
    E.Reason = (Why + DatabaseFile + "'").str();
    Unmatched.push_back(std::move(E));
  }

  template <typename Pred> bool choose(Pred Matches) {
    bool Matched = false;
    for (size_t I = 0; I < Files.size(); ++I)
      if (Matches(I)) {
        Chosen.insert(Files[I]);
        Matched = true;
      }
    return Matched;
  }

  const std::vector<std::string> &Files;
  std::vector<std::string> Canonical;
  llvm::StringRef DatabaseFile;
  llvm::StringSet<> Chosen;
};

} // namespace

bool loadWorkList(const WorkRequest &Request, WorkList &Work,
                  std::string &Error) {
  std::string DatabaseFile;
  std::unique_ptr<clang::tooling::CompilationDatabase> Database =
      loadDatabase(Request.BuildPath, DatabaseFile, Error);
  if (!Database)
    return false;
  std::vector<std::string> Files = databaseFiles(*Database);
  if (Files.empty()) {
    Error = "compile database '" + DatabaseFile + "' has no entries";
    return false;
  }
  if (!projectRoot(Request, DatabaseFile, Files, Work.ProjectRoot, Error))
    return false;
  std::vector<std::string> Selected = Files;
  if (!Request.Patterns.empty()) {
    Selector Select(Files, DatabaseFile);
    for (const std::string &Pattern : Request.Patterns)
      if (!Select.select(Pattern, Work.Unmatched, Error))
        return false;
    Selected = Select.chosen();
  }
  for (const std::string &File : Selected)
    Work.TUs.push_back({File, Database->getCompileCommands(File)});
  return true;
}

} // namespace slicemap::lint
