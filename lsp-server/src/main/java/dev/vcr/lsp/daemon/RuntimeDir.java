package dev.vcr.lsp.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The per-user directory holding daemon sockets, locks, pid files and logs: {@code $XDG_RUNTIME_DIR/vcr/},
 * else {@code /tmp/vcr-<uid>/}. It is created with mode 0700 and verified on every use: it must be a real
 * directory (not a symbolic link), owned by the current user, with no group or other access. Anything else
 * is refused, since another user could then reach or replace the sockets.
 */
public final class RuntimeDir {
  /** Linux's {@code sun_path} holds 108 bytes including the terminating NUL; keep a margin. */
  static final int MAX_SOCKET_PATH_BYTES = 100;

  private final Path dir;

  private RuntimeDir(Path dir) {
    this.dir = dir;
  }

  public Path path() {
    return dir;
  }

  /** The default location for this user, from the process environment. */
  public static Path defaultLocation() throws IOException {
    return defaultLocation(System.getenv(), currentUid());
  }

  static Path defaultLocation(Map<String, String> env, String uid) {
    String xdg = env.get("XDG_RUNTIME_DIR");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg).resolve("vcr");
    }
    return Path.of(System.getProperty("java.io.tmpdir", "/tmp")).resolve("vcr-" + uid);
  }

  /** Opens (creating if needed) the default runtime directory. */
  public static RuntimeDir open() throws IOException {
    return open(defaultLocation());
  }

  /** Opens {@code dir}, creating it with mode 0700 if missing, and verifies its owner and mode. */
  public static RuntimeDir open(Path dir) throws IOException {
    dir = dir.toAbsolutePath().normalize();
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Path parent = dir.getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new IOException("runtime directory parent does not exist: " + parent);
      }
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException raced) {
        // created concurrently (by us or someone else): verified below either way
      }
    }
    verify(dir, currentUid());
    return new RuntimeDir(dir);
  }

  /** Throws unless {@code dir} is a directory (not a link) owned by {@code uid} with no group/other access. */
  static void verify(Path dir, String uid) throws IOException {
    PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isDirectory()) {
      throw new IOException("runtime directory is not a directory (or is a symbolic link): " + dir);
    }
    Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (!String.valueOf(owner).equals(uid)) {
      throw new IOException("runtime directory " + dir + " is owned by uid " + owner + ", not by the current user ("
          + uid + "); refusing to use it");
    }
    Set<PosixFilePermission> perms = a.permissions();
    for (PosixFilePermission p : perms) {
      if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
        throw new IOException("runtime directory " + dir + " has mode " + PosixFilePermissions.toString(perms)
            + "; it must not be accessible to group or others (chmod 700 it)");
      }
    }
    if (!perms.containsAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE))) {
      throw new IOException("runtime directory " + dir + " has mode " + PosixFilePermissions.toString(perms)
          + "; it must be rwx for its owner");
    }
  }

  /** The numeric uid of this process (owner of /proc/self), else the owner of a fresh temporary file. */
  static String currentUid() throws IOException {
    try {
      return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      Path probe = Files.createTempFile("vcr-uid", ".probe");
      try {
        return String.valueOf(Files.getAttribute(probe, "unix:uid"));
      } finally {
        Files.deleteIfExists(probe);
      }
    }
  }

  /** The socket, lock, pid and log files of the daemon for the workspace named {@code indexName}. */
  public DaemonFiles files(String indexName) throws IOException {
    return new DaemonFiles(dir, shortName(dir, indexName));
  }

  /**
   * {@code indexName}, shortened if needed so that {@code <dir>/<name>.sock} fits in a Unix socket address:
   * the readable stem is cut first, then only the hash (the part after the last '-') is kept.
   */
  static String shortName(Path dir, String indexName) throws IOException {
    int budget = MAX_SOCKET_PATH_BYTES - bytes(dir.toString()) - bytes("/") - bytes(DaemonFiles.SOCKET_SUFFIX);
    if (bytes(indexName) <= budget) {
      return indexName;
    }
    int dash = indexName.lastIndexOf('-');
    String hash = dash >= 0 ? indexName.substring(dash + 1) : indexName;
    String stem = dash >= 0 ? indexName.substring(0, dash) : "";
    int stemBudget = budget - bytes(hash) - 1;
    if (stemBudget >= 1 && !stem.isEmpty()) {
      String cut = stem;
      while (!cut.isEmpty() && bytes(cut) > stemBudget) {
        cut = cut.substring(0, cut.length() - 1);
      }
      if (!cut.isEmpty()) {
        return cut + "-" + hash;
      }
    }
    if (bytes(hash) <= budget) {
      return hash;
    }
    throw new IOException("runtime directory path is too long for a Unix socket: " + dir
        + " (set XDG_RUNTIME_DIR to a shorter path)");
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The files of one workspace's daemon inside the runtime directory. */
  public record DaemonFiles(Path dir, String name) {
    static final String SOCKET_SUFFIX = ".sock";

    public Path socket() {
      return dir.resolve(name + SOCKET_SUFFIX);
    }

    /** Held by the running daemon for its whole life. */
    public Path daemonLock() {
      return dir.resolve(name + ".lock");
    }

    /** Held by a forwarder while it starts a daemon, so racing forwarders start only one. */
    public Path startLock() {
      return dir.resolve(name + ".start.lock");
    }

    public Path pidFile() {
      return dir.resolve(name + ".pid");
    }

    public Path log() {
      return dir.resolve(name + ".log");
    }
  }
}
