//===--- ObjectSections.h - a compartment's data sections in objects -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The I/O side of backends/Layout.h: which sections of a compiled object a
// compartment owns, and the objcopy arguments that rename them.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_FLEXCC_OBJECTSECTIONS_H
#define FLEXCC_FLEXCC_OBJECTSECTIONS_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace flexcc {

/// Reads the names of the sections of the ELF object \p Path that its
/// compartment may own, in order: all but the members of COMDAT groups (C++
/// inline functions, templates and their static data), of which the linker
/// keeps one copy for the whole image, so that they cannot be one
/// compartment's. On failure returns false with \p Problem saying why
/// (naming the file).
bool readOwnableSections(llvm::StringRef Path,
                         std::vector<std::string> &Names,
                         std::string &Problem);

/// The objcopy arguments ('--rename-section', 'old=new', ...) that give the
/// data sections among \p Names to compartment \p Comp; empty when there is
/// nothing to rename. Flags and types of the sections are kept.
std::vector<std::string>
compartmentRenameArgs(llvm::StringRef Comp,
                      const std::vector<std::string> &Names);

/// The objcopy arguments ('--redefine-sym', 'malloc=__flexcc_malloc_c<N>',
/// ...) that send the malloc family of an object of the compartment with
/// index \p Index to that compartment's heap (runtime/include/flexcc/heap.h)
/// and its pthread_create/join/detach to the runtime's, which give every
/// thread a data shadow stack (runtime/include/flexcc/dss.h).
std::vector<std::string> compartmentRuntimeArgs(unsigned Index);

} // namespace flexcc

#endif // FLEXCC_FLEXCC_OBJECTSECTIONS_H
