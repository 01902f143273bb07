package dev.vcr.kernel.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The files of an index directory: {@code CURRENT} names the live generation and is replaced atomically;
 * each generation is a folder {@code gen-NNNNNN/} holding its MapDB file (and, while it is being built, its
 * sort runs).
 */
final class IndexDir {
  private static final Logger LOG = Logger.getLogger(IndexDir.class.getName());

  private final Path dir;

  IndexDir(Path dir) {
    this.dir = dir;
  }

  Path path() {
    return dir;
  }

  Path generation(String name) {
    return dir.resolve(name);
  }

  /** The generation directories present, in name order. */
  List<String> generationNames() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith("gen-")) {
          out.add(n);
        }
      }
    }
    out.sort(null);
    return out;
  }

  String nextGenerationName() throws IOException {
    int max = 0;
    for (String n : generationNames()) {
      try {
        max = Math.max(max, Integer.parseInt(n.substring(4)));
      } catch (NumberFormatException ignored) {
        // not ours
      }
    }
    return String.format("gen-%06d", max + 1);
  }

  /** The live generation's name, or null when CURRENT is missing or damaged (never throws on its content). */
  String readCurrent() throws IOException {
    Path current = dir.resolve("CURRENT");
    if (!Files.exists(current)) {
      return null;
    }
    String name = new String(Files.readAllBytes(current), StandardCharsets.UTF_8).trim();
    return name.matches("gen-\\d{6}") ? name : null;
  }

  /** Makes {@code name} the live generation: written to a temporary file, forced, then moved atomically. */
  void writeCurrent(String name) throws IOException {
    StoreFaults.check(StoreFaults.Point.CURRENT, dir);
    Path tmp = dir.resolve("CURRENT.tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap((name + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    try {
      Files.move(tmp, dir.resolve("CURRENT"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve("CURRENT"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  void deleteGeneration(String name) {
    Path genDir = dir.resolve(name);
    if (!Files.exists(genDir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(genDir)) {
      List<Path> paths = new ArrayList<>();
      walk.forEach(paths::add);
      paths.sort(Comparator.reverseOrder());
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete " + genDir, e);
    }
  }

  /** Bytes on disk under one generation. */
  long size(String name) throws IOException {
    try (Stream<Path> walk = Files.walk(dir.resolve(name))) {
      long total = 0;
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p)) {
          total += Files.size(p);
        }
      }
      return total;
    }
  }
}
