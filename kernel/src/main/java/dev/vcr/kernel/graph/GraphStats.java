package dev.vcr.kernel.graph;

import dev.vcr.kernel.graph.GraphResults.LanguageStats;
import dev.vcr.kernel.graph.GraphResults.StatsResult;
import dev.vcr.kernel.index.Links;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.query.Navigator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts per language (files, named definitions by kind, references by role) and the stored links by
 * confidence ({@code unlinked}: references that name nothing in the workspace, or a parameter or local).
 * A session's unsaved documents count with their current facts; their links are not counted.
 */
final class GraphStats {
  private GraphStats() {}

  static StatsResult of(CodeGraph g) {
    Navigator nav = new Navigator(g.source(), false);
    Map<String, int[]> files = new TreeMap<>();
    Map<String, Map<String, Integer>> defs = new TreeMap<>();
    Map<String, Map<String, Integer>> refs = new TreeMap<>();
    Map<String, Integer> links = new TreeMap<>();
    int total = 0;
    for (String path : g.allPaths()) {
      g.check();
      FileFacts f = nav.facts(path);
      if (f == null) {
        continue;
      }
      total++;
      String lang = f.language().id();
      files.computeIfAbsent(lang, k -> new int[1])[0]++;
      Map<String, Integer> d = defs.computeIfAbsent(lang, k -> new TreeMap<>());
      for (Definition def : f.definitions()) {
        if (def.kind().isNamed()) {
          d.merge(def.kind().label(), 1, Integer::sum);
        }
      }
      Map<String, Integer> r = refs.computeIfAbsent(lang, k -> new TreeMap<>());
      for (Reference ref : f.references()) {
        r.merge(ref.role().label(), 1, Integer::sum);
      }
      Links l = g.source().shadowed().contains(path) ? null : g.store().links(path);
      if (l != null && l.referenceCount() == f.references().size()) {
        for (int i = 0; i < l.referenceCount(); i++) {
          long[] t = l.targetsOf(i);
          if (t.length == 0) {
            links.merge("unlinked", 1, Integer::sum);
          }
          for (int k = 0; k < t.length; k++) {
            links.merge(CodeGraph.confidence(l.confidenceOf(i, k)), 1, Integer::sum);
          }
        }
      }
    }
    Map<String, LanguageStats> languages = new TreeMap<>();
    for (Map.Entry<String, int[]> e : files.entrySet()) {
      languages.put(e.getKey(), new LanguageStats(e.getValue()[0], defs.get(e.getKey()), refs.get(e.getKey())));
    }
    return new StatsResult(total, languages, links);
  }
}
