//===--- GateRecord.h - what a translation unit tells the link step -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The rewrite of one translation unit yields, besides its source edits, an
// ObjectRecord: the TU's library and compartment, the functions it defines,
// and every gate it makes that crosses a compartment boundary, with the
// callee's prototype in ABI-canonical C, and every callback whose address
// escapes in it. In wrapper mode the record travels
// inside the object file (section .flexcc.gates), so that the link step can
// check gate targets and generate the image's stubs after separate
// compilation; in 'flexcc rewrite' mode it stays in memory.
//
// ABI-canonical C: every pointer is 'void *', enums are their integer type,
// typedefs are resolved, and each by-value struct or union becomes a
// 'struct __flexcc_t_<hash>' whose definition (with layout assertions) is
// carried along. The stub file thus needs none of the user's headers.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_REWRITERS_GATERECORD_H
#define FLEXCC_REWRITERS_GATERECORD_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace flexcc {
namespace rewriters {

/// A by-value aggregate type in ABI-canonical C.
struct AbiType {
  std::string Name;       ///< "struct __flexcc_t_<16 hex digits>"
  std::string Definition; ///< "struct ... { ... };" plus _Static_asserts
  /// Names of the AbiTypes this one contains by value (defined first).
  std::vector<std::string> Needs;
};

/// A pointer parameter that the stub copies through the calling thread's
/// bounce buffer (copy sharing, DESIGN.md section 5): annotated on the
/// callee's declaration with __flexos_in/out/inout(size) or __flexos_string.
struct CopySpec {
  enum class Direction { In, Out, InOut, String };
  unsigned Param = 0; ///< 0-based index of the parameter.
  Direction Dir = Direction::In;
  /// The size in bytes as a C expression of type 'unsigned long' over the
  /// stub's parameters __a0, __a1, ... (ABI-canonical: pointers are 'void *');
  /// empty for String (strlen + 1, computed by the runtime).
  std::string Size;
  /// The parameter's name in the declaration, for run-time reports; may be
  /// empty.
  std::string Name;

  bool operator==(const CopySpec &O) const {
    return Param == O.Param && Dir == O.Dir && Size == O.Size;
  }
  bool operator!=(const CopySpec &O) const { return !(*this == O); }
  bool operator<(const CopySpec &O) const;
};

/// "in", "out", "inout", "string".
llvm::StringRef directionName(CopySpec::Direction D);

/// One cross-compartment gate target, as seen from one caller compartment.
struct GateRecord {
  std::string FromCompartment;
  std::string ToCompartment;
  std::string ToLibrary;
  std::string Callee;   ///< The callee's symbol name.
  std::string StubName; ///< The symbol the rewritten call names.
  std::string ReturnType;              ///< ABI-canonical C ("void", ...).
  std::vector<std::string> ParamTypes; ///< ABI-canonical C, in order.
  std::vector<std::string> Types;      ///< AbiType names used, directly.
  /// Copy-shared parameters, by parameter index.
  std::vector<CopySpec> Copies;
  /// Where the (first) gate to this callee is written.
  std::string File;
  unsigned Line = 0, Column = 0;
};

/// A gate that the link step must check: that Callee is defined in
/// ToLibrary, or, for FlexOS's key gates, which name no library, in
/// ToCompartment. Recorded for every gate whose callee this translation unit
/// does not define, crossing or not.
struct GateTarget {
  std::string ToLibrary;     ///< Empty for a key gate.
  std::string ToCompartment; ///< Set for a key gate only.
  std::string Callee;
  std::string File;
  unsigned Line = 0, Column = 0;
};

/// A function marked __flexos_callback whose address escapes in a
/// translation unit (it is assigned, passed, stored, returned or compared
/// rather than called). The image gets one callback stub per StubName, with
/// the function's prototype, that enters its home compartment from whatever
/// compartment the calling thread is in; every escaping use names the stub.
struct CallbackRecord {
  /// The home compartment. Empty for a function with external linkage: the
  /// link step takes the compartment of the object whose 'define' lines
  /// list Callee. Set for a static function (the recording TU defines it).
  std::string Home;
  std::string Callee;   ///< The function's symbol name.
  std::string StubName; ///< "__flexcc_cb__<f>", or with a TU tag for a static.
  /// For a static function: an external constant pointer to it that the
  /// recording TU defines, through which the stub calls it. Empty otherwise.
  std::string Ref;
  std::string ReturnType;              ///< ABI-canonical C.
  std::vector<std::string> ParamTypes; ///< ABI-canonical C, in order.
  std::vector<std::string> Types;      ///< AbiType names used, directly.
  /// Copy-shared parameters, by parameter index.
  std::vector<CopySpec> Copies;
  /// Where the (first) escaping use is written.
  std::string File;
  unsigned Line = 0, Column = 0;
};

/// Everything one translation unit contributes to the image.
struct ObjectRecord {
  std::string Source;      ///< Absolute path of the main file.
  std::string Library;     ///< Empty: the TU belongs to no library.
  std::string Compartment; ///< Its compartment.
  /// "c" or "c++": the language it was compiled as; a link of C++ objects
  /// goes through the C++ driver, as one command with C++ sources would.
  std::string Language = "c";
  std::vector<std::string> Defines; ///< External functions it defines.
  std::vector<GateTarget> Targets;
  std::vector<GateRecord> Gates;   ///< Crossing gates, one per stub.
  std::vector<AbiType> Types;      ///< Every AbiType the gates need.
  /// Callbacks whose address escapes here, one per stub.
  std::vector<CallbackRecord> Callbacks;

  /// A line-based text form, stable across flexcc versions of one format
  /// version. Contains no NUL byte.
  std::string serialize() const;
  /// Parses serialize()'s output; an error names what is malformed.
  static llvm::Expected<ObjectRecord> parse(llvm::StringRef Text);
};

} // namespace rewriters
} // namespace flexcc

#endif // FLEXCC_REWRITERS_GATERECORD_H
