package dev.vcr.kernel.index;

/** The store was used after {@link SymbolStore#close()}: a request outlived its workspace. Not damage. */
public final class StoreClosedException extends IllegalStateException {
  public StoreClosedException() {
    super("the index store is closed");
  }
}
