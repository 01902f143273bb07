package dev.vcr.kernel.index;

/**
 * What the index knows about one file without reading its facts.
 *
 * @param contentHash fingerprint of the bytes on disk
 * @param factsDigest fingerprint of the encoded facts; the index hash is built from these
 * @param linksDigest fingerprint of the encoded links ({@link Links}), 0 before the file is linked; in the hash too
 */
public record FileRecord(
    int fileId, long size, long mtimeMillis, long contentHash, String language, long factsDigest,
    int definitions, int references, int calls, long linksDigest) {

  /** The record of a file about to be written under {@code fileId}. */
  static FileRecord of(int fileId, FileUpdate u, dev.vcr.kernel.model.FileFacts f) {
    int calls = 0;
    for (dev.vcr.kernel.model.Reference r : f.references()) {
      if (r.role().isCall()) {
        calls++;
      }
    }
    return new FileRecord(fileId, u.size(), u.mtimeMillis(), u.contentHash(), f.language().id(),
        digestOf(u.encoded()), f.definitions().size(), f.references().size(), calls, 0L);
  }

  /** The {@link #factsDigest} of encoded facts. */
  public static long digestOf(byte[] encodedFacts) {
    return com.google.common.hash.Hashing.farmHashFingerprint64().hashBytes(encodedFacts).asLong();
  }

  byte[] encode() {
    return new Packer(48).varint(fileId).longValue(size).longValue(mtimeMillis).longValue(contentHash)
        .string(language).longValue(factsDigest).varint(definitions).varint(references).varint(calls)
        .longValue(linksDigest).toByteArray();
  }

  static FileRecord decode(byte[] bytes) {
    Packer.Reader r = new Packer.Reader(bytes);
    return new FileRecord(r.varint(), r.longValue(), r.longValue(), r.longValue(), r.string(), r.longValue(),
        r.varint(), r.varint(), r.varint(), r.longValue());
  }

  FileRecord withMtime(long mtime) {
    return new FileRecord(fileId, size, mtime, contentHash, language, factsDigest, definitions, references, calls,
        linksDigest);
  }

  FileRecord withLinks(byte[] encodedLinks) {
    return new FileRecord(fileId, size, mtimeMillis, contentHash, language, factsDigest, definitions, references,
        calls, encodedLinks == null ? 0L : com.google.common.hash.Hashing.farmHashFingerprint64().hashBytes(encodedLinks).asLong());
  }
}
