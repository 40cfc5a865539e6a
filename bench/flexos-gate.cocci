// SPDX-License-Identifier: Apache-2.0
//
// flexos-gate.cocci - the FlexOS-style gate rewrite as a Coccinelle semantic
// patch, for bench/run-flexcc-speed: spatch applies it to the generated
// 10,000-gate file (bench/gen-gates) and its time is compared with flexcc's.
//
// FlexOS lowered its gates with Coccinelle rules run over each library's
// sources before the build. This is the simplest such rule: every gate, as a
// statement or inside any expression, with zero or more arguments, becomes
// the plain call it stands for (what flexcc does under mechanism `none`):
//   flexos_gate(lib, f, args)  ->  f(args)
// The runner counts the rewrites in spatch's output (there must be one per
// gate, and no flexos_gate left).

@gate@
identifier lib, f;
expression list args;
@@
- flexos_gate(lib, f, args)
+ f(args)
