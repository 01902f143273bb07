package dev.vcr.kernel.index;

import dev.vcr.kernel.model.FileFacts;

/** New facts for one file, ready to be written. {@code encoded} is {@code FactsCodec.encode(facts)}. */
public record FileUpdate(String path, long size, long mtimeMillis, long contentHash, FileFacts facts, byte[] encoded) {

  public static FileUpdate of(String path, long size, long mtimeMillis, long contentHash, FileFacts facts) {
    return new FileUpdate(path, size, mtimeMillis, contentHash, facts, FactsCodec.encode(facts));
  }
}
