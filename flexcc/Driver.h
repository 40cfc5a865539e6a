//===--- Driver.h - flexcc's command line -------------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The whole of flexcc's command-line behaviour, as a library function so that
// tests can call it: compiler-wrapper mode and the 'rewrite' subcommand.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_FLEXCC_DRIVER_H
#define FLEXCC_FLEXCC_DRIVER_H

namespace flexcc {

/// Runs flexcc on \p Argv (Argv[0] is the program name) and returns the
/// process exit status: 0 success, 1 error in the input or the real compiler
/// failed (its status is passed through), 2 bad command line.
int flexccMain(int Argc, const char **Argv);

} // namespace flexcc

#endif // FLEXCC_FLEXCC_DRIVER_H
