package dev.vcr.kernel.scan;

/**
 * A port of git's {@code wildmatch.c}, the glob matcher behind {@code .gitignore}: {@code *}, {@code ?},
 * {@code [...]} classes (with {@code !}/{@code ^} negation, ranges, backslash escapes and the POSIX
 * {@code [:name:]} classes with ASCII semantics), backslash escapes, and, in pathname mode, {@code *} that
 * stops at {@code /} and {@code **} that crosses it when it stands between slashes.
 *
 * <p>The matcher works on a pattern already split into a {@code char[]} and a text region, so callers
 * compile each pattern once and match without allocating. It follows git's return codes, including the
 * two "abort" results that prune backtracking, so a pattern like {@code *a*a*a*a*b} cannot go
 * exponential. One deliberate difference: git matches UTF-8 bytes, this matches UTF-16 chars, so a
 * {@code ?} consumes one non-ASCII character where git would consume one byte of it.
 */
final class Wildmatch {
  static final int MATCH = 0;
  static final int NOMATCH = 1;
  static final int ABORT_ALL = -1;
  static final int ABORT_TO_STARSTAR = -2;

  private Wildmatch() {}

  /**
   * Whether {@code pattern[pFrom, pEnd)} matches the whole of {@code text[tFrom, tEnd)}.
   *
   * @param pathname git's {@code WM_PATHNAME}: wildcards other than a slash-delimited {@code **} do not
   *     match {@code /}
   */
  static boolean matches(
      char[] pattern, int pFrom, int pEnd, String text, int tFrom, int tEnd, boolean pathname) {
    return dowild(pattern, pFrom, pEnd, text, tFrom, tEnd, pathname) == MATCH;
  }

  /** Whether a character is special to the matcher (git's {@code is_glob_special}). */
  static boolean isGlobSpecial(char c) {
    return c == '*' || c == '?' || c == '[' || c == '\\';
  }

  private static char at(char[] pattern, int i, int pEnd) {
    return i < pEnd ? pattern[i] : 0;
  }

  private static int dowild(
      char[] pat, final int patternStart, int pEnd, String text, int t, int tEnd, boolean pathname) {
    for (int p = patternStart; p < pEnd; t++, p++) {
      char pCh = pat[p];
      if (t >= tEnd && pCh != '*') {
        return ABORT_ALL;
      }
      char tCh = t < tEnd ? text.charAt(t) : 0;
      switch (pCh) {
        case '\\':
          // Literal match with the following character; a trailing backslash never matches.
          p++;
          if (p >= pEnd || tCh != pat[p]) {
            return NOMATCH;
          }
          continue;
        case '?':
          if (pathname && tCh == '/') {
            return NOMATCH;
          }
          continue;
        case '*':
          {
            boolean matchSlash;
            int next = p + 1;
            if (next < pEnd && pat[next] == '*') {
              int firstStar = p;
              while (next < pEnd && pat[next] == '*') {
                next++;
              }
              if (!pathname) {
                matchSlash = true;
              } else if ((firstStar == patternStart || pat[firstStar - 1] == '/')
                  && (next >= pEnd
                      || pat[next] == '/'
                      || (pat[next] == '\\' && at(pat, next + 1, pEnd) == '/'))) {
                // "**/" may match nothing at all: foo/**/bar matches foo/bar.
                if (next < pEnd
                    && pat[next] == '/'
                    && dowild(pat, next + 1, pEnd, text, t, tEnd, pathname) == MATCH) {
                  return MATCH;
                }
                matchSlash = true;
              } else {
                matchSlash = false;
              }
            } else {
              matchSlash = !pathname;
            }
            if (next >= pEnd) {
              // Trailing "**" matches everything; trailing "*" only if no slash remains.
              if (!matchSlash && indexOfSlash(text, t, tEnd) >= 0) {
                return ABORT_TO_STARSTAR;
              }
              return MATCH;
            } else if (!matchSlash && pat[next] == '/') {
              // One star followed by a slash matches the rest of this path component.
              int slash = indexOfSlash(text, t, tEnd);
              if (slash < 0) {
                return ABORT_ALL;
              }
              t = slash;
              p = next; // the loop step consumes the slash in both
              continue;
            }
            while (true) {
              if (t >= tEnd) {
                break;
              }
              if (!isGlobSpecial(pat[next])) {
                // Skip quickly to the next occurrence of the literal that follows the star.
                char literal = pat[next];
                tCh = 0;
                while (t < tEnd) {
                  char c = text.charAt(t);
                  if (!matchSlash && c == '/') {
                    tCh = c;
                    break;
                  }
                  if (c == literal) {
                    tCh = c;
                    break;
                  }
                  t++;
                }
                if (tCh != literal) {
                  return matchSlash ? ABORT_ALL : ABORT_TO_STARSTAR;
                }
              } else {
                tCh = text.charAt(t);
              }
              int matched = dowild(pat, next, pEnd, text, t, tEnd, pathname);
              if (matched != NOMATCH) {
                if (!matchSlash || matched != ABORT_TO_STARSTAR) {
                  return matched;
                }
              } else if (!matchSlash && tCh == '/') {
                return ABORT_TO_STARSTAR;
              }
              t++;
            }
            return ABORT_ALL;
          }
        case '[':
          {
            p++;
            char c = at(pat, p, pEnd);
            if (c == '^') {
              c = '!';
            }
            boolean negated = c == '!';
            if (negated) {
              p++;
              c = at(pat, p, pEnd);
            }
            char prev = 0;
            boolean matched = false;
            while (true) {
              if (c == 0) {
                return ABORT_ALL;
              }
              if (c == '\\') {
                p++;
                c = at(pat, p, pEnd);
                if (c == 0) {
                  return ABORT_ALL;
                }
                if (tCh == c) {
                  matched = true;
                }
              } else if (c == '-' && prev != 0 && at(pat, p + 1, pEnd) != 0
                  && at(pat, p + 1, pEnd) != ']') {
                p++;
                c = pat[p];
                if (c == '\\') {
                  p++;
                  c = at(pat, p, pEnd);
                  if (c == 0) {
                    return ABORT_ALL;
                  }
                }
                if (tCh <= c && tCh >= prev) {
                  matched = true;
                }
                c = 0; // makes prev 0: "a-c-e" is a range then a literal '-' and 'e'
              } else if (c == '[' && at(pat, p + 1, pEnd) == ':') {
                p += 2;
                int s = p;
                while ((c = at(pat, p, pEnd)) != 0 && c != ']') {
                  p++;
                }
                if (c == 0) {
                  return ABORT_ALL;
                }
                int len = p - s - 1;
                if (len < 0 || pat[p - 1] != ':') {
                  // No ":]": the '[' is an ordinary member of the set; resume right after it.
                  p = s - 2;
                  c = '[';
                  if (tCh == c) {
                    matched = true;
                  }
                } else {
                  int posix = posixClass(pat, s, len, tCh);
                  if (posix < 0) {
                    return ABORT_ALL; // unknown [:name:]
                  }
                  if (posix == 1) {
                    matched = true;
                  }
                  c = 0;
                }
              } else if (tCh == c) {
                matched = true;
              }
              prev = c;
              c = at(pat, ++p, pEnd);
              if (c == ']') {
                break;
              }
            }
            if (matched == negated || (pathname && tCh == '/')) {
              return NOMATCH;
            }
            continue;
          }
        default:
          if (tCh != pCh) {
            return NOMATCH;
          }
          continue;
      }
    }
    return t < tEnd ? NOMATCH : MATCH;
  }

  private static int indexOfSlash(String text, int from, int end) {
    for (int i = from; i < end; i++) {
      if (text.charAt(i) == '/') {
        return i;
      }
    }
    return -1;
  }

  /** 1 if {@code c} is in the named class, 0 if not, -1 if the name is unknown. */
  private static int posixClass(char[] pat, int start, int len, char c) {
    String name = new String(pat, start, len);
    boolean ascii = c < 128;
    boolean in;
    switch (name) {
      case "alnum":
        in = ascii && (isAlpha(c) || isDigit(c));
        break;
      case "alpha":
        in = ascii && isAlpha(c);
        break;
      case "blank":
        in = c == ' ' || c == '\t';
        break;
      case "cntrl":
        in = c < 32 || c == 127;
        break;
      case "digit":
        in = isDigit(c);
        break;
      case "graph":
        in = c > 32 && c < 127;
        break;
      case "lower":
        in = c >= 'a' && c <= 'z';
        break;
      case "print":
        in = c >= 32 && c < 127;
        break;
      case "punct":
        in = c > 32 && c < 127 && !isAlpha(c) && !isDigit(c);
        break;
      case "space":
        in = c == ' ' || (c >= '\t' && c <= '\r');
        break;
      case "upper":
        in = c >= 'A' && c <= 'Z';
        break;
      case "xdigit":
        in = isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        break;
      default:
        return -1;
    }
    return in ? 1 : 0;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
