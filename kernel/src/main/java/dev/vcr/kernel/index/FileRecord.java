package dev.vcr.kernel.index;

/**
 * What the index knows about one file without reading its facts.
 *
 * @param contentHash fingerprint of the bytes on disk
 * @param factsDigest fingerprint of the encoded facts; the index hash is built from these
 */
public record FileRecord(
    int fileId, long size, long mtimeMillis, long contentHash, String language, long factsDigest,
    int definitions, int references, int calls) {

  byte[] encode() {
    return new Packer(48).varint(fileId).longValue(size).longValue(mtimeMillis).longValue(contentHash)
        .string(language).longValue(factsDigest).varint(definitions).varint(references).varint(calls)
        .toByteArray();
  }

  static FileRecord decode(byte[] bytes) {
    Packer.Reader r = new Packer.Reader(bytes);
    return new FileRecord(r.varint(), r.longValue(), r.longValue(), r.longValue(), r.string(), r.longValue(),
        r.varint(), r.varint(), r.varint());
  }

  FileRecord withMtime(long mtime) {
    return new FileRecord(fileId, size, mtime, contentHash, language, factsDigest, definitions, references, calls);
  }
}
