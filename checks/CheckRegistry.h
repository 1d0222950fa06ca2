//===--- CheckRegistry.h - the one list of slicemap-* checks --------------===//
//
// Every slicemap-* check is listed once, here. From this list come:
//
//  * the module's registration (SlicemapTidyModule.cpp expands
//    SLICEMAP_CHECKS with registerCheck<Class>(Name));
//  * the check names in --version banners (slicemap-clangd, slicemap-lint);
//  * slicemap-lint's SARIF rules (short and full descriptions, help page)
//    and --list-checks;
//  * README.md's check table: `slicemap-lint --list-checks=markdown` prints
//    it, and test/tools/readme-checks.test fails when the two disagree.
//
// Adding a check: one X(...) line below (sorted by name), its class's
// header included in SlicemapTidyModule.cpp, its page docs/checks/<name>.md,
// and the row `slicemap-lint --list-checks=markdown` prints in README.md.
//
// This header needs nothing from Clang: front doors that only want names
// and descriptions include it without the checks' headers.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_CHECKREGISTRY_H
#define SLICEMAP_CHECKS_CHECKREGISTRY_H

#include <iterator>
#include <string_view>

/// X(Name, Class, Summary, Description) for every check, sorted by name.
///  - Name: the clang-tidy check name; the doc page is docs/checks/<Name>.md.
///  - Class: the ClangTidyCheck subclass in clang::tidy::slicemap.
///  - Summary: one line, Markdown, README's "finds" column and the SARIF
///    rule's shortDescription.
///  - Description: a plain-text sentence, the SARIF rule's fullDescription
///    and what --list-checks prints.
// clang-format off
#define SLICEMAP_CHECKS(X)                                                     \
  X("slicemap-dangling-view", DanglingViewCheck,                               \
    "an iterator, pointer, reference, `span` or `string_view` used after "     \
    "its vector grew, its string reallocated or its flat map rehashed",        \
    "An iterator, pointer, reference, span or string_view into a container "   \
    "is used after an operation that may move the container's storage")       \
  X("slicemap-discarded-append", DiscardedAppendCheck,                         \
    "`append(s, x);` — the grown slice is dropped and the element lost",       \
    "The result of an append is discarded: the grown slice, and the "          \
    "appended elements, are lost")                                             \
  X("slicemap-lost-update", LostUpdateCheck,                                   \
    "`auto v = table[k]; v.push_back(x);` — a modified copy that never "       \
    "reaches its owner",                                                       \
    "A local copy of a value owned elsewhere (a container element, a map "     \
    "value, a by-value parameter) is modified and never read again: the "      \
    "update is lost")                                                          \
  X("slicemap-nil-map-write", NilMapWriteCheck,                                \
    "a write to a `slicemap::Map` that is nil on every path, or on some path", \
    "A write to a map that is nil (never made) on every path, or on some "     \
    "path, to the write: it panics")                                           \
  X("slicemap-shared-append", SharedAppendCheck,                               \
    "`t = append(s.sub(0, 2), x);` while `s` is still read — the append "      \
    "overwrites `s[2]` through the shared backing array",                      \
    "An append through a slice that shares its backing array with another "    \
    "slice still in use overwrites that slice's elements")
// clang-format on

namespace clang::tidy::slicemap {

/// What the registry knows about one check.
struct CheckInfo {
  std::string_view Name;
  /// The check's class, unqualified (for messages; registration uses the
  /// class itself through SLICEMAP_CHECKS).
  std::string_view ClassName;
  /// One line of Markdown (README's table, SARIF shortDescription).
  std::string_view Summary;
  /// One plain-text sentence (SARIF fullDescription, --list-checks).
  std::string_view Description;
  /// The check's page, relative to the repository root.
  std::string_view DocPath;
};

#define SLICEMAP_CHECK_INFO(Name, Class, Summary, Description)                 \
  CheckInfo{Name, #Class, Summary, Description, "docs/checks/" Name ".md"},
/// Every check, sorted by name.
inline constexpr CheckInfo SlicemapChecks[] = {
    SLICEMAP_CHECKS(SLICEMAP_CHECK_INFO)};
#undef SLICEMAP_CHECK_INFO

inline constexpr bool checksAreSorted() {
  for (std::size_t I = 1; I < std::size(SlicemapChecks); ++I)
    if (!(SlicemapChecks[I - 1].Name < SlicemapChecks[I].Name))
      return false;
  return true;
}
static_assert(checksAreSorted(),
              "SLICEMAP_CHECKS must be sorted by name, without duplicates");

/// The registry's entry for Name, or nullptr.
inline constexpr const CheckInfo *findCheck(std::string_view Name) {
  for (const CheckInfo &Info : SlicemapChecks)
    if (Info.Name == Name)
      return &Info;
  return nullptr;
}

} // namespace clang::tidy::slicemap

#endif // SLICEMAP_CHECKS_CHECKREGISTRY_H
