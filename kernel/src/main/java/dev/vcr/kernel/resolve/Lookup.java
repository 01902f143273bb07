package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.FileFacts;
import java.util.List;

/** What resolvers read from the index: a file's facts and the definitions of a name (both cached by the caller). */
public interface Lookup {
  FileFacts facts(String path);

  List<DefHit> definitionsNamed(String name);
}
