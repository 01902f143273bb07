package dev.vcr.kernel.graph;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.query.Results.CallItem;
import java.util.TreeSet;

/** One symbol in detail: signature, documentation comment, location and neighbour counts. */
final class Detail {
  private Detail() {}

  static GraphResults.Summary summary(CodeGraph g, DefHit d) {
    FileFacts f = g.nav().facts(d.path());
    byte[] text = g.text(d.path());
    if (text == null || f == null) {
      return new GraphResults.Summary(null, null);
    }
    SourceText st = new SourceText(text);
    return new GraphResults.Summary(st.signature(d.definition()), st.doc(d.definition(), f.language()));
  }

  static GraphResults.Detail of(CodeGraph g, DefHit d) {
    GraphResults.Summary s = summary(g, d);
    String signature = s.signature();
    String doc = s.doc();
    CallItem item = new CallItem(d.path(), d.ordinal(), d.definition());
    boolean callable = d.definition().kind().isCallable();
    int callers = callable ? g.nav().incomingCalls(item).size() : 0;
    int callees = callable ? g.nav().outgoingCalls(item).size() : 0;
    TreeSet<String> files = new TreeSet<>();
    int refs = 0;
    for (RefHit h : g.nav().referencesTo(d)) {
      refs++;
      files.add(h.path());
    }
    return new GraphResults.Detail(CodeGraph.ref(d.path(), d.definition()), signature, doc, callers, callees, refs,
        files.size());
  }
}
