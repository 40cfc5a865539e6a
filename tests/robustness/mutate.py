#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Robustness test of flexcc: flexcc never crashes on any input, and nothing
is half-written.

Takes the corpus programs (test-corpus/<case>/: flexcc.yaml, sources, and an
optional FLEXCC_ARGS file of extra arguments), makes mutants of their sources
and configs in a temporary copy (truncations, token/line deletion and
duplication, byte corruption, damaged gate calls, damaged YAML) and runs

    flexcc rewrite --config flexcc.yaml [FLEXCC_ARGS] -o out  inputs...
    flexcc --config flexcc.yaml [FLEXCC_ARGS] -c input -o OUT.o   (a subset)

on each, checking that flexcc

* exits with 0, 1 or 2, never by a signal, never times out;
* prints no crash marker ("Stack dump", "PLEASE submit a bug report",
  "Assertion", "terminate called", "LLVM ERROR");
* on a non-zero exit leaves no file in out/ and no OUT.o;
* never leaves a *.flexcc-tmp-* file, nor its temporary directory in $TMPDIR;
* on exit 1 prints an `error:` line prefixed by file:line:col or by a file;
* on exit 0 has written every output (out/<input>, out/<image>.flexcc.c, OUT.o).

The list of mutants is a pure function of the seed and the corpus; the run
stops at --budget-seconds (or --max-mutants). Every failure is saved (the
mutated case, the command, stdout/stderr) under the failures directory with a
repro.sh, and summarised in one line. Python 3 standard library only.
"""

import argparse
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

CRASH_MARKERS = ("Stack dump", "PLEASE submit a bug report", "Assertion",
                 "terminate called", "LLVM ERROR")
SOURCE_EXTS = (".c", ".h", ".cpp", ".cc", ".cxx", ".hpp", ".hh")
INPUT_EXTS = (".c", ".cpp", ".cc", ".cxx")
EXCLUDED_DIRS = {"expected"}
TOOL_NAMES = {"flexcc", "clang", "clang++", "cc", "c++", "gcc", "g++"}
ERROR_LOC_RE = re.compile(
    r"^(?P<file>[^\s:][^:\n]*?):\d+:\d+: (?:fatal )?error: ", re.M)
ERROR_FILE_RE = re.compile(
    r"^(?P<file>[^\s:][^:\n]*?): (?:fatal )?error: ", re.M)

# ---------------------------------------------------------------------------
# Lexing helpers (bytes; rough, but enough to aim mutations)

C_TOKEN_RE = re.compile(
    rb"/\*.*?\*/|//[^\n]*|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'"
    rb"|[A-Za-z_]\w*|\d[\w.]*|\S", re.S)
GATE_RE = re.compile(rb"\bflexos_\w*gate\w*\s*\(")
IDENT_RE = re.compile(rb"[A-Za-z_]\w{2,}")
STRING_RE = re.compile(rb"\"(?:[^\"\\\n]|\\.)*\"")
COMMENT_RE = re.compile(rb"/\*.*?\*/|//[^\n]*", re.S)
DIRECTIVE_RE = re.compile(rb"^[ \t]*#[ \t]*(?:define|include|if|ifdef|ifndef)"
                          rb"(?:[^\n]*\\\n)*[^\n]*", re.M)
INVALID_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3", b"\xc3(", b"\xe2\x82",
                b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
                b"\x80\x80\x80", b"\xef\xbb\xbf"]


def gate_calls(text):
    """(start, open, close, [(arg_start, arg_end)]) of each gate call; close
    is the offset of the matching ')' or len(text) when unbalanced."""
    calls = []
    for m in GATE_RE.finditer(text):
        open_ = m.end() - 1
        depth, i, args, arg_start = 0, open_, [], open_ + 1
        close = len(text)
        while i < len(text):
            c = text[i:i + 1]
            if c in (b'"', b"'"):
                j = i + 1
                while j < len(text) and text[j:j + 1] not in (c, b"\n"):
                    j += 2 if text[j:j + 1] == b"\\" else 1
                i = j + 1
                continue
            if c in (b"(", b"[", b"{"):
                depth += 1
            elif c in (b")", b"]", b"}"):
                depth -= 1
                if depth == 0:
                    close = i
                    args.append((arg_start, i))
                    break
            elif c == b"," and depth == 1:
                args.append((arg_start, i))
                arg_start = i + 1
            i += 1
        calls.append((m.start(), open_, close, args))
    return calls


# ---------------------------------------------------------------------------
# Mutations. Each is (kind, description, function bytes -> bytes); the
# function only closes over values drawn at generation time, so a mutant is
# reproducible from (seed, corpus) alone and materialised lazily.

def truncate_at(n):
    return lambda b: b[:n]


def splice(start, end, new):
    return lambda b: b[:start] + new + b[end:]


def source_mutations(data, rng, per_kind, stride):
    out = []
    n = len(data)

    def add(kind, desc, fn):
        out.append((kind, desc, fn))

    # Truncation every `stride` bytes (0 = about 12 points per file).
    step = stride if stride > 0 else max(1, n // 12)
    start = rng.randrange(step) if step > 1 else 0
    for off in range(start, n, step):
        add("src-trunc", "truncated at byte %d of %d" % (off, n),
            truncate_at(off))
    add("src-trunc", "truncated to 0 bytes", truncate_at(0))
    add("src-trunc", "last byte dropped", truncate_at(max(0, n - 1)))

    def trunc_in(kind, what, spans):
        spans = [s for s in spans if s[1] - s[0] >= 2]
        for s, e in rng.sample(spans, min(per_kind, len(spans))):
            off = rng.randrange(s + 1, e)
            add(kind, "truncated at byte %d (inside %s)" % (off, what),
                truncate_at(off))

    tokens = [(m.start(), m.end()) for m in C_TOKEN_RE.finditer(data)]
    calls = [c for c in gate_calls(data) if c[3]]
    trunc_in("src-trunc-token", "a token",
             [(m.start(), m.end()) for m in IDENT_RE.finditer(data)])
    trunc_in("src-trunc-macro", "a preprocessor directive",
             [(m.start(), m.end()) for m in DIRECTIVE_RE.finditer(data)])
    trunc_in("src-trunc-gate", "a gate's argument list",
             [(o, c) for _, o, c, _ in calls])
    trunc_in("src-trunc-string", "a string literal",
             [(m.start(), m.end()) for m in STRING_RE.finditer(data)])
    trunc_in("src-trunc-comment", "a comment",
             [(m.start(), m.end()) for m in COMMENT_RE.finditer(data)])

    lines = []
    pos = 0
    for line in data.splitlines(keepends=True):
        lines.append((pos, pos + len(line)))
        pos += len(line)

    for _ in range(per_kind if tokens else 0):
        s, e = rng.choice(tokens)
        tok = data[s:e][:40]
        if rng.random() < 0.5:
            add("src-del-token", "deleted token %r at %d" % (tok, s),
                splice(s, e, b""))
        else:
            add("src-dup-token", "duplicated token %r at %d" % (tok, s),
                splice(s, s, data[s:e] + b" "))
    for _ in range(per_kind if lines else 0):
        s, e = rng.choice(lines)
        if rng.random() < 0.5:
            add("src-del-line", "deleted the line at byte %d" % s,
                splice(s, e, b""))
        else:
            add("src-dup-line", "duplicated the line at byte %d" % s,
                splice(s, s, data[s:e]))

    for _ in range(per_kind if n else 0):
        off = rng.randrange(n)
        r = rng.random()
        if r < 0.4:
            k = rng.randint(1, 4)
            junk = bytes(rng.randrange(256) for _ in range(k))
            add("src-bytes", "%d random byte(s) %s at %d" % (k, junk.hex(), off),
                splice(off, off + k, junk))
        elif r < 0.7:
            if rng.random() < 0.5:
                add("src-nul", "NUL byte inserted at %d" % off,
                    splice(off, off, b"\0"))
            else:
                add("src-nul", "byte at %d replaced by NUL" % off,
                    splice(off, off + 1, b"\0"))
        else:
            # Invalid UTF-8, preferably inside a string, comment or name.
            spans = [(m.start(), m.end()) for m in
                     rng.choice([STRING_RE, COMMENT_RE, IDENT_RE]).finditer(data)]
            if spans:
                s, e = rng.choice(spans)
                off = rng.randrange(s, e)
            seq = rng.choice(INVALID_UTF8)
            add("src-utf8", "invalid UTF-8 %s inserted at %d" % (seq.hex(), off),
                splice(off, off, seq))
    if n:
        add("src-cr", "every line ending replaced by CR only",
            lambda b: b.replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
        for _ in range(max(1, per_kind // 4)):
            s, e = rng.choice(lines)
            if data[e - 1:e] == b"\n":
                add("src-cr", "line ending at byte %d replaced by CR" % (e - 1),
                    splice(e - 1 - (data[e - 2:e] == b"\r\n"), e, b"\r"))
        add("src-bytes", "whole file replaced by random bytes",
            lambda b, r=rng.randrange(1 << 30): bytes(
                random.Random(r).randrange(256) for _ in range(len(b))))

    # Damaged gate calls.
    for _ in range(per_kind if calls else 0):
        start, open_, close, args = rng.choice(calls)
        r = rng.random()
        if r < 0.25:
            which = rng.choice([p for p in (open_, close) if p < n])
            add("gate-paren", "deleted %r of the gate call at %d"
                % (data[which:which + 1].decode(), start),
                splice(which, which + 1, b""))
        elif r < 0.45 and len(args) > 1:
            comma = rng.choice(args[:-1])[1]
            add("gate-comma", "deleted a comma of the gate call at %d" % start,
                splice(comma, comma + 1, b""))
        elif r < 0.75 and len(args) > 1:
            i, j = sorted(rng.sample(range(len(args)), 2))
            (a1, a2), (b1, b2) = args[i], args[j]
            add("gate-swap", "swapped arguments %d and %d of the gate call at %d"
                % (i, j, start),
                lambda b, a1=a1, a2=a2, b1=b1, b2=b2:
                    b[:a1] + b[b1:b2] + b[a2:b1] + b[a1:a2] + b[b2:])
        else:
            a1, a2 = rng.choice(args)
            new = rng.choice([b"", b" ", b" libnosuchlib", b" 42", b' "x"',
                              b" (", b" )", b" ,,", b" ...", b" __VA_ARGS__",
                              b" flexos_gate(", b" " + b"x" * 5000,
                              b" main", b" sizeof(int)"])
            add("gate-arg", "gate argument at %d replaced by %r"
                % (a1, new[:30]), splice(a1, a2, new))
    return out


# --- YAML ------------------------------------------------------------------

YAML_KEYS = [b"image", b"mechanism", b"sharing", b"libraries", b"sources",
             b"compartments", b"name", b"default", b"hardening", b"syscalls"]
WRONG_VALUES = [b"[]", b"{}", b"[a, b]", b"{a: 1}", b"42", b"-1", b"3.5",
                b"true", b"~", b"null", b'""', b"''", b"!!binary aGVsbG8=",
                b"*nosuchalias", b"&anchor x", b"[[[]]]", b"{ {} }", b"[",
                b"{", b"]", b"}", b"app/*.c", b"\"\\x00\"", b"- a",
                b"mpk", b"ept", b"heap", b"dss", b"main", b"libapp",
                b"[asan, ubsan, cfi, safe-stack]", b"[nosuch-hardening]",
                b"!!int x", b"? a", b"|\n  block", b">-\n  folded", b"@", b"`",
                b"'unterminated", b"\"unterminated", b"%TAG"]


def yaml_value_span(data, pos):
    """The span of the YAML value starting at pos (after 'key: ')."""
    n = len(data)
    while pos < n and data[pos:pos + 1] in (b" ", b"\t"):
        pos += 1
    if pos < n and data[pos:pos + 1] in (b"[", b"{"):
        depth, i = 0, pos
        while i < n:
            c = data[i:i + 1]
            if c in (b"[", b"{"):
                depth += 1
            elif c in (b"]", b"}"):
                depth -= 1
                if depth == 0:
                    return pos, i + 1
            i += 1
        return pos, n
    i = pos
    while i < n and data[i:i + 1] not in (b",", b"}", b"]", b"\n", b"#"):
        i += 1
    end = i
    while end > pos and data[end - 1:end] in (b" ", b"\t", b"\r"):
        end -= 1
    return pos, end


def config_mutations(data, rng, per_kind, stride):
    out = []
    n = len(data)

    def add(kind, desc, fn):
        out.append((kind, desc, fn))

    step = stride if stride > 0 else max(1, n // 24)
    for off in range(rng.randrange(step) if step > 1 else 0, n, step):
        add("cfg-trunc", "config truncated at byte %d of %d" % (off, n),
            truncate_at(off))
    lines = []
    pos = 0
    for line in data.splitlines(keepends=True):
        lines.append((pos, pos + len(line)))
        pos += len(line)
    body = [(s, e) for s, e in lines
            if data[s:e].strip() and not data[s:e].lstrip().startswith(b"#")]
    for s, e in body:
        mid = rng.randrange(s, e)
        add("cfg-trunc", "config truncated at byte %d (mid-line)" % mid,
            truncate_at(mid))

    for _ in range(per_kind if body else 0):
        s, e = rng.choice(body)
        line = data[s:e]
        indent = len(line) - len(line.lstrip(b" \t"))
        new = rng.choice([b"", b" ", b"   ", b"\t", b"  \t", b" " * 9,
                          b" " * (indent + 1), b" " * max(0, indent - 1)])
        add("cfg-indent", "indentation of the line at %d set to %r" % (s, new),
            splice(s, s + indent, new))
    add("cfg-tabs", "every indentation replaced by tabs",
        lambda b: re.sub(rb"(?m)^ +", lambda m: b"\t" * ((len(m.group()) + 1) // 2), b))
    add("cfg-tabs", "every ': ' replaced by ':\\t'",
        lambda b: b.replace(b": ", b":\t"))
    for _ in range(max(1, per_kind // 3) if body else 0):
        s, e = rng.choice(body)
        add("cfg-tabs", "tab inserted at the start of the line at %d" % s,
            splice(s, s, b"\t"))

    keys = [(m.start(), m.end()) for m in
            re.finditer(rb"\b(?:" + b"|".join(YAML_KEYS) + rb"):", data)]
    for _ in range(per_kind if keys else 0):
        ks, ke = rng.choice(keys)
        vs, ve = yaml_value_span(data, ke)
        val = rng.choice(WRONG_VALUES)
        add("cfg-type", "value of %r replaced by %r"
            % (data[ks:ke].decode(), val.decode()), splice(vs, ve, b" " + val))

    for _ in range(per_kind):
        r = rng.random()
        key = rng.choice([b"bogus", b"imagee", b"Image", b"mechanisms",
                          b"library", b"source", b"hardenings", b"0", b"~",
                          b"''", b"\xc3\xa9t\xc3\xa9"])
        if r < 0.4 or not keys:
            off = rng.choice([0, n] + [s for s, _ in lines])
            add("cfg-unknown-key", "top-level key %r added at %d" % (key, off),
                splice(off, off, key + b": 1\n"))
        else:
            braces = [m.start() for m in re.finditer(rb"\}", data)]
            if braces:
                off = rng.choice(braces)
                add("cfg-unknown-key", "key %r added to the map at %d"
                    % (key, off), splice(off, off, b", " + key + b": x "))

    for _ in range(per_kind if keys else 0):
        ks, ke = rng.choice(keys)
        line = next((s, e) for s, e in lines if s <= ks < e)
        if rng.random() < 0.5 and not data[line[0]:line[1]].strip().endswith(b"}"):
            add("cfg-dup-key", "line at %d duplicated" % line[0],
                splice(line[0], line[0], data[line[0]:line[1]]))
        else:
            vs, ve = yaml_value_span(data, ke)
            inside_flow = data[line[0]:ks].count(b"{") > data[line[0]:ks].count(b"}")
            if inside_flow:
                dup = b", " + data[ks:ve]
                add("cfg-dup-key", "key %r duplicated in its map" % data[ks:ke],
                    splice(ve, ve, dup))
            else:
                add("cfg-dup-key", "line at %d duplicated" % line[0],
                    splice(line[0], line[0], data[line[0]:line[1]]))

    huge = [
        ("image name of 200000 characters",
         lambda b: re.sub(rb"(?m)^image:.*$", b"image: " + b"a" * 200000, b, 1)),
        ("image name of 300 characters",
         lambda b: re.sub(rb"(?m)^image:.*$", b"image: " + b"i" * 300, b, 1)),
        ("image name with a slash",
         lambda b: re.sub(rb"(?m)^image:.*$", b"image: ../../x/y", b, 1)),
        ("image name with a NUL escape",
         lambda b: re.sub(rb"(?m)^image:.*$", b'image: "a\\0b"', b, 1)),
        ("20000 entries in a sources list",
         lambda b: b.replace(b"sources: [", b"sources: [" + b"x/*.c, " * 20000, 1)),
        ("500 compartments",
         lambda b: b + b"".join(b"  - { name: c%d, libraries: [] }\n" % i
                                for i in range(500))),
        ("2000 libraries",
         lambda b: b.replace(b"libraries:\n", b"libraries:\n" + b"".join(
             b"  l%d: { sources: [l%d/*.c] }\n" % (i, i) for i in range(2000)), 1)),
        ("a glob of 5000 stars", lambda b: b.replace(
            b"sources: [", b"sources: [" + b"*" * 5000 + b", ", 1)),
        ("a recursive glob", lambda b: b.replace(
            b"sources: [", b"sources: [**/*.c, ../**/*.c, /*, ", 1)),
        ("a 1 MB comment", lambda b: b + b"# " + b"c" * (1 << 20) + b"\n"),
    ]
    for depth in (50, 1000, 20000):
        huge.append(("flow sequence nested %d deep" % depth,
                     lambda b, d=depth: re.sub(rb"(?m)^image:.*$", b"image: "
                                               + b"[" * d + b"]" * d, b, 1)))
        huge.append(("flow map nested %d deep" % depth,
                     lambda b, d=depth: b + b"extra: " + b"{a: " * d + b"}" * d + b"\n"))
        huge.append(("block sequence nested %d deep" % depth,
                     lambda b, d=depth: b + b"extra:\n" + b"".join(
                         b" " * (i + 1) + b"- \n" for i in range(min(d, 3000)))))
    for desc, fn in huge:
        add("cfg-huge", desc, fn)

    empties = [
        ("empty config", lambda b: b""),
        ("config of only a comment", lambda b: b"# nothing\n"),
        ("config of only '---'", lambda b: b"---\n"),
        ("config of only '...'", lambda b: b"...\n"),
        ("config of only 'null'", lambda b: b"null\n"),
        ("config is a scalar", lambda b: b"image\n"),
        ("config is a sequence", lambda b: b"- image: x\n"),
        ("config of one newline", lambda b: b"\n"),
        ("config of only spaces", lambda b: b"   \n\t\n"),
    ]
    for key in (b"image", b"mechanism", b"sharing", b"libraries",
                b"compartments", b"sources", b"name", b"default", b"hardening"):
        for val in (b"", b' ""', b" []", b" {}", b" ~"):
            empties.append(("%s given %r" % (key.decode(), val.decode()),
                            lambda b, k=key, v=val: re.sub(
                                rb"\b" + k + rb":[ \t]*(\[[^\]\n]*\]|\{[^}\n]*\}|[^,}\n]*)",
                                lambda m: k + b":" + v, b, 1)))
    for desc, fn in empties:
        add("cfg-empty", desc, fn)

    for _ in range(per_kind if n else 0):
        off = rng.randrange(n)
        r = rng.random()
        if r < 0.3:
            k = rng.randint(1, 3)
            junk = bytes(rng.randrange(256) for _ in range(k))
            add("cfg-bytes", "%d random byte(s) %s at %d" % (k, junk.hex(), off),
                splice(off, off + k, junk))
        elif r < 0.55:
            add("cfg-bytes", "NUL byte inserted at %d" % off,
                splice(off, off, b"\0"))
        elif r < 0.8:
            seq = rng.choice(INVALID_UTF8)
            add("cfg-bytes", "invalid UTF-8 %s inserted at %d" % (seq.hex(), off),
                splice(off, off, seq))
        else:
            add("cfg-bytes", "byte at %d deleted" % off, splice(off, off + 1, b""))
    add("cfg-bytes", "every line ending replaced by CR only",
        lambda b: b.replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    add("cfg-bytes", "every line ending replaced by CRLF",
        lambda b: b.replace(b"\n", b"\r\n"))
    add("cfg-bytes", "UTF-8 byte order mark added", lambda b: b"\xef\xbb\xbf" + b)
    add("cfg-bytes", "UTF-16 byte order mark added", lambda b: b"\xff\xfe" + b)
    add("cfg-bytes", "UTF-16LE encoding",
        lambda b: b.decode("utf-8", "replace").encode("utf-16-le"))

    specials = [
        ("undefined alias", lambda b: b + b"x: *nosuch\n"),
        ("anchor and alias for a library", lambda b: re.sub(
            rb"(?m)^  (\w+): \{", lambda m: b"  " + m.group(1) + b": &lib {", b, 1)
         .replace(b"compartments:", b"  dup: *lib\ncompartments:", 1)),
        ("merge key", lambda b: b + b"base: &b {image: y}\nother:\n  <<: *b\n"),
        ("recursive alias", lambda b: b + b"r: &r [*r]\n"),
        ("two documents", lambda b: b + b"---\n" + b),
        ("document end then garbage", lambda b: b + b"...\n%%%\n"),
        ("complex key", lambda b: b + b"? [a, b]\n: c\n"),
        ("tagged map", lambda b: b.replace(b"libraries:", b"libraries: !!map", 1)),
        ("tagged image", lambda b: re.sub(rb"(?m)^image:", b"image: !!binary", b, 1)),
        ("explicit string tag", lambda b: re.sub(rb"(?m)^mechanism:", b"mechanism: !!str", b, 1)),
        ("unknown tag", lambda b: re.sub(rb"(?m)^image:", b"image: !nosuch", b, 1)),
        ("%YAML directive", lambda b: b"%YAML 1.2\n---\n" + b),
        ("bad %YAML directive", lambda b: b"%YAML 9.9\n---\n" + b),
        ("block scalar image", lambda b: re.sub(rb"(?m)^image:.*$", b"image: |\n  two\n  lines", b, 1)),
        ("quoted keys", lambda b: re.sub(rb"(?m)^(\w+):", rb'"\1":', b)),
        ("numeric key in libraries", lambda b: b.replace(b"libraries:\n", b"libraries:\n  42: { sources: [app/*.c] }\n", 1)),
        ("null key in libraries", lambda b: b.replace(b"libraries:\n", b"libraries:\n  ~: { sources: [app/*.c] }\n", 1)),
        ("sequence as a key", lambda b: b.replace(b"libraries:\n", b"libraries:\n  [a]: { sources: [app/*.c] }\n", 1)),
        ("compartments as a map", lambda b: re.sub(rb"(?m)^  - \{ name: (\w+),", rb"  \1: {", b)),
        ("block-style compartments", lambda b: re.sub(
            rb"(?m)^  - \{ (.*) \}$", lambda m: b"  - " + m.group(1).replace(b", ", b"\n    ", 1), b)),
    ]
    for desc, fn in specials:
        add("cfg-yaml", desc, fn)
    return out


# ---------------------------------------------------------------------------
# Mutant list

class Mutant:
    __slots__ = ("index", "case", "path", "kind", "desc", "fn", "mechanism",
                 "compile_file")

    def name(self):
        return "m%05d-%s-%s" % (self.index, self.case, self.kind)

    def summary(self):
        mech = " --mechanism=%s" % self.mechanism if self.mechanism else ""
        return "%s/%s: %s [%s]%s" % (self.case, self.path, self.desc,
                                      self.kind, mech)


class Case:
    def __init__(self, root, name):
        self.name = name
        self.dir = os.path.join(root, name)
        self.files = {}  # relative path -> bytes
        for dirpath, dirnames, filenames in os.walk(self.dir):
            # The goldens (expected/) are the corpus tests' business.
            if dirpath == self.dir:
                dirnames[:] = [d for d in dirnames if d not in EXCLUDED_DIRS]
            dirnames.sort()
            for fn in sorted(filenames):
                full = os.path.join(dirpath, fn)
                rel = os.path.relpath(full, self.dir)
                with open(full, "rb") as f:
                    self.files[rel] = f.read()
        args = self.files.get("FLEXCC_ARGS", b"").decode()
        self.args = shlex.split(args, comments=True)
        self.sources = sorted(p for p in self.files if p.endswith(SOURCE_EXTS))
        self.inputs = [p for p in self.sources if p.endswith(INPUT_EXTS)]


def case_rng(seed, case, what):
    return random.Random("%s/%s/%s" % (seed, case, what))


def build_mutants(cases, seed, per_kind, stride, compile_fraction):
    by_kind = {}
    for case in cases:
        for path in case.sources + ["flexcc.yaml"]:
            rng = case_rng(seed, case.name, path)
            gen = config_mutations if path == "flexcc.yaml" else source_mutations
            for kind, desc, fn in gen(case.files[path], rng, per_kind, stride):
                m = Mutant()
                m.case, m.path, m.kind, m.desc, m.fn = case.name, path, kind, desc, fn
                m.mechanism = None
                if path != "flexcc.yaml":
                    m.mechanism = rng.choice([None, None, "none", "mpk", "ept"])
                m.compile_file = None
                if rng.random() < compile_fraction and case.inputs:
                    m.compile_file = (path if path in case.inputs
                                      else rng.choice(case.inputs))
                by_kind.setdefault(kind, []).append((case, m))
    # Shuffle each kind, then interleave the kinds so that every prefix of the
    # list covers every kind and (through the shuffle) every case.
    rng = random.Random("%s/order" % seed)
    queues = []
    for kind in sorted(by_kind):
        q = by_kind[kind]
        rng.shuffle(q)
        queues.append(q)
    result = []
    pos = [0] * len(queues)
    while True:
        progressed = False
        for i, q in enumerate(queues):
            if pos[i] < len(q):
                result.append(q[pos[i]])
                pos[i] += 1
                progressed = True
        if not progressed:
            break
    for i, (_, m) in enumerate(result):
        m.index = i
    return result


# ---------------------------------------------------------------------------
# Running and checking

def materialise(case, mutant, dest):
    """Writes the case with the mutation applied below dest; returns the
    mutated content (None for the unmutated baseline)."""
    new = None
    for rel, data in case.files.items():
        full = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if mutant is not None and rel == mutant.path:
            data = new = mutant.fn(data)
        with open(full, "wb") as f:
            f.write(data)
    return new


def run(cmd, cwd, env, timeout):
    """(status, stdout, stderr, timed_out); status < 0 for a signal."""
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        return p.returncode, out, err, False
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
        return p.returncode, out, err, True


def files_under(path):
    found = []
    for dirpath, _, filenames in os.walk(path):
        for fn in filenames:
            found.append(os.path.relpath(os.path.join(dirpath, fn), path))
    return sorted(found)


def check_result(what, status, err, timed_out, cwd, outputs_absent,
                 outputs_present):
    """The list of problems with one flexcc run."""
    problems = []
    text = err.decode("utf-8", "replace")
    if timed_out:
        problems.append("%s: timed out (killed after the timeout)" % what)
    elif status < 0:
        try:
            sig = signal.Signals(-status).name
        except ValueError:
            sig = str(-status)
        problems.append("%s: killed by signal %s" % (what, sig))
    elif status not in (0, 1, 2):
        problems.append("%s: exit status %d (expected 0, 1 or 2)" % (what, status))
    for marker in CRASH_MARKERS:
        if marker in text:
            line = next(l for l in text.splitlines() if marker in l)
            problems.append("%s: stderr has %r: %s" % (what, marker, line.strip()[:160]))
    if timed_out:
        return problems
    if status != 0:
        for path in outputs_absent:
            full = os.path.join(cwd, path)
            if os.path.isdir(full):
                left = files_under(full)
                if left:
                    problems.append("%s: exit %d but %s/ holds %d file(s): %s"
                                    % (what, status, path, len(left),
                                       ", ".join(left[:5])))
            elif os.path.lexists(full):
                problems.append("%s: exit %d but %s exists" % (what, status, path))
    else:
        for path in outputs_present:
            if path.endswith("/*.flexcc.c"):
                d = os.path.join(cwd, os.path.dirname(path))
                if not (os.path.isdir(d) and any(
                        f.endswith(".flexcc.c") for f in os.listdir(d))):
                    problems.append("%s: exit 0 but no %s" % (what, path))
            elif not os.path.isfile(os.path.join(cwd, path)):
                problems.append("%s: exit 0 but %s is missing" % (what, path))
    if status == 1:
        ok = False
        for m in ERROR_LOC_RE.finditer(text):
            ok = True
        for m in ERROR_FILE_RE.finditer(text):
            f = m.group("file")
            if f not in TOOL_NAMES and ("/" in f or "." in f
                                        or os.path.exists(os.path.join(cwd, f))):
                ok = True
        if not ok:
            first = text.strip().splitlines()[:1]
            problems.append("%s: exit 1 without a file:line:col: or file: error "
                            "line (stderr: %s)" % (what, first[0][:160] if first
                                                  else "empty"))
    return problems


def leftovers(root, tmpdir, check_tmpdir):
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        for fn in dirnames + filenames:
            if ".flexcc-tmp-" in fn:
                found.append(os.path.relpath(os.path.join(dirpath, fn), root))
    if check_tmpdir and os.path.isdir(tmpdir):
        for fn in os.listdir(tmpdir):
            found.append(os.path.relpath(os.path.join(tmpdir, fn), root))
    return sorted(found)


class Runner:
    def __init__(self, args, cases):
        self.args = args
        self.cases = {c.name: c for c in cases}
        self.lock = threading.Lock()
        self.failures = []
        self.stats = {"mutants": 0, "rewrite": 0, "compile": 0}
        self.status_counts = {}
        self.kind_counts = {}

    def commands(self, case, mutant):
        base = [self.args.run_flexcc]
        mech = []
        if mutant is not None and mutant.mechanism:
            mech = ["--mechanism=" + mutant.mechanism]
        cmds = [("rewrite", base + ["rewrite", "--config", "flexcc.yaml"] + mech
                 + case.args + ["-o", "out"] + case.inputs,
                 ["out"], ["out/" + p for p in case.inputs] + ["out/*.flexcc.c"])]
        cfile = mutant.compile_file if mutant is not None else None
        if cfile:
            cmds.append(("compile", base + ["--config", "flexcc.yaml"] + mech
                         + case.args + ["-c", cfile, "-o", "OUT.o"],
                         ["OUT.o"], ["OUT.o"]))
        return cmds

    def run_one(self, case, mutant, label):
        root = os.path.join(self.args.work, "run", label)
        shutil.rmtree(root, ignore_errors=True)
        tree = os.path.join(root, "case")
        tmpdir = os.path.join(root, "tmp")
        os.makedirs(tmpdir)
        materialise(case, mutant, tree)
        env = dict(os.environ)
        env.update(TMPDIR=tmpdir, TMP=tmpdir, TEMP=tmpdir, LC_ALL="C")
        problems, runs = [], []
        for what, cmd, absent, present in self.commands(case, mutant):
            status, out, err, timed_out = run(cmd, tree, env, self.args.timeout)
            if timed_out:
                # Once more, so that a loaded machine does not pass for a hang.
                for p in absent:
                    full = os.path.join(tree, p)
                    shutil.rmtree(full, ignore_errors=True) if os.path.isdir(full) \
                        else (os.path.lexists(full) and os.remove(full))
                status, out, err, timed_out = run(cmd, tree, env,
                                                  2 * self.args.timeout)
            runs.append((what, cmd, status, out, err, timed_out))
            problems += check_result(what, status, err, timed_out, tree,
                                     absent, present)
            problems += ["%s: left behind %s" % (what, p)
                         for p in leftovers(tree, tmpdir, not timed_out)]
            if mutant is None and status != 0:
                problems.append("%s: the unmutated case fails (exit %d)"
                                % (what, status))
            with self.lock:
                self.stats[what] += 1
                key = "%s:%s" % (what, "timeout" if timed_out else status)
                self.status_counts[key] = self.status_counts.get(key, 0) + 1
            # Leftovers from this run must not hide the next run's.
            for p in os.listdir(tmpdir):
                shutil.rmtree(os.path.join(tmpdir, p), ignore_errors=True)
        if problems:
            self.save_failure(case, mutant, label, runs, problems)
        if not self.args.keep:
            shutil.rmtree(root, ignore_errors=True)
        with self.lock:
            self.stats["mutants"] += 1
            if mutant is not None:
                self.kind_counts[mutant.kind] = self.kind_counts.get(mutant.kind, 0) + 1

    def save_failure(self, case, mutant, label, runs, problems):
        dest = os.path.join(self.args.failures, label)
        shutil.rmtree(dest, ignore_errors=True)
        os.makedirs(dest)
        materialise(case, mutant, os.path.join(dest, "case"))
        what = mutant.summary() if mutant else "%s: unmutated" % case.name
        lines = ["#!/bin/sh",
                 "# Reproduces: %s" % what,
                 "# Seed %s. Problems:" % self.args.seed]
        lines += ["#   " + p for p in problems]
        lines += ['FLEXCC="${FLEXCC:-%s}"' % self.args.flexcc,
                  'cd "$(dirname "$0")/case" || exit 2',
                  "rm -rf out OUT.o"]
        for i, (w, cmd, status, out, err, timed_out) in enumerate(runs):
            shown = ['"$FLEXCC"'] + [shlex.quote(a) for a in cmd[1:]]
            lines.append("timeout %d %s; echo \"%s: exit $?\""
                         % (4 * self.args.timeout, " ".join(shown), w))
            with open(os.path.join(dest, "%s.stderr" % w), "wb") as f:
                f.write(err)
            with open(os.path.join(dest, "%s.stdout" % w), "wb") as f:
                f.write(out)
        with open(os.path.join(dest, "repro.sh"), "w") as f:
            f.write("\n".join(lines) + "\n")
        os.chmod(os.path.join(dest, "repro.sh"), 0o755)
        line = "FAIL %s: %s -- %s (saved in %s)" % (label, what,
                                                    "; ".join(problems), dest)
        with open(os.path.join(dest, "summary.txt"), "w") as f:
            f.write(line + "\n")
        with self.lock:
            self.failures.append(line)
            print(line, flush=True)


def snapshot(args):
    """A private copy of the flexcc binary, so that a rebuild during the run
    (a relink leaves the file missing or non-executable for a while) does not
    pass for thousands of failures. It finds the runtime headers as the build
    tree's binary does (no ../include next to either). Waits up to a minute
    for a binary that runs."""
    if args.no_snapshot:
        return args.flexcc
    dest = os.path.join(args.work, "bin", "flexcc")
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    for attempt in range(13):
        if attempt:
            time.sleep(5)
        try:
            shutil.copy2(args.flexcc, dest + ".new")
            os.replace(dest + ".new", dest)
            if subprocess.run([dest, "--version"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=30).returncode == 0:
                return dest
        except (OSError, subprocess.SubprocessError):
            pass
    print("mutate.py: error: %s does not run (being rebuilt?)" % args.flexcc,
          file=sys.stderr)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--flexcc", required=True, help="the flexcc binary")
    ap.add_argument("--corpus", required=True, help="the test-corpus directory")
    ap.add_argument("--work", required=True,
                    help="scratch directory (its run/ and failures/ are replaced)")
    ap.add_argument("--failures", help="where failures are saved "
                    "(default WORK/failures)")
    ap.add_argument("--seed", default="20240611", help="the seed (default %(default)s)")
    ap.add_argument("--budget-seconds", type=float, default=120,
                    help="stop starting mutants after this long (default %(default)s)")
    ap.add_argument("--max-mutants", type=int, default=0,
                    help="run at most this many mutants (0: no limit)")
    ap.add_argument("--jobs", type=int, default=2, help="parallel runs (default 2)")
    ap.add_argument("--timeout", type=float, default=10,
                    help="seconds per flexcc run (default %(default)s)")
    ap.add_argument("--per-kind", type=int, default=12,
                    help="random mutants of each kind per file (default %(default)s)")
    ap.add_argument("--stride", type=int, default=0,
                    help="truncate every N bytes (default 0: ~12 points per file)")
    ap.add_argument("--compile-fraction", type=float, default=0.25,
                    help="share of mutants also run with -c (default %(default)s)")
    ap.add_argument("--case", action="append", default=[],
                    help="only this corpus case (repeatable)")
    ap.add_argument("--kind", action="append", default=[],
                    help="only mutants whose kind starts with this (repeatable)")
    ap.add_argument("--only", type=int, action="append", default=[],
                    help="only the mutant with this index (repeatable)")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--keep", action="store_true", help="keep every mutant's tree")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="run --flexcc itself, not a copy made at the start")
    args = ap.parse_args()
    args.flexcc = os.path.abspath(args.flexcc)
    args.work = os.path.abspath(args.work)
    args.failures = os.path.abspath(args.failures or os.path.join(args.work, "failures"))
    if not os.access(args.flexcc, os.X_OK):
        print("mutate.py: error: %s is not executable" % args.flexcc, file=sys.stderr)
        return 2

    names = sorted(d for d in os.listdir(args.corpus)
                   if os.path.isfile(os.path.join(args.corpus, d, "flexcc.yaml")))
    if args.case:
        names = [n for n in names if n in args.case]
    cases = [Case(args.corpus, n) for n in names]
    if not cases:
        print("mutate.py: error: no corpus case found", file=sys.stderr)
        return 2
    mutants = build_mutants(cases, args.seed, args.per_kind, args.stride,
                            args.compile_fraction)
    total = len(mutants)
    if args.kind:
        mutants = [cm for cm in mutants if cm[1].kind.startswith(tuple(args.kind))]
    if args.only:
        mutants = [cm for cm in mutants if cm[1].index in args.only]
    if args.max_mutants:
        mutants = mutants[:args.max_mutants]
    if args.list:
        for _, m in mutants:
            print("%s  %s" % (m.name(), m.summary()))
        return 0

    shutil.rmtree(os.path.join(args.work, "run"), ignore_errors=True)
    shutil.rmtree(args.failures, ignore_errors=True)
    os.makedirs(os.path.join(args.work, "run"))
    args.run_flexcc = snapshot(args)
    if not args.run_flexcc:
        return 2
    runner = Runner(args, cases)
    start = time.monotonic()
    print("robustness: seed %s, %d cases, %d mutants generated, budget %gs, "
          "%d jobs" % (args.seed, len(cases), total, args.budget_seconds, args.jobs),
          flush=True)

    # The unmutated cases first: they must all pass, else the harness is wrong.
    work = [(c, None, "base-%s" % c.name) for c in cases if not args.only]
    work += [(c, m, m.name()) for c, m in mutants]
    it = iter(work)
    it_lock = threading.Lock()
    stopped = [None]
    harness_errors = [0]

    def worker():
        while True:
            with it_lock:
                if time.monotonic() - start > args.budget_seconds:
                    stopped[0] = stopped[0] or "budget reached"
                    return
                item = next(it, None)
            if item is None:
                return
            try:
                runner.run_one(*item)
            except Exception as e:  # a harness error is a failure too
                with runner.lock:
                    line = "FAIL %s: harness error %r" % (item[2], e)
                    runner.failures.append(line)
                    print(line, flush=True)
                    harness_errors[0] += 1
                    if harness_errors[0] >= 5:
                        print("robustness: too many harness errors, stopping",
                              flush=True)
                        stopped[0] = "stopped: too many harness errors"
            if stopped[0]:
                return

    threads = [threading.Thread(target=worker) for _ in range(max(1, args.jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    ran = runner.stats["mutants"] - (0 if args.only else len(cases))
    print("robustness: %d of %d mutants run in %.1fs%s (%d rewrite runs, %d -c runs)"
          % (ran, len(mutants), elapsed, " (%s)" % stopped[0] if stopped[0] else "",
             runner.stats["rewrite"], runner.stats["compile"]))
    print("robustness: results: " + ", ".join(
        "%s=%d" % kv for kv in sorted(runner.status_counts.items())))
    print("robustness: kinds: " + ", ".join(
        "%s=%d" % kv for kv in sorted(runner.kind_counts.items())))
    if stopped[0] and stopped[0] != "budget reached":
        print("robustness: error: " + stopped[0])
    if runner.failures:
        print("robustness: %d FAILURE(S), saved under %s; each has a repro.sh:"
              % (len(runner.failures), args.failures))
        for line in runner.failures[:50]:
            print("  " + line)
        if len(runner.failures) > 50:
            print("  ... and %d more (WORK/failures/*/summary.txt)"
                  % (len(runner.failures) - 50))
        return 1
    if ran <= 0:
        print("robustness: error: no mutant was run")
        return 1
    print("robustness: no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
