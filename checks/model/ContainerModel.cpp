//===--- ContainerModel.cpp - what the checks know about containers -------===//

#include "ContainerModel.h"
#include "ContainerTypes.h"
#include "RuntimeModel.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::slicemap::model {

namespace {

/// The class (or class template) behind \p Type, looking through
/// references, typedefs and cv; also for a dependent template-id.
const NamedDecl *classOf(QualType Type) {
  if (Type.isNull())
    return nullptr;
  Type = Type.getNonReferenceType();
  if (const auto *Record = Type->getAsCXXRecordDecl()) {
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
      return Spec->getSpecializedTemplate();
    return Record;
  }
  if (const auto *Spec = Type->getAs<TemplateSpecializationType>())
    return Spec->getTemplateName().getAsTemplateDecl();
  return nullptr;
}

/// The name of the outermost namespace \p Named is declared in ("std" for
/// std::__1::vector), or an empty name in the global namespace.
llvm::StringRef topNamespace(const NamedDecl *Named) {
  llvm::StringRef Top;
  for (const DeclContext *Context = Named->getDeclContext(); Context;
       Context = Context->getParent())
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(Context);
        Namespace && !Namespace->isInlineNamespace() &&
        Namespace->getIdentifier())
      Top = Namespace->getName();
  return Top;
}

struct Family {
  Storage Kind = Storage::Unknown;
  bool Handle = false;
  bool operator==(const Family &) const = default;
};

const Family Handle{Storage::Unknown, true};

Family stdFamily(llvm::StringRef Name) {
  return llvm::StringSwitch<Family>(Name)
      .Cases({"vector", "basic_string", "priority_queue"},
             {Storage::Contiguous})
      .Cases({"flat_map", "flat_set", "flat_multimap", "flat_multiset"},
             {Storage::SortedArray})
      .Cases({"deque", "queue", "stack"}, {Storage::Deque})
      .Cases({"list", "forward_list", "map", "set", "multimap", "multiset"},
             {Storage::NodeBased})
      .Cases({"unordered_map", "unordered_set", "unordered_multimap",
              "unordered_multiset"},
             {Storage::HashedNodes})
      .Case("array", {Storage::Fixed})
      .Cases({"unique_ptr", "shared_ptr", "weak_ptr", "reference_wrapper",
              "span", "basic_string_view", "mdspan", "function_ref"},
             Handle)
      .Default({});
}

Family abslFamily(llvm::StringRef Name) {
  return llvm::StringSwitch<Family>(Name)
      .Cases({"InlinedVector", "Cord"}, {Storage::Contiguous})
      .Cases({"flat_hash_map", "flat_hash_set", "btree_map", "btree_set",
              "btree_multimap", "btree_multiset"},
             {Storage::OpenAddressing})
      .Cases({"node_hash_map", "node_hash_set"}, {Storage::HashedNodes})
      .Case("FixedArray", {Storage::Fixed})
      .Cases({"Span", "string_view"}, Handle)
      .Default({});
}

Family boostFamily(llvm::StringRef Name) {
  return llvm::StringSwitch<Family>(Name)
      .Cases({"vector", "small_vector", "static_vector", "devector",
              "basic_string"},
             {Storage::Contiguous})
      .Cases({"flat_map", "flat_set", "flat_multimap", "flat_multiset"},
             {Storage::SortedArray})
      .Cases({"unordered_flat_map", "unordered_flat_set"},
             {Storage::OpenAddressing})
      .Cases({"unordered_node_map", "unordered_node_set", "unordered_map",
              "unordered_set"},
             {Storage::HashedNodes})
      .Case("stable_vector", {Storage::NodeBased})
      .Cases({"span", "basic_string_view", "shared_ptr", "intrusive_ptr"},
             Handle)
      .Default({});
}

Family llvmFamily(llvm::StringRef Name) {
  return llvm::StringSwitch<Family>(Name)
      .Cases({"SmallVector", "SmallString"}, {Storage::Contiguous})
      .Cases({"DenseMap", "DenseSet", "SmallDenseMap", "SmallDenseSet",
              "StringMap", "StringSet", "MapVector", "SetVector"},
             {Storage::OpenAddressing})
      .Cases({"ArrayRef", "MutableArrayRef", "StringRef", "IntrusiveRefCntPtr",
              "function_ref"},
             Handle)
      .Default({});
}

/// The family of a class the libraries define, by namespace and name.
Family libraryFamily(QualType Type, const NamedDecl *Class) {
  const llvm::StringRef Name = Class->getName();
  const llvm::StringRef Namespace = topNamespace(Class);
  if (Namespace == "std")
    return stdFamily(Name);
  if (Namespace == "absl")
    return abslFamily(Name);
  if (Namespace == "boost")
    return boostFamily(Name);
  if (Namespace == "llvm")
    return llvmFamily(Name);
  if (Namespace == "slicemap") {
    if (isSliceType(Type))
      return {Storage::SharedArray};
    if (isMapType(Type))
      return {Storage::SharedTable, true};
  }
  return {};
}

Family familyOf(QualType Type, unsigned Depth);

/// The first answer \p Of gives for a public base of \p Record (a class
/// derived from std::vector<T> is a vector, its own operator[] and all),
/// following at most 4 levels of derivation; \p None when no base has one.
template <class Answer, class Query>
Answer fromPublicBases(const CXXRecordDecl *Record, unsigned Depth, Answer None,
                       Query Of) {
  if (!Record || Depth > 4)
    return None;
  Record = Record->getDefinition();
  if (!Record)
    return None;
  for (const CXXBaseSpecifier &Base : Record->bases())
    if (Base.getAccessSpecifier() == AS_public)
      if (Answer Found = Of(Base.getType(), Depth + 1); !(Found == None))
        return Found;
  return None;
}

/// The record (or, in a template, the pattern) whose bases \p Type has.
const CXXRecordDecl *recordWithBases(QualType Type) {
  if (const auto *Record = Type->getAsCXXRecordDecl())
    return Record;
  if (const auto *Spec = Type->getAs<TemplateSpecializationType>())
    if (const auto *Template = dyn_cast_or_null<ClassTemplateDecl>(
            Spec->getTemplateName().getAsTemplateDecl()))
      return Template->getTemplatedDecl();
  return nullptr;
}

Family familyOf(QualType Type, unsigned Depth) {
  if (Type.isNull())
    return {};
  if (Type->isReferenceType() || Type->isAnyPointerType() ||
      Type->isMemberPointerType())
    return Handle;
  const NamedDecl *Class = classOf(Type);
  if (!Class || !Class->getIdentifier())
    return {};
  if (Family Known = libraryFamily(Type, Class);
      Known.Kind != Storage::Unknown || Known.Handle)
    return Known;
  if (const ContainerTypes *User = ContainerTypes::current())
    if (Storage Kind = User->storageOf(Class); Kind != Storage::Unknown)
      return {Kind};
  return fromPublicBases(
      recordWithBases(Type.getNonReferenceType()), Depth, Family{},
      [](QualType Base, unsigned Level) { return familyOf(Base, Level); });
}

Family familyOf(QualType Type) {
  // Cached per TU in the table in scope; dependent types are left out (an
  // alias template's sugar may name another class than its canonical type).
  const ContainerTypes *User = ContainerTypes::current();
  if (!User || Type.isNull() || Type->isDependentType())
    return familyOf(Type, 0);
  const clang::Type *Canonical = Type.getCanonicalType().getTypePtr();
  if (std::optional<ContainerTypes::TypeFamily> Known =
          User->knownFamily(Canonical))
    return {Known->Kind, Known->Handle};
  const Family Found = familyOf(Type, 0);
  User->rememberFamily(Canonical, {Found.Kind, Found.Handle});
  return Found;
}

} // namespace

Storage storageOf(QualType Type) { return familyOf(Type).Kind; }

bool ownsElements(Storage Kind) {
  return Kind != Storage::Unknown && Kind != Storage::SharedArray &&
         Kind != Storage::SharedTable;
}

bool isHandleType(QualType Type) { return familyOf(Type).Handle; }

bool isMutatingMethod(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases({"push_back", "push_front", "pop_back", "pop_front", "push", "pop",
              "emplace", "emplace_back", "emplace_front", "emplace_hint",
              "insert", "insert_or_assign", "try_emplace", "insert_range",
              "append_range", "prepend_range", "assign_range"},
             true)
      .Cases({"erase", "clear", "resize", "resize_and_overwrite", "assign",
              "append", "replace", "remove", "remove_if", "unique", "sort",
              "reverse", "merge", "splice", "fill"},
             true)
      .Default(false);
}

bool isElementAccessMethod(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases({"at", "front", "back", "top"}, true)
      .Default(false);
}

namespace {

/// Insertions that may move every element of a hash table or sorted array.
bool isInsertion(llvm::StringRef Method) {
  return llvm::StringSwitch<bool>(Method)
      .Cases({"insert", "emplace", "emplace_hint", "try_emplace",
              "insert_or_assign", "operator[]", "rehash", "reserve", "set",
              "insert_range"},
             true)
      .Default(false);
}

/// erase on a container whose other elements do not move.
Invalidation nodeErase(Argument First) {
  if (First == Argument::Iterator)
    return Invalidation::ErasedElement;
  if (First == Argument::Key)
    return Invalidation::ErasedKey;
  return Invalidation::None;
}

/// What a member function of a list, forward_list, map or set does: only
/// the elements it removes lose their views; insertions move positions.
Invalidation nodeInvalidation(llvm::StringRef Method, Argument First) {
  if (Method == "erase")
    return nodeErase(First);
  // list::remove(x), remove_if, unique: which elements go is known at run
  // time, as for erase(key) (`l.remove(*it)` erases it's own element).
  if (Method == "remove" || Method == "remove_if" || Method == "unique")
    return Invalidation::ErasedKey;
  return llvm::StringSwitch<Invalidation>(Method)
      .Case("pop_back", Invalidation::RemovedBack)
      .Case("pop_front", Invalidation::RemovedFront)
      .Case("erase_after", Invalidation::ErasedAfter)
      .Cases({"push_back", "push_front", "emplace_back", "emplace_front",
              "insert", "emplace", "emplace_hint", "insert_after",
              "emplace_after", "insert_range", "insert_range_after",
              "append_range", "prepend_range", "splice", "splice_after",
              "merge", "sort", "reverse", "resize"},
             Invalidation::Shifted)
      .Default(Invalidation::None);
}

} // namespace

Invalidation invalidationOf(Storage Kind, llvm::StringRef Method,
                            Argument First) {
  if (Method == "operator=" || Method == "assign" || Method == "assign_range" ||
      Method == "clear")
    return Kind == Storage::Fixed || Kind == Storage::Unknown
               ? Invalidation::None
               : Invalidation::Everything;
  switch (Kind) {
  case Storage::Contiguous:
    return llvm::StringSwitch<Invalidation>(Method)
        .Cases({"push_back", "push", "pop", "emplace_back", "insert", "emplace",
                "resize", "reserve", "shrink_to_fit", "append",
                "operator+=", "replace", "insert_range", "append_range",
                "resize_and_overwrite"},
               Invalidation::Everything)
        .Case("erase", Invalidation::ErasedFrom)
        .Case("pop_back", Invalidation::RemovedBackAndEnd)
        .Default(Invalidation::None);
  case Storage::SortedArray:
    if (Method == "erase")
      return Invalidation::ErasedFrom;
    return isInsertion(Method) || Method == "shrink_to_fit" ||
                   Method == "replace" || Method == "extract"
               ? Invalidation::Everything
               : Invalidation::None;
  case Storage::Deque:
    return llvm::StringSwitch<Invalidation>(Method)
        .Cases({"push_back", "push_front", "push", "emplace_back",
                "emplace_front", "prepend_range", "append_range"},
               Invalidation::Iterators)
        .Cases({"insert", "emplace", "resize", "shrink_to_fit", "erase",
                "insert_range"},
               Invalidation::Everything)
        .Case("pop_back", Invalidation::RemovedBackAndEnd)
        .Case("pop_front", Invalidation::RemovedFront)
        .Default(Invalidation::None);
  case Storage::NodeBased:
    return nodeInvalidation(Method, First);
  case Storage::HashedNodes:
    if (Method == "erase")
      return nodeErase(First);
    return isInsertion(Method) ? Invalidation::Rehash : Invalidation::None;
  case Storage::OpenAddressing:
  case Storage::SharedTable:
    if (Method == "erase")
      return nodeErase(First);
    return isInsertion(Method) ? Invalidation::Everything : Invalidation::None;
  case Storage::SharedArray: // slicemap::append is a free function
  case Storage::Fixed:
  case Storage::Unknown:
    break;
  }
  return Invalidation::None;
}

llvm::StringRef adaptorPop(QualType Type) {
  const NamedDecl *Class = classOf(Type);
  if (!Class || !Class->getIdentifier() || topNamespace(Class) != "std")
    return "pop";
  return llvm::StringSwitch<llvm::StringRef>(Class->getName())
      .Case("stack", "pop_back")
      .Case("queue", "pop_front")
      .Default("pop");
}

bool isIteratorMethod(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases({"begin", "end", "cbegin", "cend", "rbegin", "rend", "crbegin",
              "crend", "find", "lower_bound", "upper_bound", "insert",
              "emplace", "emplace_hint", "erase"},
             true)
      .Default(false);
}

bool isDataPointerMethod(llvm::StringRef Name) {
  return Name == "data" || Name == "c_str";
}

} // namespace clang::tidy::slicemap::model

namespace clang::tidy::slicemap::model {

static MoveEffect libraryMoveEffect(QualType Type) {
  const NamedDecl *Class = classOf(Type);
  if (!Class || !Class->getIdentifier())
    return MoveEffect::Unknown;
  const llvm::StringRef Name = Class->getName();
  const llvm::StringRef Namespace = topNamespace(Class);
  // One heap block (or node set) whose owner changes: views follow it.
  // Inline storage (a short string, a small vector's buffer) is copied
  // element by element: views of the moved-from object may dangle.
  if (Namespace == "std")
    return llvm::StringSwitch<MoveEffect>(Name)
        .Cases({"vector", "deque", "list", "forward_list", "map", "set",
                "multimap", "multiset", "unordered_map", "unordered_set",
                "unordered_multimap", "unordered_multiset"},
               MoveEffect::Follow)
        .Case("basic_string", MoveEffect::MayDangle)
        .Case("array", MoveEffect::Stay)
        .Default(MoveEffect::Unknown);
  if (Namespace == "absl")
    return llvm::StringSwitch<MoveEffect>(Name)
        .Cases({"flat_hash_map", "flat_hash_set", "node_hash_map",
                "node_hash_set", "btree_map", "btree_set", "btree_multimap",
                "btree_multiset"},
               MoveEffect::Follow)
        .Case("InlinedVector", MoveEffect::MayDangle)
        .Default(MoveEffect::Unknown);
  if (Namespace == "boost")
    return llvm::StringSwitch<MoveEffect>(Name)
        .Cases({"vector", "devector", "stable_vector", "unordered_flat_map",
                "unordered_flat_set", "unordered_node_map",
                "unordered_node_set", "unordered_map", "unordered_set"},
               MoveEffect::Follow)
        .Cases({"small_vector", "static_vector", "basic_string"},
               MoveEffect::MayDangle)
        .Default(MoveEffect::Unknown);
  if (Namespace == "llvm")
    return llvm::StringSwitch<MoveEffect>(Name)
        .Cases({"DenseMap", "DenseSet", "StringMap", "StringSet"},
               MoveEffect::Follow)
        .Cases({"SmallVector", "SmallString", "SmallDenseMap", "SmallDenseSet"},
               MoveEffect::MayDangle)
        .Default(MoveEffect::Unknown);
  return MoveEffect::Unknown;
}

static MoveEffect moveEffectAt(QualType Type, unsigned Depth) {
  if (MoveEffect Known = libraryMoveEffect(Type); Known != MoveEffect::Unknown)
    return Known;
  // A class derived from a library container moves as its base does.
  return fromPublicBases(
      recordWithBases(Type.getNonReferenceType()), Depth, MoveEffect::Unknown,
      [](QualType Base, unsigned Level) { return moveEffectAt(Base, Level); });
}

MoveEffect moveEffectOf(QualType Type) { return moveEffectAt(Type, 0); }

} // namespace clang::tidy::slicemap::model
