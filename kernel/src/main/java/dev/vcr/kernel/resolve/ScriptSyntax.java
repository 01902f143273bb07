package dev.vcr.kernel.resolve;

import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import java.util.List;
import java.util.regex.Pattern;

/** Syntax helpers shared by the dynamic-language resolvers (Python, JavaScript/TypeScript). */
final class ScriptSyntax {
  private static final Pattern DOTTED =
      Pattern.compile("[A-Za-z_$#][A-Za-z0-9_$]*(\\.[A-Za-z_$#][A-Za-z0-9_$]*)*");
  /** Columns allowed between a declared name and its initializer's callee: {@code " = new "}. */
  private static final int MAX_GAP = 7;

  private ScriptSyntax() {}

  /** {@code a.b} of a receiver {@code a.b(...)} (one call at the end), else null. */
  static String calleeOf(String text) {
    if (!text.endsWith(")")) {
      return null;
    }
    int depth = 0;
    for (int i = text.length() - 1; i >= 0; i--) {
      char ch = text.charAt(i);
      if (ch == ')') {
        depth++;
      } else if (ch == '(') {
        depth--;
        if (depth == 0) {
          String callee = text.substring(0, i).strip();
          return DOTTED.matcher(callee).matches() ? callee : null;
        }
      }
    }
    return null;
  }

  /**
   * When a variable is initialised by a call or {@code new} ({@code x = Foo(...)}, {@code const x = new
   * a.Foo(...)}), the callee text and whether it is {@code new}: {@code {"a.Foo", "new"}} or
   * {@code {"make", null}}; null otherwise. Read from the references alone: the first reference after the
   * name, on its line and at most {@code " = new "} away, starts the callee (a call, or a dotted chain
   * ending in one), no definition sits in between (an object literal's methods), and nothing is called on
   * the call's result inside the declaration ({@code new Foo().build()}).
   */
  static String[] initializerCallee(FileFacts f, int ordinal) {
    Definition d = f.definitions().get(ordinal);
    Span name = d.nameSpan();
    Span span = d.span();
    List<Reference> refs = f.references();
    int first = -1;
    for (int i = firstAfter(refs, name); i < refs.size(); i++) {
      if (span.contains(refs.get(i).span())) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return null;
    }
    Reference r = refs.get(first);
    if (r.span().startLine() != name.endLine() || r.span().startCol16() - name.endCol16() > MAX_GAP
        || r.receiver() != null) {
      return null;
    }
    Reference call = null;
    if (r.role() == RefRole.NEW || r.role() == RefRole.CALL) {
      call = r;
    } else if (r.role() == RefRole.READ) {
      for (int j = first + 1; j < refs.size() && span.contains(refs.get(j).span()); j++) {
        Reference n = refs.get(j);
        if (n.receiver() == null || !(n.receiver().equals(r.name()) || n.receiver().startsWith(r.name() + "."))) {
          return null;
        }
        if (n.role() == RefRole.NEW || n.role() == RefRole.CALL) {
          call = n;
          break;
        }
      }
    }
    if (call == null || (call.receiver() != null && !DOTTED.matcher(call.receiver()).matches())) {
      return null;
    }
    String callee = call.receiver() == null ? call.name() : call.receiver() + "." + call.name();
    // references and definitions come in source order: those inside the declaration start within it
    for (int i = firstStarting(refs, span); i < refs.size() && startsBy(refs.get(i).span(), span); i++) {
      Reference o = refs.get(i);
      // a chain on the call's result (`new Foo().build()`); a key of an object literal argument is not one
      if (o.receiver() != null && !o.argumentKey() && span.contains(o.span())
          && (o.receiver().startsWith(callee + "(") || o.receiver().startsWith("new " + callee + "("))) {
        return null;
      }
    }
    List<Definition> defs = f.definitions();
    for (int k = ordinal + 1; k < defs.size() && startsBy(defs.get(k).span(), span); k++) {
      Span ks = defs.get(k).span();
      if (span.contains(ks) && after(ks, name) && Span.compareStart(ks, call.span()) < 0) {
        return null;
      }
    }
    return new String[] {callee, call.role() == RefRole.NEW ? "new" : null};
  }

  /** Columns between a for-of binding and its iterable: {@code " of "}. */
  private static final int OF_GAP = 4;
  /** Columns between a declared name and its initializer: {@code " = "}. */
  private static final int ASSIGN_GAP = 3;

  /**
   * The iterable of a for-of binding ({@code for (const item of this.items)}; also {@code const [x] = xs},
   * which reads the same): the dotted chain of reads that starts four columns after a binding declared by
   * its name alone, on its line, when nothing is called on it; null otherwise. Read from the references
   * alone, so {@code for (const k in xs)} looks the same: its key is then taken as an element (rare; it
   * then names an element type's member, or nothing).
   */
  static String forOfIterable(FileFacts f, int ordinal) {
    Definition d = f.definitions().get(ordinal);
    if (!d.span().equals(d.nameSpan()) || d.type() != null) {
      return null;
    }
    Chain c = chainAfter(f, d.nameSpan(), OF_GAP);
    return c == null ? null : c.text();
  }

  /**
   * When a variable is initialised by a dotted chain of reads and nothing else ({@code const all =
   * globalState.pending}, {@code const s = this.state}), the chain's text; null otherwise. Read from the
   * references alone: the chain starts three columns after the name, nothing is called on it, and it ends
   * where the declaration ends.
   */
  static String memberInitializer(FileFacts f, int ordinal) {
    Definition d = f.definitions().get(ordinal);
    Span span = d.span();
    if (span.equals(d.nameSpan()) || d.type() != null) {
      return null;
    }
    Chain c = chainAfter(f, d.nameSpan(), ASSIGN_GAP);
    if (c == null || c.last().endLine() != span.endLine() || c.last().endCol16() != span.endCol16()) {
      return null; // more follows the chain: `a.b || c`, `a.b[0]`, `a.b as T`
    }
    return c.text().contains(".") ? c.text() : null;
  }

  /** A dotted chain of reads and the span of its last link. */
  private record Chain(String text, Span last) {}

  /**
   * The chain of reads that starts {@code gap} columns after {@code name} on its line ({@code a.b.c}, or
   * {@code this.b.c}, whose {@code this} is no reference), its links adjacent; null when the first
   * reference after the name is not such a read, or something is called on the chain.
   */
  private static Chain chainAfter(FileFacts f, Span name, int gap) {
    List<Reference> refs = f.references();
    int first = firstAfter(refs, name);
    if (first >= refs.size()) {
      return null;
    }
    Reference r = refs.get(first);
    String recv = r.receiver();
    if (r.role() != RefRole.READ || r.span().startLine() != name.endLine() || (recv != null && !recv.equals("this"))) {
      return null;
    }
    int start = r.span().startCol16() - (recv == null ? 0 : recv.length() + 1);
    if (start - name.endCol16() != gap) {
      return null;
    }
    String chain = recv == null ? r.name() : recv + "." + r.name();
    Span last = r.span();
    for (int j = first + 1; j < refs.size(); j++) {
      Reference n = refs.get(j);
      Span s = n.span();
      if (s.startLine() != last.endLine() || s.startCol16() != last.endCol16() + 1 || !chain.equals(n.receiver())) {
        break; // not the next link of the chain
      }
      if (n.role() != RefRole.READ) {
        return null; // something is called on it: `xs.filter(...)`
      }
      chain = chain + "." + n.name();
      last = s;
    }
    return DOTTED.matcher(chain).matches() ? new Chain(chain, last) : null;
  }

  /**
   * The index of the first reference that starts at or after the end of {@code name}, or the list's size:
   * a file's references are in position order, so a binary search (these run for every untyped variable a
   * receiver goes through, in files of thousands of references).
   */
  private static int firstAfter(List<Reference> refs, Span name) {
    int lo = 0;
    int hi = refs.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (after(refs.get(mid).span(), name)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The first reference that starts at or after {@code span}'s start (references come in source order). */
  private static int firstStarting(List<Reference> refs, Span span) {
    int lo = 0;
    int hi = refs.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      Span m = refs.get(mid).span();
      if (Span.compare(m.startLine(), m.startCol(), span.startLine(), span.startCol()) >= 0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Whether {@code s} starts no later than {@code within} ends. */
  private static boolean startsBy(Span s, Span within) {
    return Span.compare(s.startLine(), s.startCol(), within.endLine(), within.endCol()) <= 0;
  }

  private static boolean after(Span s, Span name) {
    return Span.compare(s.startLine(), s.startCol(), name.endLine(), name.endCol()) >= 0;
  }
}
