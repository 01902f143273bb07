package dev.vcr.kernel.index;

import java.nio.file.Path;

/** Another process owns the index directory. Vcr never breaks the lock; the caller reports it. */
public final class IndexLockedException extends Exception {
  public IndexLockedException(Path dir) {
    super("the index at " + dir + " is in use by another Vcr process (a daemon or another index run); "
        + "stop it, connect through it with 'vcr lsp', or pass --index-dir to use another index");
  }
}
