package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import java.util.List;

/** An {@link InMemoryLookup} that counts what a resolver asks it: by-name lookups and file reads. */
class CountingLookup extends InMemoryLookup {
  int namedCalls;
  int factsCalls;
  int definitionsCalls;

  @Override
  public FileFacts facts(String path) {
    factsCalls++;
    return super.facts(path);
  }

  @Override
  public List<Definition> definitionsIn(String path) {
    definitionsCalls++;
    FileFacts f = files.get(path);
    return f == null ? null : f.definitions();
  }

  @Override
  public List<DefHit> definitionsNamed(String name) {
    namedCalls++;
    return super.definitionsNamed(name);
  }

  /** Reads of a file's facts or definitions. */
  int fileReads() {
    return factsCalls + definitionsCalls;
  }

  void reset() {
    namedCalls = 0;
    factsCalls = 0;
    definitionsCalls = 0;
  }
}
