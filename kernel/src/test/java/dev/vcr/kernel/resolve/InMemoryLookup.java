package dev.vcr.kernel.resolve;

import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A resolver's lookup over facts extracted from texts in memory, for tests of what resolvers ask. */
class InMemoryLookup implements Lookup {
  final Map<String, FileFacts> files = new TreeMap<>();

  InMemoryLookup add(String path, Language language, String text) {
    files.put(path, SymbolExtractor.extract(language, text.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  @Override
  public FileFacts facts(String path) {
    return files.get(path);
  }

  @Override
  public List<DefHit> definitionsNamed(String name) {
    List<DefHit> out = new ArrayList<>();
    files.forEach((path, f) -> {
      for (int i = 0; i < f.definitions().size(); i++) {
        if (f.definitions().get(i).name().equals(name)) {
          out.add(new DefHit(path, i, f.definitions().get(i)));
        }
      }
    });
    return out;
  }
}
