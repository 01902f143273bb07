#!/usr/bin/env python3
"""Runs the kit's name-match baseline unchanged, with more file extensions to lex (the kit's lists only
.java, .py and .ts files). The added files get its Java lexer: // and /* */ comments, quoted strings.
  eval/name-match-ext.py KIT/name-match-baseline .go[,.ext ...] [the baseline's arguments]
"""
import sys
import types

path, exts = sys.argv[1], tuple(sys.argv[2].split(","))
sys.argv = [path] + sys.argv[3:]
m = types.ModuleType("name_match_baseline")
m.__file__ = path
exec(compile(open(path).read().replace('if __name__ == "__main__":', 'if False:'), path, "exec"), m.__dict__)
m.EXTS = m.EXTS + exts
m.main()
