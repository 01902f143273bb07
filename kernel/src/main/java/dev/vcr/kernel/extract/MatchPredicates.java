package dev.vcr.kernel.extract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.treesitter.TSQuery;
import org.treesitter.TSQueryPredicateStep;
import org.treesitter.TSQueryPredicateStepType;

/**
 * The text predicates of an extraction query ({@code #eq?}, {@code #match?}, {@code #any-of?} and their
 * negated and {@code any-} forms), evaluated on packed capture records from the native fast path with the
 * same semantics as tree-sitter-ng's {@code TSQueryCursor.nextMatch} when given the source text:
 * <ul>
 *   <li>a predicate looks at every capture of its capture id in the match; with none, it holds only if negated;
 *   <li>{@code eq?} compares bytes, {@code match?} runs {@link java.util.regex.Matcher#find()} on the capture's
 *       text decoded as UTF-8, {@code any-of?} compares bytes with each value;
 *   <li>plain forms need every capture to pass, {@code any-} forms one;
 *   <li>a match is kept when all of its pattern's predicates hold.
 * </ul>
 * Predicates are read from the binding's compiled query (steps and string values), so both paths see the
 * same literals and regexes. A query using any other predicate is refused ({@link Unsupported}): that
 * language then stays on tree-sitter-ng rather than risk different answers.
 */
final class MatchPredicates {
  /** Thrown when a query uses a predicate this class does not evaluate. */
  static final class Unsupported extends Exception {
    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  private abstract static class Predicate {
    final int capture;
    final boolean positive;

    Predicate(int capture, boolean positive) {
      this.capture = capture;
      this.positive = positive;
    }

    abstract boolean test(int[] m, int first, int count, byte[] text);
  }

  /** Per pattern, its predicates (empty when it has none). */
  private final Predicate[][] byPattern;
  final boolean any;

  private MatchPredicates(Predicate[][] byPattern) {
    this.byPattern = byPattern;
    boolean found = false;
    for (Predicate[] p : byPattern) {
      found |= p.length > 0;
    }
    this.any = found;
  }

  boolean hasPredicates(int pattern) {
    return byPattern[pattern].length > 0;
  }

  /**
   * Whether a match passes. {@code m[first..]} holds {@code count} triples (capture id, start, end);
   * {@code text} is the source as tree-sitter-ng would see it.
   */
  boolean test(int pattern, int[] m, int first, int count, byte[] text) {
    for (Predicate p : byPattern[pattern]) {
      if (!p.test(m, first, count, text)) {
        return false;
      }
    }
    return true;
  }

  static MatchPredicates of(TSQuery query) throws Unsupported {
    int patterns = query.getPatternCount();
    Predicate[][] out = new Predicate[patterns][];
    for (int p = 0; p < patterns; p++) {
      TSQueryPredicateStep[] steps = query.getPredicateForPattern(p);
      List<Predicate> list = new ArrayList<>();
      if (steps != null) {
        int i = 0;
        while (i < steps.length) {
          int len = 0;
          while (i + len < steps.length && steps[i + len].getType() != TSQueryPredicateStepType.TSQueryPredicateStepTypeDone) {
            len++;
          }
          if (len > 0) {
            list.add(parse(query, steps, i, len));
          }
          i += len + 1;
        }
      }
      out[p] = list.toArray(new Predicate[0]);
    }
    return new MatchPredicates(out);
  }

  private static Predicate parse(TSQuery query, TSQueryPredicateStep[] steps, int at, int len) throws Unsupported {
    if (steps[at].getType() != TSQueryPredicateStepType.TSQueryPredicateStepTypeString) {
      throw new Unsupported("a predicate that does not start with a name");
    }
    String name = query.getStringValueForId(steps[at].getValueId());
    boolean negated = name.contains("not-");
    boolean any = name.startsWith("any-");
    switch (name) {
      case "eq?": case "not-eq?": case "any-eq?": case "any-not-eq?": {
        int capture = capture(steps, at, len, name);
        TSQueryPredicateStep value = steps[at + 2];
        if (value.getType() == TSQueryPredicateStepType.TSQueryPredicateStepTypeCapture) {
          return new EqCapture(capture, !negated, any, value.getValueId());
        }
        return new EqLiteral(capture, !negated, any,
            query.getStringValueForId(value.getValueId()).getBytes(StandardCharsets.UTF_8));
      }
      case "match?": case "not-match?": case "any-match?": case "any-not-match?": {
        int capture = capture(steps, at, len, name);
        TSQueryPredicateStep value = steps[at + 2];
        if (value.getType() != TSQueryPredicateStepType.TSQueryPredicateStepTypeString) {
          throw new Unsupported("#" + name + " with a capture as its pattern");
        }
        return new Match(capture, !negated, any, Pattern.compile(query.getStringValueForId(value.getValueId())));
      }
      case "any-of?": case "not-any-of?": {
        if (len < 3 || steps[at + 1].getType() != TSQueryPredicateStepType.TSQueryPredicateStepTypeCapture) {
          throw new Unsupported("#" + name + " without a capture and values");
        }
        List<byte[]> values = new ArrayList<>();
        for (int k = at + 2; k < at + len; k++) {
          if (steps[k].getType() != TSQueryPredicateStepType.TSQueryPredicateStepTypeString) {
            throw new Unsupported("#" + name + " with a capture among its values");
          }
          values.add(query.getStringValueForId(steps[k].getValueId()).getBytes(StandardCharsets.UTF_8));
        }
        return new AnyOf(steps[at + 1].getValueId(), name.equals("any-of?"), values.toArray(new byte[0][]));
      }
      default:
        throw new Unsupported("#" + name);
    }
  }

  private static int capture(TSQueryPredicateStep[] steps, int at, int len, String name) throws Unsupported {
    if (len != 3 || steps[at + 1].getType() != TSQueryPredicateStepType.TSQueryPredicateStepTypeCapture) {
      throw new Unsupported("#" + name + " not of the form (#" + name + " @capture value)");
    }
    return steps[at + 1].getValueId();
  }

  /** The same comparison as the binding: lengths first, then byte by byte. */
  private static boolean bytesEqual(byte[] a, int aFrom, int aLen, byte[] b, int bFrom, int bLen) {
    if (aLen != bLen) {
      return false;
    }
    for (int i = 0; i < aLen; i++) {
      if (a[aFrom + i] != b[bFrom + i]) {
        return false;
      }
    }
    return true;
  }

  /** A capture's text as the binding decodes it for {@code #match?}: empty when out of range. */
  private static String decode(byte[] text, int start, int end) {
    if (start < 0 || start > end || start >= text.length) {
      return "";
    }
    return new String(text, start, Math.min(end, text.length) - start, StandardCharsets.UTF_8);
  }

  private static final class EqLiteral extends Predicate {
    final boolean any;
    final byte[] literal;

    EqLiteral(int capture, boolean positive, boolean any, byte[] literal) {
      super(capture, positive);
      this.any = any;
      this.literal = literal;
    }

    @Override
    boolean test(int[] m, int first, int count, byte[] text) {
      boolean seen = false;
      for (int c = 0, k = first; c < count; c++, k += 3) {
        if (m[k] != capture) {
          continue;
        }
        seen = true;
        boolean ok = bytesEqual(text, m[k + 1], m[k + 2] - m[k + 1], literal, 0, literal.length) == positive;
        if (any && ok) {
          return true;
        }
        if (!any && !ok) {
          return false;
        }
      }
      return seen ? !any : !positive;
    }
  }

  private static final class EqCapture extends Predicate {
    final boolean any;
    final int other;

    EqCapture(int capture, boolean positive, boolean any, int other) {
      super(capture, positive);
      this.any = any;
      this.other = other;
    }

    @Override
    boolean test(int[] m, int first, int count, byte[] text) {
      boolean seenOther = false;
      for (int c = 0, k = first; c < count; c++, k += 3) {
        seenOther |= m[k] == other;
      }
      boolean seen = false;
      for (int c = 0, k = first; c < count; c++, k += 3) {
        if (m[k] != capture) {
          continue;
        }
        seen = true;
        if (!seenOther) {
          break;
        }
        boolean equal = false;
        for (int d = 0, j = first; d < count && !equal; d++, j += 3) {
          if (m[j] == other) {
            equal = bytesEqual(text, m[k + 1], m[k + 2] - m[k + 1], text, m[j + 1], m[j + 2] - m[j + 1]);
          }
        }
        boolean ok = equal == positive;
        if (any && ok) {
          return true;
        }
        if (!any && !ok) {
          return false;
        }
      }
      if (!seen || !seenOther) {
        return !positive;
      }
      return !any;
    }
  }

  private static final class Match extends Predicate {
    final boolean any;
    final Pattern pattern;

    Match(int capture, boolean positive, boolean any, Pattern pattern) {
      super(capture, positive);
      this.any = any;
      this.pattern = pattern;
    }

    @Override
    boolean test(int[] m, int first, int count, byte[] text) {
      boolean seen = false;
      for (int c = 0, k = first; c < count; c++, k += 3) {
        if (m[k] != capture) {
          continue;
        }
        seen = true;
        boolean ok = pattern.matcher(decode(text, m[k + 1], m[k + 2])).find() == positive;
        if (any && ok) {
          return true;
        }
        if (!any && !ok) {
          return false;
        }
      }
      return seen ? !any : !positive;
    }
  }

  private static final class AnyOf extends Predicate {
    final byte[][] values;

    AnyOf(int capture, boolean positive, byte[][] values) {
      super(capture, positive);
      this.values = values;
    }

    @Override
    boolean test(int[] m, int first, int count, byte[] text) {
      boolean seen = false;
      for (int c = 0, k = first; c < count; c++, k += 3) {
        if (m[k] != capture) {
          continue;
        }
        seen = true;
        boolean in = false;
        for (byte[] v : values) {
          if (bytesEqual(text, m[k + 1], m[k + 2] - m[k + 1], v, 0, v.length)) {
            in = true;
            break;
          }
        }
        if (in != positive) {
          return false;
        }
      }
      return seen || !positive;
    }
  }
}
