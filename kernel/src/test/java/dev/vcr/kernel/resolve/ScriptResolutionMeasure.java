package dev.vcr.kernel.resolve;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.query.Navigator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Measures the Python and JS/TS resolvers on a real source tree (no oracle): indexes the tree, then for
 * every reference in a Python/JS/TS file records whether the parameter/local scope binds it, else what
 * the language resolver answers (definitions / nothing in the workspace / cannot tell), and compares the
 * number of candidate definitions with plain name matching. Prints a random sample of resolved references
 * with their source line and target, for hand-checking precision.
 *
 * <p>Usage: {@code ScriptResolutionMeasure <tree> <index-dir> [sample-size] [seed]} (see
 * {@code scripts/measure-resolution.sh}).
 */
public final class ScriptResolutionMeasure {
  private static final Set<Language> LANGS = Set.of(Language.PYTHON, Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX);

  private ScriptResolutionMeasure() {}

  /** Counters of one group (a language, or a language and role). */
  static final class Tally {
    long refs;
    long local;
    long found;
    long empty;
    long unknown;
    long nameCandidates;
    long nameFitCandidates;
    long strictAnswers;
    long lenientAnswers;
    long ambiguousByName;
    long ambiguousByNameNowSingle;
    long ambiguousByNameNowUnknown;
    long foundMulti;
    long foundNameFit;
    long unknownWithCandidates;

    void add(Tally o) {
      unknownWithCandidates += o.unknownWithCandidates;
      foundNameFit += o.foundNameFit;
      refs += o.refs;
      local += o.local;
      found += o.found;
      empty += o.empty;
      unknown += o.unknown;
      nameCandidates += o.nameCandidates;
      nameFitCandidates += o.nameFitCandidates;
      strictAnswers += o.strictAnswers;
      lenientAnswers += o.lenientAnswers;
      ambiguousByName += o.ambiguousByName;
      ambiguousByNameNowSingle += o.ambiguousByNameNowSingle;
      ambiguousByNameNowUnknown += o.ambiguousByNameNowUnknown;
      foundMulti += o.foundMulti;
    }
  }

  record Sample(String path, Reference ref, List<DefHit> answer) {}

  public static void main(String[] args) throws Exception {
    Path tree = Path.of(args[0]).toAbsolutePath().normalize();
    Path indexDir = Path.of(args[1]);
    int sampleSize = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;

    List<String> paths;
    try (Stream<Path> walk = Files.walk(tree)) {
      paths = walk.filter(Files::isRegularFile)
          .filter(p -> Language.forFileName(p.getFileName().toString()).filter(LANGS::contains).isPresent())
          .map(p -> tree.relativize(p).toString().replace('\\', '/')).sorted().collect(Collectors.toList());
    }
    Map<Language, Tally> byLang = new EnumMap<>(Language.class);
    Map<String, Tally> byRole = new TreeMap<>();
    List<Sample> resolved = new ArrayList<>();
    List<Sample> nothing = new ArrayList<>();
    List<Sample> undecided = new ArrayList<>();
    long nanos = 0;
    int files = 0;
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(tree), indexDir, IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      Navigator nav = index.navigator();
      Resolvers resolvers = new Resolvers(nav);
      for (String path : paths) {
        FileFacts f = nav.facts(path);
        if (f == null) {
          continue;
        }
        files++;
        LanguageResolver lr = resolvers.forLanguage(f.language());
        Tally t = byLang.computeIfAbsent(f.language(), k -> new Tally());
        for (Reference ref : f.references()) {
          Tally r = byRole.computeIfAbsent(f.language().id() + " " + ref.role().label(), k -> new Tally());
          Tally one = new Tally();
          one.refs = 1;
          if (ref.receiver() == null && ref.role() != RefRole.SUPER_CALL && Scopes.local(f, ref.name(), ref.span()) >= 0) {
            one.local = 1;
            t.add(one);
            r.add(one);
            continue;
          }
          List<DefHit> named = nav.definitionsNamed(ref.name());
          int fit = 0;
          for (DefHit d : named) {
            if (roleFits(ref.role(), d.definition().kind())) {
              fit++;
            }
          }
          int nameFit = fit == 0 ? named.size() : fit;
          one.nameCandidates = named.size();
          one.nameFitCandidates = nameFit;
          long start = System.nanoTime();
          Optional<List<DefHit>> answer = lr.resolve(path, f, ref);
          nanos += System.nanoTime() - start;
          if (answer.isEmpty()) {
            one.unknown = 1;
            one.lenientAnswers = nameFit;
            undecided.add(new Sample(path, ref, List.of()));
            one.unknownWithCandidates = fit > 0 ? 1 : 0;
          } else if (answer.get().isEmpty()) {
            one.empty = 1;
            nothing.add(new Sample(path, ref, List.of()));
          } else {
            one.found = 1;
            one.strictAnswers = answer.get().size();
            one.lenientAnswers = answer.get().size();
            one.foundMulti = answer.get().size() > 1 ? 1 : 0;
            one.foundNameFit = nameFit;
            resolved.add(new Sample(path, ref, answer.get()));
          }
          if (nameFit > 1) {
            one.ambiguousByName = 1;
            one.ambiguousByNameNowSingle = answer.isPresent() && answer.get().size() == 1 ? 1 : 0;
            one.ambiguousByNameNowUnknown = answer.isEmpty() ? 1 : 0;
          }
          t.add(one);
          r.add(one);
        }
      }
    }
    System.out.printf(Locale.ROOT, "tree %s: %d files, resolver time %.0f ms%n%n", tree, files, nanos / 1e6);
    System.out.println("per language (references not bound by parameter/local scope are asked to the resolver):");
    header();
    Tally all = new Tally();
    for (Map.Entry<Language, Tally> e : byLang.entrySet()) {
      row(e.getKey().id(), e.getValue());
      all.add(e.getValue());
    }
    row("all", all);
    System.out.println();
    System.out.println("per language and role:");
    header();
    for (Map.Entry<String, Tally> e : byRole.entrySet()) {
      row(e.getKey(), e.getValue());
    }
    System.out.println();
    System.out.println("columns: scoped = bound to a parameter/local before the resolver; of the rest: found = definite"
        + " workspace definitions, none = definitely not in the workspace, unknown = cannot tell;"
        + " name/fit = avg candidates by name alone / name narrowed by role (Navigator's fallback);"
        + " strict/lenient = avg answers with the resolver (unknown -> 0 / -> name+role candidates);"
        + " amb = refs with >1 name+role candidates, ->1 = of those, resolved to exactly one, ->? = unknown;"
        + " multi = found answers with >1 definition (a class call names __init__/constructor and class);"
        + " f:fit / f:ans = over found references only, avg name+role candidates / avg resolver answers;"
        + " ?:cand = unknown references with >=1 name+role candidate (strict references/call hierarchy drop them)");
    System.out.println();

    print(tree, "resolved", resolved, sampleSize, seed);
    print(tree, "not-in-workspace", nothing, sampleSize / 2, seed);
    print(tree, "undecided", undecided, sampleSize / 2, seed);
  }

  private static void print(Path tree, String what, List<Sample> samples, int sampleSize, long seed) {
    List<Sample> resolved = new ArrayList<>(samples);
    Collections.shuffle(resolved, new Random(seed));
    System.out.printf(Locale.ROOT, "%nrandom sample of %d of %d %s references (seed %d):%n",
        Math.min(sampleSize, resolved.size()), resolved.size(), what, seed);
    for (int i = 0; i < Math.min(sampleSize, resolved.size()); i++) {
      Sample s = resolved.get(i);
      Reference r = s.ref();
      String line = sourceLine(tree.resolve(s.path()), r.span().startLine());
      StringBuilder targets = new StringBuilder();
      for (DefHit d : s.answer()) {
        targets.append(targets.length() == 0 ? "" : " ; ").append(d.path()).append(':')
            .append(d.definition().nameSpan().startLine() + 1).append(' ').append(d.definition().kind().label())
            .append(' ').append(d.definition().qualifiedName());
      }
      System.out.printf(Locale.ROOT, "%3d %s:%d:%d %s %s%s%n      | %s%n%s", i + 1, s.path(),
          r.span().startLine() + 1, r.span().startCol16() + 1, r.role().label(), r.name(),
          r.receiver() == null ? "" : " recv=" + r.receiver(), line,
          targets.length() == 0 ? "" : "      -> " + targets + "\n");
    }
  }

  private static void header() {
    System.out.printf(Locale.ROOT, "%-22s %7s %7s %7s %7s %7s %7s | %6s %6s %6s %6s | %6s %6s %6s %6s | %6s %6s %6s%n", "group",
        "refs", "scoped", "asked", "found", "none", "unknown", "name", "fit", "strict", "lenien", "amb", "->1", "->?",
        "multi", "f:fit", "f:ans", "?:cand");
  }

  private static void row(String name, Tally t) {
    long asked = t.refs - t.local;
    System.out.printf(Locale.ROOT, "%-22s %7d %7d %7d %6.1f%% %6.1f%% %6.1f%% | %6.2f %6.2f %6.2f %6.2f | %6d %6d %6d %6d | %6.2f %6.2f %6d%n",
        name, t.refs, t.local, asked, pct(t.found, asked), pct(t.empty, asked), pct(t.unknown, asked),
        avg(t.nameCandidates, asked), avg(t.nameFitCandidates, asked), avg(t.strictAnswers, asked),
        avg(t.lenientAnswers, asked), t.ambiguousByName, t.ambiguousByNameNowSingle, t.ambiguousByNameNowUnknown,
        t.foundMulti, avg(t.foundNameFit, t.found), avg(t.strictAnswers, t.found),
        t.unknownWithCandidates);
  }

  private static double pct(long n, long d) {
    return d == 0 ? 0 : 100.0 * n / d;
  }

  private static double avg(long n, long d) {
    return d == 0 ? 0 : (double) n / d;
  }

  private static String sourceLine(Path file, int line) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      String l = line < lines.size() ? lines.get(line).strip() : "";
      return l.length() > 140 ? l.substring(0, 140) + "..." : l;
    } catch (Exception e) {
      return "?";
    }
  }

  /** Navigator's role filter for name-matched candidates (a copy: it is package-private there). */
  static boolean roleFits(RefRole role, SymbolKind kind) {
    switch (role) {
      case CALL:
      case SUPER_CALL:
      case MACRO:
        return kind.isCallable() || kind == SymbolKind.FIELD || kind == SymbolKind.VARIABLE
            || kind == SymbolKind.CONSTANT || kind == SymbolKind.PROPERTY || kind.isType();
      case NEW:
        return kind.isType() || kind == SymbolKind.CONSTRUCTOR;
      case TYPE:
      case INHERIT:
      case ANNOTATION:
        return kind.isType() || kind == SymbolKind.MODULE || kind == SymbolKind.NAMESPACE
            || kind == SymbolKind.FUNCTION;
      case IMPORT:
        return true;
      default:
        return kind != SymbolKind.CONSTRUCTOR;
    }
  }
}
