//===--- Arguments.cpp - compile commands made fit for clang --------------===//
//
// A compile database written for gcc carries flags clang does not know
// (-fconcepts-diagnostics-depth=3, -mno-direct-extern-access,
// -Wno-maybe-uninitialized, ...). clang's driver rejects the first kind with
// an error and warns about unknown warning options, an error again under
// -Werror: either way the translation unit would not be analysed. Before
// clang sees a command, slicemap-lint therefore
//
//  1. removes the arguments the user named with --remove-arg (globs over
//     the whole argument; an option's separate value goes with it), then
//  2. drops every flag clang's own driver option table does not know, and
//     every -W option naming no warning group clang has, reporting them.
//
// Both steps parse the command with clang's driver option table, so option
// boundaries (a separate value such as `-include x.h`) are clang's own and
// no list of gcc flags is kept here.
//
//===----------------------------------------------------------------------===//

#include "Lint.h"

#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Driver/Driver.h"
#include "clang/Options/Options.h"

#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/GlobPattern.h"

namespace slicemap::lint {
namespace {

/// True when clang knows the warning option -W<Value> (with or without
/// no-, error=, fatal-errors=): the names clang's warning processing
/// accepts without "unknown warning option".
bool isKnownWarningOption(llvm::StringRef Value) {
  Value.consume_front("no-");
  if (Value.consume_front("error=") || Value.consume_front("fatal-errors="))
    return clang::DiagnosticIDs::getGroupForWarningOption(Value).has_value();
  if (Value.empty() || Value == "error" || Value == "fatal-errors" ||
      Value == "everything" || Value == "system-headers")
    return true;
  return clang::DiagnosticIDs::getGroupForWarningOption(Value).has_value();
}

/// clang's view of one argument: the index range it spans in the command
/// (an option and its separate values) and whether clang knows it.
struct ParsedArgument {
  size_t Begin = 0, End = 0;
  bool Unknown = false;
};

/// Splits the arguments after the program name into clang's options.
std::vector<ParsedArgument>
parseArguments(const std::vector<std::string> &CommandLine) {
  std::vector<const char *> Argv;
  for (const std::string &Arg : CommandLine)
    Argv.push_back(Arg.c_str());
  llvm::StringRef Program;
  if (!CommandLine.empty())
    Program = CommandLine.front();
  bool ClMode =
      clang::driver::IsClangCL(clang::driver::getDriverMode(Program, Argv));
  llvm::opt::Visibility Visibility(ClMode ? clang::options::CLOption
                                          : clang::options::ClangOption);
  llvm::ArrayRef<const char *> Args = llvm::ArrayRef(Argv).drop_front();
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList List = clang::getDriverOptTable().ParseArgs(
      Args, MissingIndex, MissingCount, Visibility);

  std::vector<ParsedArgument> Parsed;
  for (const llvm::opt::Arg *A : List) {
    ParsedArgument P;
    P.Begin = A->getIndex() + 1; // + 1: the program name was dropped
    const llvm::opt::Option &Opt = A->getOption();
    P.Unknown = Opt.matches(clang::options::OPT_UNKNOWN) ||
                (Opt.matches(clang::options::OPT_W_Joined) &&
                 !isKnownWarningOption(A->getValue()));
    Parsed.push_back(P);
  }
  // Arguments are parsed in order: each ends where the next begins.
  for (size_t I = 0; I < Parsed.size(); ++I)
    Parsed[I].End =
        I + 1 < Parsed.size() ? Parsed[I + 1].Begin : CommandLine.size();
  return Parsed;
}

bool removedByUser(llvm::StringRef Arg,
                   llvm::ArrayRef<llvm::GlobPattern> Patterns) {
  return llvm::any_of(Patterns, [&](const llvm::GlobPattern &Pattern) {
    return Pattern.match(Arg);
  });
}

/// The arguments of [Begin, End) that survive, appended to Out.
void keep(const std::vector<std::string> &CommandLine, size_t Begin, size_t End,
          std::vector<std::string> &Out) {
  for (size_t I = Begin; I < End && I < CommandLine.size(); ++I)
    Out.push_back(CommandLine[I]);
}

} // namespace

bool checkRemovePatterns(const std::vector<std::string> &Patterns,
                         std::string &Error) {
  for (const std::string &Pattern : Patterns) {
    auto Glob = llvm::GlobPattern::create(Pattern);
    if (!Glob) {
      Error = "invalid --remove-arg pattern '" + Pattern +
              "': " + llvm::toString(Glob.takeError());
      return false;
    }
  }
  return true;
}

std::vector<std::string>
adjustCommandLine(const std::vector<std::string> &CommandLine,
                  const std::vector<std::string> &RemovePatterns,
                  std::vector<std::string> &DroppedUnknown) {
  if (CommandLine.empty())
    return CommandLine;
  // A GlobPattern refers to its text: RemovePatterns outlives Globs.
  std::vector<llvm::GlobPattern> Globs;
  for (const std::string &Pattern : RemovePatterns)
    if (auto Glob = llvm::GlobPattern::create(Pattern))
      Globs.push_back(std::move(*Glob));
    else
      llvm::consumeError(Glob.takeError()); // checkRemovePatterns reported it
  std::vector<std::string> Out{CommandLine.front()};
  for (const ParsedArgument &P : parseArguments(CommandLine)) {
    if (removedByUser(CommandLine[P.Begin], Globs))
      continue;
    if (P.Unknown) {
      // An unknown flag is one argument: clang cannot know its values.
      DroppedUnknown.push_back(CommandLine[P.Begin]);
      keep(CommandLine, P.Begin + 1, P.End, Out);
      continue;
    }
    keep(CommandLine, P.Begin, P.End, Out);
  }
  return Out;
}

} // namespace slicemap::lint
