//===--- main.cpp - the flexcc executable ------------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// flexcc's main only forwards to flexccMain, which tests call directly.
//
//===----------------------------------------------------------------------===//
#include "flexcc/Driver.h"

int main(int Argc, const char **Argv) { return flexcc::flexccMain(Argc, Argv); }
