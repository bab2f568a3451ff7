#!/usr/bin/env python3
"""Injects an undeclared identifier into the operands of yield, await,
throw and return and into catch types of .ac files, translates them,
compiles them with each compiler and counts the identifiers reported on
their own .ac line (and column).

usage: inject.py ASYNCC INCLUDE_DIR OUT_DIR CC[,CC...] FILE.ac...
Prints "kind right total" per kind and compiler; exit 0.
With --strict, exits 1 unless every measured site is right."""
import os
import re
import subprocess
import sys

KW = re.compile(r'\b(yield|await|throw|return|catch)\b')
IDENT = re.compile(r'[A-Za-z_]\w*')


def blank(text):
    """Comments, strings and preprocessor lines as spaces (offsets kept)."""
    out = list(text)
    i, n = 0, len(text)
    bol = True
    while i < n:
        c = text[i]
        if bol and c == '#':
            j = i
            while j < n and not (text[j] == '\n' and text[j - 1] != '\\'):
                j += 1
            for k in range(i, j):
                if out[k] != '\n':
                    out[k] = ' '
            i = j
            continue
        if c in ' \t':
            i += 1
            continue
        bol = c == '\n'
        if text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = ' '
            i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if out[k] != '\n':
                    out[k] = ' '
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            for k in range(i + 1, min(j, n)):
                out[k] = ' '
            i = j + 1
        else:
            i += 1
    return ''.join(out)


def sites(text):
    """(kind, insertion offset, replaces) for each operand."""
    b = blank(text)
    res = []
    for m in KW.finditer(b):
        kind = m.group(1)
        i = m.end()
        while i < len(b) and b[i] in ' \t\n':
            i += 1
        if kind == 'catch':
            if i < len(b) and b[i] == '(':
                i += 1
                while b[i] in ' \t':
                    i += 1
                # every type of `catch (A | B name)`
                while True:
                    t = IDENT.match(b, i)
                    if not t:
                        break
                    j = t.end()
                    while b[j] in ' \t\n':
                        j += 1
                    if b[j] in '|)' or IDENT.match(b, j):
                        res.append((kind, i, t.end() - i))
                    if b[j] != '|':
                        break
                    i = j + 1
                    while b[i] in ' \t\n':
                        i += 1
            continue
        if kind == 'yield' and b.startswith('from', i):
            i += 4
            while b[i] in ' \t\n':
                i += 1
            kind = 'yield'
        if i >= len(b) or b[i] in ';)':
            continue
        # a call operand NAME(...): inside its parentheses, so that the
        # translator still knows the callee (the result's type)
        t = IDENT.match(b, i)
        if t and t.end() < len(b) and b[t.end()] == '(':
            res.append((kind, t.end() + 1, 0))
        else:
            res.append((kind, i, -1))
    return res


def inject(text, chosen):
    """Text with the chosen sites injected; [(kind, name, line, col)]."""
    out, pos, made = [], 0, []
    for kind, at, repl in sorted(chosen, key=lambda s: s[1]):
        out.append(text[pos:at])
        before = ''.join(out)
        line = before.count('\n') + 1
        col = len(before) - (before.rfind('\n') + 1) + 1
        name = 'ac_undeclared_L%dC%d' % (line, col)
        if repl > 0:       # a catch type: replaced
            out.append(name)
            pos = at + repl
        elif repl == 0:    # inside a call's parentheses
            close = text[at:at + 1] == ')'
            out.append(name + ('' if close else ' + '))
            pos = at
        else:              # before the operand
            out.append(name + ' * ')
            pos = at
        made.append((kind, name, line, col))
    out.append(text[pos:])
    return ''.join(out), made


def translate(asyncc, src, dst):
    r = subprocess.run([asyncc, src, '-o', dst], capture_output=True,
                       text=True)
    return r.returncode == 0


def main():
    args = sys.argv[1:]
    strict = '--strict' in args
    args = [a for a in args if a != '--strict']
    asyncc, inc, work, ccs = args[:4]
    files = args[4:]
    os.makedirs(work, exist_ok=True)
    total = {}
    bad = []
    unreported = {}
    for f in files:
        text = open(f).read()
        all_sites = sites(text)
        if not all_sites:
            continue
        base = os.path.join(work, os.path.basename(f)[:-3])
        # all sites at once; when the translator refuses, one at a time
        groups = [all_sites]
        src = base + '.ac'
        inj, made = inject(text, all_sites)
        open(src, 'w').write(inj)
        if not translate(asyncc, src, base + '.c'):
            groups = [[s] for s in all_sites]
        for g in groups:
            inj, made = inject(text, g)
            open(src, 'w').write(inj)
            if not translate(asyncc, src, base + '.c'):
                continue
            for cc in ccs.split(','):
                cmd = [cc, '-std=c99', '-fsyntax-only', '-I', inc,
                       base + '.c']
                if 'clang' in cc:
                    cmd.insert(1, '-ferror-limit=0')
                r = subprocess.run(cmd, capture_output=True, text=True)
                seen = {}
                for line in r.stderr.splitlines():
                    m = re.match(r'(.*?):(\d+):(\d+): error: .*'
                                 r'(ac_undeclared_L\d+C\d+)', line)
                    if m and m.group(4) not in seen:
                        seen[m.group(4)] = (m.group(1), int(m.group(2)),
                                            int(m.group(3)))
                same = open(base + '.c').read() == inj
                for kind, name, ln, col in made:
                    got = seen.get(name)
                    if got is None:
                        # not compiled (#if 0), or not reported
                        unreported[cc] = unreported.get(cc, 0) + 1
                        continue
                    t = total.setdefault((cc, kind), [0, 0, 0])
                    t[2] += 1
                    # a unit with nothing to lower is its own output
                    if same and got[0].endswith('.c'):
                        got = (src,) + got[1:]
                    if got[0].endswith('.ac') and got[1] == ln:
                        t[0] += 1
                        if got[2] == col:
                            t[1] += 1
                    else:
                        bad.append('%s: %s %s:%d:%d reported at %s' %
                                   (cc, kind, f, ln, col, got))
    for (cc, kind), (right, exact, n) in sorted(total.items()):
        print('%s %-6s line %d/%d column %d/%d' % (cc, kind, right, n,
                                                   exact, n))
    for cc, n in sorted(unreported.items()):
        print('%s unreported (not compiled) %d' % (cc, n))
    for b in bad[:40]:
        print('WRONG', b)
    if strict and bad:
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
