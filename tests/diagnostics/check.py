#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Run one flexcc diagnostics case and check what flexcc prints.

    check.py --flexcc FLEXCC --clang CLANG [--runtime-include DIR]
             [--work DIR] CASE_DIR

A case is a small project directory with its own flexcc.yaml; see README.md
for the format. The case is copied into a fresh work directory (--work, or a
new temporary directory) and flexcc runs there, so the source tree is never
written. Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import glob
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

SOURCE_EXTS = ('.c', '.cc', '.cpp', '.cxx', '.h', '.hh', '.hpp')
INPUT_EXTS = ('.c', '.cc', '.cpp', '.cxx')
DIRECTIVE_RE = re.compile(r'^\s*//\s*(FLEXCC_[A-Z_]+)\s*:\s*(.*?)\s*$')
EXPECT_RE = re.compile(r'^\s*//\s*FLEXCC\s*:\s*(.*?)\s*$')
# '<kind>:<col>: text', '<kind>:<file>:<line>:<col>: text', '<kind>: text'
EXPECT_COL_RE = re.compile(r'^(error|warning|note):(\d+):\s?(.*)$')
EXPECT_FULL_RE = re.compile(r'^(error|warning|note):([^:\s]+):(\d+):(\d+):\s?(.*)$')
EXPECT_NOLOC_RE = re.compile(r'^(error|warning|note):\s(.*)$')
# expected.txt: '<file>:<line>:<col>: <kind>: text' or '<kind>: text'
CFG_EXPECT_RE = re.compile(r'^([^:\s]+):(\d+):(\d+):\s*(error|warning|note):\s?(.*)$')
CFG_NOLOC_RE = re.compile(r'^(error|warning|note):\s?(.*)$')
DIAG_RE = re.compile(
    r'^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): '
    r'(?P<kind>error|warning|note): (?P<msg>.*)$')
DIAG_NOLOC_RE = re.compile(r'^(?P<kind>error|warning|note): (?P<msg>.*)$')


class Expect:
    def __init__(self, kind, file, line, col, text, origin, basename=False):
        self.kind, self.file, self.line, self.col = kind, file, line, col
        self.text, self.origin, self.basename = text, origin, basename

    def where(self):
        if self.file is None:
            return '(no location)'
        return '%s:%d:%d' % (self.file, self.line, self.col)

    def __str__(self):
        return '%s %s: %s  [from %s]' % (self.where(), self.kind, self.text,
                                          self.origin)


class Diag:
    def __init__(self, index, kind, file, line, col, msg, raw):
        self.index, self.kind, self.file = index, kind, file
        self.line, self.col, self.msg, self.raw = line, col, msg, raw


def text_matches(expected, msg):
    """An expectation's text is a substring of the message; ' ||| ' separates
    alternatives (where the wording depends on clang's version, as when
    clang 15 and later report an int/pointer conversion themselves)."""
    return any(alt in msg for alt in expected.split(' ||| '))


def fail(msg):
    print('FAIL: ' + msg)


def read_lines(path):
    with open(path, 'rb') as f:
        data = f.read()
    return data.decode('utf-8', errors='replace').splitlines()


def case_sources(proj):
    out = []
    for root, dirs, files in os.walk(proj):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(SOURCE_EXTS):
                out.append(os.path.relpath(os.path.join(root, name), proj))
    return out


def parse_source_expectations(proj, rel, errors):
    """Directives and expectations written as comments in one source file."""
    directives, expects = {}, []
    lines = read_lines(os.path.join(proj, rel))
    pending = []
    for no, text in enumerate(lines, 1):
        m = EXPECT_RE.match(text)
        if m:
            pending.append((no, m.group(1)))
            continue
        d = DIRECTIVE_RE.match(text)
        if d:
            directives[d.group(1)] = d.group(2)
            continue
        # The first line after a block of expectations is where they point.
        for eno, spec in pending:
            origin = '%s:%d' % (rel, eno)
            full = EXPECT_FULL_RE.match(spec)
            col = EXPECT_COL_RE.match(spec)
            noloc = EXPECT_NOLOC_RE.match(spec)
            if full:
                expects.append(Expect(full.group(1), full.group(2),
                                      int(full.group(3)), int(full.group(4)),
                                      full.group(5), origin, basename=True))
            elif col:
                expects.append(Expect(col.group(1), rel, no, int(col.group(2)),
                                      col.group(3), origin))
            elif noloc:
                expects.append(Expect(noloc.group(1), None, 0, 0,
                                      noloc.group(2), origin))
            else:
                errors.append('%s: cannot parse expectation %r' % (origin, spec))
        pending = []
    for eno, spec in pending:
        errors.append('%s:%d: expectation %r points past the end of the file'
                      % (rel, eno, spec))
    return directives, expects


def parse_expected_txt(path, errors):
    directives, expects = {}, []
    for no, text in enumerate(read_lines(path), 1):
        text = text.strip()
        origin = 'expected.txt:%d' % no
        if not text or text.startswith('#'):
            continue
        d = re.match(r'^(FLEXCC_[A-Z_]+)\s*:\s*(.*)$', text)
        m = CFG_EXPECT_RE.match(text)
        n = CFG_NOLOC_RE.match(text)
        if d:
            directives[d.group(1)] = d.group(2)
        elif m:
            expects.append(Expect(m.group(4), m.group(1), int(m.group(2)),
                                  int(m.group(3)), m.group(5), origin))
        elif n:
            expects.append(Expect(n.group(1), None, 0, 0, n.group(2), origin))
        else:
            errors.append('%s: cannot parse %r' % (origin, text))
    return directives, expects


def parse_diags(stderr):
    lines = stderr.splitlines()
    diags = []
    for i, text in enumerate(lines):
        m = DIAG_RE.match(text)
        if m:
            diags.append(Diag(i, m.group('kind'), m.group('file'),
                              int(m.group('line')), int(m.group('col')),
                              m.group('msg'), text))
            continue
        m = DIAG_NOLOC_RE.match(text)
        if m:
            diags.append(Diag(i, m.group('kind'), None, 0, 0, m.group('msg'),
                              text))
    return lines, diags


def same_file(proj, diag_file, expect):
    if expect.file is None or diag_file is None:
        return expect.file is None and diag_file is None
    if expect.basename:
        return os.path.basename(diag_file) == expect.file
    a = os.path.realpath(os.path.join(proj, diag_file))
    b = os.path.realpath(os.path.join(proj, expect.file))
    return a == b


def check_snippet(proj, lines, d):
    """The source line and a caret under the column follow an error."""
    path = os.path.join(proj, d.file)
    if not os.path.isfile(path):
        return 'cannot read %s to check the source line' % d.file
    src = read_lines(path)
    if d.line < 1 or d.line > len(src):
        return 'line %d is past the end of %s' % (d.line, d.file)
    want = src[d.line - 1].expandtabs(8).rstrip()
    if d.index + 1 >= len(lines):
        return 'no source line after %r' % d.raw
    got = lines[d.index + 1].rstrip()
    caret = lines[d.index + 2] if d.index + 2 < len(lines) else ''
    # Clang 17 and later print a line-number gutter ('  9 | '), as flexcc's
    # parse does when built with them.
    gutter = re.match(r'^ *\d+ \| ', got)
    if gutter:
        got = got[gutter.end():]
        caret = caret[gutter.end():] if caret[:gutter.end()].strip(' |') == '' \
            else caret
    if got != want:
        return 'source line after %r is %r, expected %r' % (d.raw, got, want)
    col = len(src[d.line - 1].encode('utf-8', errors='replace')
              [:d.col - 1].decode('utf-8', errors='replace').expandtabs(8))
    if caret.find('^') != col or caret.strip(' ~^') != '':
        return 'caret line after %r is %r, expected a caret at column %d' % (
            d.raw, caret, col + 1)
    return None


def snapshot(root):
    out = {}
    for base, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(base, name)
            rel = os.path.relpath(p, root)
            if os.path.isdir(p):
                out[rel] = 'dir'
            else:
                with open(p, 'rb') as f:
                    out[rel] = hashlib.sha256(f.read()).hexdigest()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--flexcc', required=True)
    ap.add_argument('--clang', required=True,
                    help='plain clang, for FLEXCC_CLANG_ERRORS: same')
    ap.add_argument('--runtime-include',
                    default=os.path.join(os.path.dirname(os.path.abspath(
                        __file__)), '..', '..', 'runtime', 'include'))
    ap.add_argument('--work', help='work directory (wiped first)')
    ap.add_argument('case')
    a = ap.parse_args()

    case = os.path.abspath(a.case)
    name = os.path.basename(case.rstrip('/'))
    if not os.path.isfile(os.path.join(case, 'flexcc.yaml')):
        fail('%s has no flexcc.yaml' % case)
        return 1
    if a.work:
        work = os.path.abspath(a.work)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
    else:
        work = tempfile.mkdtemp(prefix='flexcc-diag-%s-' % name)
    proj = os.path.join(work, 'proj')
    tmp = os.path.join(work, 'tmp')
    shutil.copytree(case, proj)
    os.makedirs(tmp)
    before = snapshot(proj)

    errors = []
    config_case = os.path.isfile(os.path.join(proj, 'expected.txt'))
    sources = case_sources(proj)
    inputs_all = [s for s in sources if s.endswith(INPUT_EXTS)]
    expects = []
    if config_case:
        directives, expects = parse_expected_txt(
            os.path.join(proj, 'expected.txt'), errors)
        main_file = None
        default_inputs = inputs_all
    else:
        directives, main_file = {}, None
        for rel in sources:
            d, e = parse_source_expectations(proj, rel, errors)
            expects += e
            if d:
                if main_file is not None:
                    errors.append('FLEXCC_ directives in both %s and %s'
                                  % (main_file, rel))
                main_file, directives = rel, d
        if main_file is None:
            if len(inputs_all) != 1:
                errors.append('no file has a FLEXCC_MODE/FLEXCC_ARGS header '
                              'and the case has several inputs')
            else:
                main_file = inputs_all[0]
        default_inputs = [main_file] if main_file else []
    for key in directives:
        if key not in ('FLEXCC_ARGS', 'FLEXCC_MODE', 'FLEXCC_EXIT',
                       'FLEXCC_INPUTS', 'FLEXCC_CLANG_ERRORS'):
            errors.append('unknown directive %s' % key)
    if errors:
        for e in errors:
            fail('bad case: ' + e)
        return 1

    mode = directives.get('FLEXCC_MODE', 'rewrite')
    args = shlex.split(directives.get('FLEXCC_ARGS', ''))
    inputs = default_inputs
    if 'FLEXCC_INPUTS' in directives:
        inputs = []
        for pat in shlex.split(directives['FLEXCC_INPUTS']):
            hits = sorted(os.path.relpath(p, proj)
                          for p in glob.glob(os.path.join(proj, pat)))
            if not hits:
                fail('bad case: FLEXCC_INPUTS pattern %r matches nothing' % pat)
                return 1
            inputs += hits
    want_exit = int(directives.get('FLEXCC_EXIT',
                                   '1' if any(e.kind == 'error'
                                              for e in expects) else '0'))

    config = ['--config', 'flexcc.yaml']
    if mode == 'rewrite':
        out = os.path.join(work, 'out')
        cmd = [a.flexcc, 'rewrite'] + config + args + ['-o', out] + inputs
    elif mode == 'compile':
        out = os.path.join(work, 'out.o')
        cmd = [a.flexcc] + config + args + ['-c'] + inputs + ['-o', out]
    elif mode == 'link':
        out = os.path.join(work, 'out.exe')
        cmd = [a.flexcc] + config + args + inputs + ['-o', out]
    else:
        fail('bad case: unknown FLEXCC_MODE %r' % mode)
        return 1

    env = dict(os.environ)
    for var in ('FLEXOS_CONFIG', 'FLEXCC_CC', 'FLEXCC_CXX', 'CPATH',
                'C_INCLUDE_PATH', 'CPLUS_INCLUDE_PATH'):
        env.pop(var, None)
    env['TMPDIR'] = tmp
    env['LC_ALL'] = 'C'
    print('case %s: %s' % (name, ' '.join(shlex.quote(c) for c in cmd)))
    print('  (in %s)' % proj)
    r = subprocess.run(cmd, cwd=proj, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    stderr = r.stderr.decode('utf-8', errors='replace')
    sys.stdout.write('--- flexcc stderr ---\n%s--- end (exit %d) ---\n'
                     % (stderr, r.returncode))

    problems = []
    if r.returncode != want_exit:
        problems.append('exit status %d, expected %d' % (r.returncode,
                                                          want_exit))
    lines, diags = parse_diags(stderr)
    used = set()
    for e in expects:
        hit = None
        for d in diags:
            if id(d) in used or d.kind != e.kind:
                continue
            if not same_file(proj, d.file, e):
                continue
            if e.file is not None and (d.line, d.col) != (e.line, e.col):
                continue
            if not text_matches(e.text, d.msg):
                continue
            hit = d
            break
        if hit is None:
            near = [d.raw for d in diags if d.kind == e.kind and
                    text_matches(e.text, d.msg)]
            problems.append('missing %s%s' % (
                e, '; found it as: ' + ' | '.join(near) if near else ''))
        else:
            used.add(id(hit))
    for d in diags:
        if d.kind == 'error' and id(d) not in used:
            problems.append('unexpected error: %s' % d.raw)
    for i, text in enumerate(lines):
        if 'error:' in text and not any(d.index == i for d in diags):
            problems.append('unexpected error line: %s' % text)
    for d in diags:
        if d.kind == 'error' and d.file is not None:
            why = check_snippet(proj, lines, d)
            if why:
                problems.append(why)

    # Nothing written on failure; something written on success.
    if r.returncode != 0:
        if mode == 'rewrite':
            if os.path.isdir(out) and os.listdir(out):
                problems.append('flexcc failed but wrote into %s: %s' % (
                    out, sorted(os.listdir(out))))
        elif os.path.exists(out):
            problems.append('flexcc failed but wrote %s' % out)
        stray = sorted(set(os.listdir(work)) - {'proj', 'tmp', 'out'})
        if stray:
            problems.append('flexcc failed but left %s in the output '
                            'location %s' % (stray, work))
    else:
        if mode == 'rewrite':
            if not (os.path.isdir(out) and os.listdir(out)):
                problems.append('flexcc succeeded but wrote nothing in %s'
                                % out)
        elif not os.path.isfile(out):
            problems.append('flexcc succeeded but wrote no %s' % out)
    leftover = sorted(os.listdir(tmp))
    if leftover:
        problems.append('flexcc left temporary files in $TMPDIR: %s'
                        % leftover)
    after = snapshot(proj)
    if after != before:
        changed = sorted(k for k in set(before) | set(after)
                         if before.get(k) != after.get(k))
        problems.append('flexcc changed the project directory: %s' % changed)

    # Errors that clang itself reports must reach the user unchanged.
    if directives.get('FLEXCC_CLANG_ERRORS') == 'same':
        ccmd = [a.clang, '-fsyntax-only', '-fno-color-diagnostics',
                '-I' + os.path.abspath(a.runtime_include)] + inputs
        c = subprocess.run(ccmd, cwd=proj, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        cerr = c.stderr.decode('utf-8', errors='replace')
        print('--- plain clang: %s ---\n%s--- end (exit %d) ---' % (
            ' '.join(shlex.quote(x) for x in ccmd), cerr, c.returncode))
        want = [d.raw for d in parse_diags(cerr)[1] if d.kind == 'error']
        got = [d.raw for d in diags if d.kind == 'error']
        if not want:
            problems.append('plain clang reports no error for this case')
        if want != got:
            problems.append('errors differ from plain clang\'s:\n    clang:  '
                            + '\n            '.join(want) + '\n    flexcc: '
                            + '\n            '.join(got))

    for p in problems:
        fail(p)
    if problems:
        print('case %s: FAILED (%d problem%s); work directory kept: %s' % (
            name, len(problems), '' if len(problems) == 1 else 's', work))
        return 1
    print('case %s: ok (%d expectation%s)' % (
        name, len(expects), '' if len(expects) == 1 else 's'))
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
