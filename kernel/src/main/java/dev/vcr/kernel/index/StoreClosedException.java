package dev.vcr.kernel.index;

import java.nio.file.Path;

/**
 * The store was used after {@link SymbolStore#close()}: a request outlived its session or the server. The
 * index on disk is fine; this is never a sign of damage and never triggers a rebuild.
 */
public final class StoreClosedException extends IllegalStateException {
  public StoreClosedException(Path dir) {
    super("index store closed: " + dir);
  }
}
