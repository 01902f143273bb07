package dev.vcr.lsp.daemon;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The shared per-workspace server process. It takes the workspace's daemon lock (a second daemon for the
 * same workspace finds it held and exits cleanly), replaces any stale socket file, listens on the Unix
 * socket, runs every connection as one LSP session of a single {@link SessionHost}, and exits on its own
 * once no session has been open for the idle timeout.
 *
 * <p>A connection whose first bytes are {@code VCR-STATUS\n} instead of an LSP header gets one line of JSON
 * describing the daemon (pid, sessions, roots) and is closed; tests and tools use it as a probe.
 *
 * <p>{@code VCR-RETIRE\n} asks a daemon with no LSP session to exit (a forwarder of another version wants
 * one of its own). Every connection's peer must be this process's user ({@code SO_PEERCRED}); others are
 * closed unanswered.
 *
 * <p>A connection that starts with {@code VCR-QUERY\n} sends one line of JSON, a command-line query such as
 * {@code {"command":"refs","name":"greet"}}, and gets one line back, {@code {"answer":...}} or
 * {@code {"error":"..."}}, answered by the {@link SessionHost} over this daemon's workspace; then it is
 * closed. This is how {@code vcr refs} and the other query commands use an index a daemon holds.
 *
 * <p><b>Other root sets.</b> A session whose workspace folders change opens the index of its new roots in
 * this process (the index's lock is then this process's). So that editors and query commands that name
 * those roots reach that index instead of finding it locked, the daemon also serves them: it takes their
 * daemon lock and listens on their socket (same protocol; queries there are about those roots) for as
 * long as the host keeps their index open. If another daemon holds that lock already, it is left alone.
 */
public final class Daemon {
  private static final Logger LOG = Logger.getLogger(Daemon.class.getName());
  static final String STATUS_PROBE = "VCR-STATUS\n";
  static final String QUERY_REQUEST = "VCR-QUERY\n";
  /**
   * Asks the daemon to exit if no LSP session uses it (a forwarder of another version wants its own):
   * answered with one JSON line, {@code {"retiring":true}} or {@code {"retiring":false,"connections":N}}.
   */
  static final String RETIRE_REQUEST = "VCR-RETIRE\n";
  /** The longest request line a query may send. */
  static final int MAX_QUERY_BYTES = 1 << 20;

  /** How a {@link #run} ended. */
  public enum Outcome { IDLE_EXIT, ALREADY_RUNNING, STOPPED }

  private final RuntimeDir.DaemonFiles files;
  private final List<Path> roots;
  private final long idleTimeoutMillis;
  private final Supplier<SessionHost> hostFactory;
  /** The version this daemon reports in its status (the forwarder compares it with its own). */
  private volatile String version = dev.vcr.lsp.Version.get();
  /** Which peers may connect: by default only this process's own user (SO_PEERCRED). */
  private volatile java.util.function.Predicate<java.nio.file.attribute.UserPrincipal> peerAllowed;

  private final Object lock = new Object();
  /** Open connections of any kind (a probe too, until it is recognised); the idle timer waits for 0. */
  private final AtomicInteger active = new AtomicInteger();
  /** Open LSP connections. */
  private final AtomicInteger lsp = new AtomicInteger();
  private final AtomicInteger total = new AtomicInteger();
  private volatile ServerSocketChannel server;
  private volatile SessionHost host;
  private volatile boolean stopping;
  private ScheduledFuture<?> idleTimer;
  private long generation;
  private final Instant started = Instant.now();
  /** Other root sets this daemon serves, by daemon name (see the class comment); guarded by itself. */
  private final java.util.Map<String, Claim> claims = new java.util.TreeMap<>();

  /** The lock and socket of another root set, held while the host has its index open. */
  private record Claim(List<Path> roots, RuntimeDir.DaemonFiles files, FileChannel lockChannel, FileLock lock,
      ServerSocketChannel socket) {}
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "vcr-daemon-idle");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param hostFactory creates the server once this process owns the workspace (not before, so a
   *     redundant daemon never opens the index)
   * @param idleTimeoutMillis exit this long after the last session ends; 0 = never
   */
  public Daemon(RuntimeDir.DaemonFiles files, List<Path> roots, long idleTimeoutMillis, Supplier<SessionHost> hostFactory) {
    this.files = files;
    this.roots = List.copyOf(roots);
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.hostFactory = hostFactory;
  }

  /** Reports another version (tests of the forwarder's version handshake). */
  Daemon version(String v) {
    this.version = v;
    return this;
  }

  /** Replaces the peer check (tests: a daemon that admits only some other user). */
  Daemon peerAllowed(java.util.function.Predicate<java.nio.file.attribute.UserPrincipal> p) {
    this.peerAllowed = p;
    return this;
  }

  /** Serves until idle exit or {@link #stop()}. */
  public Outcome run() throws IOException {
    try (FileChannel lockChannel = FileChannel.open(files.daemonLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock owned;
      try {
        owned = lockChannel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        owned = null;
      }
      if (owned == null) {
        LOG.info("another daemon already serves " + files.name() + "; exiting");
        return Outcome.ALREADY_RUNNING;
      }
      try {
        return serve();
      } finally {
        synchronized (lock) {
          stopping = true;
          server = null; // from now on stop() must not touch the socket path: a successor may own it
        }
        // Remove the socket and pid file while still holding the lock: a successor cannot have bound yet.
        Files.deleteIfExists(files.socket());
        deletePidIfOurs();
        owned.release();
      }
    } finally {
      timer.shutdownNow();
    }
  }

  private Outcome serve() throws IOException {
    Files.deleteIfExists(files.socket()); // stale: its daemon no longer holds the lock
    ServerSocketChannel ssc = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ssc.bind(UnixDomainSocketAddress.of(files.socket()));
      // The runtime dir is 0700 already; tighten the socket too in case the dir is ever shared.
      Files.setPosixFilePermissions(files.socket(), PosixFilePermissions.fromString("rw-------"));
      server = ssc;
      if (peerAllowed == null) {
        // The socket file is ours (we just bound it): its owner is this process's user.
        java.nio.file.attribute.UserPrincipal self = Files.getOwner(files.socket());
        peerAllowed = self::equals;
      }
      host = hostFactory.get();
      host.onWorkspaces(this::claim, this::unclaim);
      writePid();
      LOG.info("daemon " + ProcessHandle.current().pid() + " serving " + roots + " on " + files.socket()
          + (idleTimeoutMillis > 0 ? ", idle timeout " + duration(idleTimeoutMillis) : ", no idle timeout"));
      synchronized (lock) {
        armIdleTimer();
      }
      while (!stopping) {
        SocketChannel ch;
        try {
          ch = ssc.accept();
        } catch (ClosedChannelException e) {
          break;
        }
        if (!admit(ch, roots)) {
          break;
        }
      }
      return stopping && idleExit ? Outcome.IDLE_EXIT : Outcome.STOPPED;
    } finally {
      stopping = true;
      ssc.close();
      Files.deleteIfExists(files.socket());
      unclaimAll();
      SessionHost h = host;
      if (h != null) {
        try {
          h.close();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "closing the server failed", e);
        }
      }
      LOG.info("daemon " + ProcessHandle.current().pid() + " stopped after " + total.get() + " connection(s)");
    }
  }

  private volatile boolean idleExit;

  /** Starts serving an accepted connection about {@code forRoots}; false (and closed) once stopping. */
  private boolean admit(SocketChannel ch, List<Path> forRoots) throws IOException {
    synchronized (lock) {
      if (stopping) {
        ch.close();
        return false;
      }
      active.incrementAndGet();
      generation++;
      if (idleTimer != null) {
        idleTimer.cancel(false);
        idleTimer = null;
      }
    }
    int n = total.incrementAndGet();
    Thread t = new Thread(() -> connection(ch, n, forRoots), "vcr-daemon-conn-" + n);
    t.setDaemon(true);
    t.start();
    return true;
  }

  /**
   * The host opened the index of {@code other}: serve that root set too, unless it is this daemon's own or
   * another daemon serves it.
   */
  private void claim(List<Path> other) {
    RuntimeDir.DaemonFiles f;
    try {
      f = new RuntimeDir.DaemonFiles(files.dir(), RuntimeDir.shortName(files.dir(),
          new dev.vcr.kernel.ingest.Workspace(other).indexName()));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.INFO, "cannot serve " + other + " too", e);
      return;
    }
    if (f.name().equals(files.name())) {
      return;
    }
    synchronized (claims) {
      if (stopping || claims.containsKey(f.name())) {
        return;
      }
      FileChannel lockChannel = null;
      FileLock held = null;
      ServerSocketChannel ssc = null;
      try {
        lockChannel = FileChannel.open(f.daemonLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
          held = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
          held = null;
        }
        if (held == null) {
          LOG.info("another daemon serves " + other + "; this one serves it only to its own sessions");
          lockChannel.close();
          return;
        }
        Files.deleteIfExists(f.socket()); // stale: its daemon no longer holds the lock
        ssc = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ssc.bind(UnixDomainSocketAddress.of(f.socket()));
        Files.setPosixFilePermissions(f.socket(), PosixFilePermissions.fromString("rw-------"));
        writePid(f);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "cannot serve " + other + " on " + f.socket() + " too", e);
        closeQuietly(ssc);
        try {
          Files.deleteIfExists(f.socket());
        } catch (IOException ignored) {
          // best effort
        }
        release(held, lockChannel);
        return;
      }
      Claim c = new Claim(List.copyOf(other), f, lockChannel, held, ssc);
      claims.put(f.name(), c);
      Thread t = new Thread(() -> acceptFor(c), "vcr-daemon-accept-" + f.name());
      t.setDaemon(true);
      t.start();
      LOG.info("also serving " + other + " on " + f.socket() + " (a session opened it)");
    }
  }

  private void acceptFor(Claim c) {
    try {
      while (!stopping) {
        SocketChannel ch;
        try {
          ch = c.socket().accept();
        } catch (ClosedChannelException e) {
          return;
        }
        if (!admit(ch, c.roots())) {
          return;
        }
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "accepting on " + c.files().socket() + " ended", e);
    }
  }

  /** The host closed the index of {@code other}: stop serving it (its socket, pid file and lock go). */
  private void unclaim(List<Path> other) {
    synchronized (claims) {
      for (Claim c : List.copyOf(claims.values())) {
        if (c.roots().equals(other)) {
          claims.remove(c.files().name());
          drop(c);
        }
      }
    }
  }

  private void unclaimAll() {
    synchronized (claims) {
      claims.values().forEach(this::drop);
      claims.clear();
    }
  }

  private void drop(Claim c) {
    try {
      // Unlink first, as stopAccepting does, then close; the lock goes last so no successor binds early.
      Files.deleteIfExists(c.files().socket());
    } catch (IOException e) {
      LOG.log(Level.FINE, "could not remove " + c.files().socket(), e);
    }
    closeQuietly(c.socket());
    deletePidIfOurs(c.files());
    release(c.lock(), c.lockChannel());
    LOG.info("no longer serving " + c.roots() + " on " + c.files().socket());
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "close failed", e);
      }
    }
  }

  private static void release(FileLock held, FileChannel channel) {
    try {
      if (held != null) {
        held.release();
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "releasing a daemon lock failed", e);
    }
    closeQuietly(channel);
  }

  private void connection(SocketChannel ch, int n, List<Path> roots) {
    boolean session = false;
    try {
      // Only this user's processes may talk to the daemon: the directory is private, and this checks too.
      java.nio.file.attribute.UserPrincipal peer;
      try {
        peer = ch.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user();
      } catch (UnsupportedOperationException | IOException e) {
        peer = null;
      }
      if (peer == null || !peerAllowed.test(peer)) {
        LOG.warning("connection " + n + " refused: its peer " + (peer == null ? "(unknown)" : "is user " + peer.getName())
            + ", not this daemon's user");
        return;
      }
      PushbackInputStream in = new PushbackInputStream(ChannelStreams.in(ch),
          Math.max(Math.max(STATUS_PROBE.length(), QUERY_REQUEST.length()), RETIRE_REQUEST.length()));
      OutputStream out = ChannelStreams.out(ch);
      String probe = readProbe(in);
      if (STATUS_PROBE.equals(probe)) {
        out.write((new Gson().toJson(status()) + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (RETIRE_REQUEST.equals(probe)) {
        out.write((new Gson().toJson(retire()) + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (QUERY_REQUEST.equals(probe)) {
        out.write((new Gson().toJson(answer(in, n, roots)) + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      session = true;
      LOG.info("connection " + n + " opened (" + lsp.incrementAndGet() + " active)");
      host.serve(in, out);
    } catch (Exception e) {
      if (!stopping) {
        LOG.log(Level.INFO, "connection " + n + " ended with an error: " + e);
      }
    } finally {
      // Count the connection as gone before closing it: whoever sees it close then sees the new count.
      if (session) {
        LOG.info("connection " + n + " closed (" + lsp.decrementAndGet() + " active)");
      }
      try {
        ch.close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "closing connection " + n + " failed", e);
      }
      synchronized (lock) {
        if (active.decrementAndGet() == 0) {
          armIdleTimer();
        }
      }
    }
  }

  /**
   * Reads as much of {@link #STATUS_PROBE} or {@link #QUERY_REQUEST} as matches and returns the one read;
   * otherwise (an LSP header) pushes the bytes back and returns null.
   */
  private static String readProbe(PushbackInputStream in) throws IOException {
    List<String> probes = List.of(STATUS_PROBE, QUERY_REQUEST, RETIRE_REQUEST);
    StringBuilder got = new StringBuilder();
    while (true) {
      String sofar = got.toString();
      for (String p : probes) {
        if (p.equals(sofar)) {
          return p;
        }
      }
      if (probes.stream().noneMatch(p -> p.startsWith(sofar))) {
        break;
      }
      int c = in.read();
      if (c < 0) {
        break;
      }
      got.append((char) c);
      if (probes.stream().noneMatch(p -> p.startsWith(got.toString()))) {
        break;
      }
    }
    byte[] bytes = new byte[got.length()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) got.charAt(i);
    }
    in.unread(bytes);
    return null;
  }

  /** Reads one query line and answers it through the host; every failure becomes {@code {"error": ...}}. */
  private JsonObject answer(InputStream in, int n, List<Path> roots) {
    JsonObject reply = new JsonObject();
    try {
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
        if (line.size() >= MAX_QUERY_BYTES) {
          throw new IOException("query longer than " + MAX_QUERY_BYTES + " bytes");
        }
        line.write(c);
      }
      JsonObject request = com.google.gson.JsonParser.parseString(line.toString(StandardCharsets.UTF_8)).getAsJsonObject();
      LOG.fine(() -> "connection " + n + ": query " + request);
      reply.add("answer", host.query(roots, request));
    } catch (Exception | Error e) {
      LOG.log(Level.INFO, "connection " + n + ": query failed", e);
      reply.addProperty("error", e.getMessage() == null ? e.toString() : e.getMessage());
      reply.addProperty("type", e.getClass().getSimpleName());
    }
    return reply;
  }

  /** Called with {@link #lock} held. */
  private void armIdleTimer() {
    if (idleTimeoutMillis <= 0 || stopping || active.get() > 0) {
      return;
    }
    long gen = generation;
    idleTimer = timer.schedule(() -> {
      synchronized (lock) {
        if (active.get() == 0 && generation == gen && !stopping) {
          LOG.info("idle for " + duration(idleTimeoutMillis) + " with no session; exiting");
          idleExit = true;
          stopAccepting();
        }
      }
    }, idleTimeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Stops accepting and makes {@link #run} return once the accept loop notices; open sessions are cut. */
  public void stop() {
    synchronized (lock) {
      stopAccepting();
    }
  }

  private void stopAccepting() {
    stopping = true;
    unclaimAll(); // other root sets' sockets first, so their forwarders start a successor too
    ServerSocketChannel s = server;
    if (s != null) { // only a daemon that owns the workspace (and bound the socket) may unlink it
      try {
        // Unlink first, so a forwarder that arrives now starts a successor instead of queueing on us.
        Files.deleteIfExists(files.socket());
      } catch (IOException e) {
        LOG.log(Level.FINE, "could not remove the socket file", e);
      }
      try {
        s.close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "closing the listener failed", e);
      }
    }
  }

  private static String duration(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  /** Exits (as on idle) if no LSP session is open; says which. */
  private JsonObject retire() {
    JsonObject o = new JsonObject();
    synchronized (lock) {
      int open = lsp.get();
      o.addProperty("retiring", open == 0);
      o.addProperty("connections", open);
      if (open == 0) {
        LOG.info("asked to make way for a daemon of another version, with no session open; exiting");
        stopAccepting();
      }
    }
    return o;
  }

  JsonObject status() {
    JsonObject o = new JsonObject();
    o.addProperty("pid", ProcessHandle.current().pid());
    o.addProperty("version", version);
    o.addProperty("name", files.name());
    o.addProperty("connections", lsp.get());
    SessionHost h = host;
    o.addProperty("sessions", h == null ? 0 : h.sessionCount());
    o.addProperty("totalConnections", total.get());
    o.addProperty("startedAt", started.toString());
    JsonArray r = new JsonArray();
    roots.forEach(p -> r.add(p.toString()));
    o.add("roots", r);
    JsonArray also = new JsonArray();
    synchronized (claims) {
      for (Claim c : claims.values()) {
        JsonArray set = new JsonArray();
        c.roots().forEach(p -> set.add(p.toString()));
        also.add(set);
      }
    }
    o.add("alsoServes", also);
    return o;
  }

  private void writePid() throws IOException {
    writePid(files);
  }

  private static void writePid(RuntimeDir.DaemonFiles f) throws IOException {
    Path tmp = f.pidFile().resolveSibling(f.pidFile().getFileName() + ".tmp");
    Files.writeString(tmp, ProcessHandle.current().pid() + "\n");
    Files.move(tmp, f.pidFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private void deletePidIfOurs() {
    deletePidIfOurs(files);
  }

  private static void deletePidIfOurs(RuntimeDir.DaemonFiles f) {
    try {
      String s = Files.readString(f.pidFile()).trim();
      if (s.equals(String.valueOf(ProcessHandle.current().pid()))) {
        Files.deleteIfExists(f.pidFile());
      }
    } catch (IOException e) {
      // gone already
    }
  }

  /**
   * Sends a command-line query to the daemon listening on {@code socket} and returns its answer. Throws
   * {@link QueryFailedException} when the daemon answered with an error, another IOException when none
   * answered.
   */
  public static com.google.gson.JsonElement query(Path socket, JsonObject request) throws IOException {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ChannelStreams.out(ch).write((QUERY_REQUEST + new Gson().toJson(request) + "\n").getBytes(StandardCharsets.UTF_8));
      // Half-close: a daemon too old to know VCR-QUERY takes it for a broken LSP session and, at end of
      // input, closes the connection; we then report no answer instead of waiting for ever.
      ch.shutdownOutput();
      String line = new String(ChannelStreams.in(ch).readAllBytes(), StandardCharsets.UTF_8).trim();
      if (line.isEmpty()) {
        throw new IOException("the daemon on " + socket + " closed the connection without answering");
      }
      JsonObject reply = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
      if (reply.has("error")) {
        throw new QueryFailedException(reply.get("error").getAsString(),
            reply.has("type") ? reply.get("type").getAsString() : "");
      }
      return reply.get("answer");
    }
  }

  /** The daemon received the query but could not answer it. */
  public static final class QueryFailedException extends IOException {
    private final String type;

    QueryFailedException(String message, String type) {
      super(message);
      this.type = type;
    }

    /** The simple class name of the daemon's exception, e.g. {@code OutOfMemoryError}. */
    public String type() {
      return type;
    }
  }

  /** Asks the daemon listening on {@code socket} for its status; throws if none answers. */
  public static JsonObject probe(Path socket) throws IOException {
    return ask(socket, STATUS_PROBE);
  }

  /** Asks the daemon on {@code socket} to exit if it has no session ({@link #RETIRE_REQUEST}). */
  static JsonObject retire(Path socket) throws IOException {
    return ask(socket, RETIRE_REQUEST);
  }

  private static JsonObject ask(Path socket, String request) throws IOException {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ChannelStreams.out(ch).write(request.getBytes(StandardCharsets.US_ASCII));
      ch.shutdownOutput(); // a daemon that does not know the request ends the connection instead of waiting
      InputStream in = ChannelStreams.in(ch);
      String line = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (line.isEmpty()) {
        throw new IOException("the daemon on " + socket + " closed the connection without answering");
      }
      try {
        return com.google.gson.JsonParser.parseString(line).getAsJsonObject();
      } catch (RuntimeException e) {
        throw new IOException("the daemon on " + socket + " answered something unreadable: " + e.getMessage(), e);
      }
    }
  }
}
