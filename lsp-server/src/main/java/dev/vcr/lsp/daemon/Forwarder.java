package dev.vcr.lsp.daemon;

import dev.vcr.kernel.ingest.Workspace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code vcr lsp}: connects the editor's stdio to the workspace's shared daemon, starting the daemon if
 * none is running.
 *
 * <ol>
 *   <li>Reads the first LSP message from the editor and takes the workspace roots from it (see
 *       {@link FirstMessage#roots()}); with none, the current directory.
 *   <li>Connects to {@code <runtime dir>/<Workspace.indexName()>.sock}. If that fails, it takes the
 *       workspace's start lock (so racing editors start one daemon between them), checks again, starts the
 *       daemon and retries with backoff for up to {@link #connectTimeoutMillis}.
 *   <li>Sends the buffered first message, then copies bytes both ways until the daemon closes the
 *       connection (after {@code exit}) or the editor closes stdin.
 * </ol>
 *
 * Before connecting, the versions are compared ({@link #checkVersion}): a daemon of another version is
 * replaced when no other session uses it, else this editor runs in-process, saying why.
 *
 * <p>If the daemon closes the connection before answering the first request (it was just exiting when we
 * connected), the whole sequence is retried. If no daemon can be reached at all, the session runs in this
 * process instead ({@link InProcess}), so the editor still works.
 */
public final class Forwarder {
  private static final Logger LOG = Logger.getLogger(Forwarder.class.getName());

  /** Runs a session in this process over the given streams (the fallback when no daemon is reachable). */
  public interface InProcess {
    int run(InputStream in, OutputStream out) throws Exception;
  }

  private final RuntimeDirSource runtimeDir;
  private final DaemonStarter starter;
  private final InProcess fallback;
  private final PrintStream err;
  private long connectTimeoutMillis = 10_000;
  private long closeGraceMillis = 10_000;
  private int maxSpawns = 4;
  /** This forwarder's version; a daemon of another version is not used (see {@link #checkVersion}). */
  private String version = dev.vcr.lsp.Version.get();

  /** Where the runtime dir comes from; a function so that failure to create it can fall back. */
  public interface RuntimeDirSource {
    RuntimeDir open() throws IOException;
  }

  public Forwarder(RuntimeDirSource runtimeDir, DaemonStarter starter, InProcess fallback, PrintStream err) {
    this.runtimeDir = runtimeDir;
    this.starter = starter;
    this.fallback = fallback;
    this.err = err;
  }

  Forwarder connectTimeoutMillis(long ms) {
    this.connectTimeoutMillis = ms;
    return this;
  }

  /** Acts as another version (tests of the handshake). */
  Forwarder version(String v) {
    this.version = v;
    return this;
  }

  /** Serves one editor over {@code in}/{@code out}; returns the exit code. */
  public int run(InputStream in, OutputStream out) throws Exception {
    FirstMessage first;
    try {
      first = FirstMessage.read(in);
    } catch (IOException e) {
      err.println("vcr: cannot read the first LSP message: " + e.getMessage());
      return 1; // Cli.LSP_FIRST_MESSAGE
    }
    if (first == null) {
      return 0; // the editor went away before saying anything
    }
    List<Path> roots = first.roots();
    if (roots.isEmpty()) {
      roots = List.of(Path.of("").toAbsolutePath());
    }
    RuntimeDir.DaemonFiles files;
    try {
      Workspace ws = new Workspace(roots);
      roots = ws.roots();
      files = runtimeDir.open().files(ws.indexName());
    } catch (IOException e) {
      return inProcess(first, in, out, "cannot use a daemon (" + e.getMessage() + ")");
    }
    String mismatch = checkVersion(files);
    if (mismatch != null) {
      return inProcess(first, in, out, mismatch);
    }
    for (int attempt = 1; attempt <= 3; attempt++) {
      SocketChannel ch = connectOrStart(files, roots);
      if (ch == null) {
        return inProcess(first, in, out, "no daemon answered on " + files.socket() + " (log: " + files.log() + ")");
      }
      if (forward(ch, first, in, out)) {
        return 0;
      }
      LOG.info("the daemon closed the connection before answering; retrying");
    }
    return inProcess(first, in, out, "the daemon kept closing the connection (log: " + files.log() + ")");
  }

  /**
   * The version handshake. A running daemon of another version (after an upgrade) is asked to exit if no
   * other session uses it, and a daemon of this version is then started as usual; if it serves sessions, it
   * is left alone and this editor runs in-process. Returns the reason for running in-process, or null to
   * go on to the daemon.
   */
  String checkVersion(RuntimeDir.DaemonFiles files) {
    if (!Files.exists(files.socket())) {
      return null;
    }
    com.google.gson.JsonObject status;
    try {
      status = Daemon.probe(files.socket());
    } catch (IOException e) {
      return null; // nothing answers: a stale socket, replaced when a daemon starts
    }
    String theirs = status.has("version") ? status.get("version").getAsString() : "unknown (too old to say)";
    if (theirs.equals(version)) {
      return null;
    }
    int connections = status.has("connections") ? status.get("connections").getAsInt() : -1;
    if (connections == 0) {
      try {
        com.google.gson.JsonObject r = Daemon.retire(files.socket());
        if (r.has("retiring") && r.get("retiring").getAsBoolean()) {
          LOG.info("the daemon on " + files.socket() + " runs Vcr " + theirs + ", this is " + version
              + "; it had no session and was asked to exit, a new one starts");
          awaitGone(files);
          return null;
        }
        connections = r.has("connections") ? r.get("connections").getAsInt() : connections;
      } catch (IOException e) {
        LOG.log(Level.FINE, "asking the daemon to exit failed", e);
      }
    }
    String why = "the workspace's daemon runs Vcr " + theirs + " and this is " + version + "; it "
        + (connections > 0 ? "serves " + connections + " other session(s), so it is left running"
            : "could not be asked to exit");
    LOG.warning(why + "; running in-process");
    return why;
  }

  /**
   * Waits (bounded) until the retiring daemon has removed its socket and released the workspace's daemon
   * lock, so the daemon started next does not find it still held and exit.
   */
  private void awaitGone(RuntimeDir.DaemonFiles files) {
    long deadline = System.currentTimeMillis() + connectTimeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (!Files.exists(files.socket()) && daemonLockFree(files)) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean daemonLockFree(RuntimeDir.DaemonFiles files) {
    try (FileChannel ch = FileChannel.open(files.daemonLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock l = ch.tryLock();
      if (l == null) {
        return false;
      }
      l.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // held in this JVM (tests run daemons in-process)
    } catch (IOException e) {
      return true; // cannot tell: let the start go ahead (it retries if the lock is still held)
    }
  }

  private int inProcess(FirstMessage first, InputStream in, OutputStream out, String why) throws Exception {
    err.println("vcr: " + why + "; running in-process instead");
    return fallback.run(new SequenceInputStream(new ByteArrayInputStream(first.raw()), in), out);
  }

  /** Connects to the running daemon, starting one if needed; null if none could be reached in time. */
  SocketChannel connectOrStart(RuntimeDir.DaemonFiles files, List<Path> roots) throws IOException {
    SocketChannel ch = tryConnect(files.socket());
    if (ch != null) {
      return ch;
    }
    long deadline = System.currentTimeMillis() + connectTimeoutMillis;
    try (FileChannel startLockChannel = FileChannel.open(files.startLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long backoff = 10;
      FileLock startLock = null;
      BooleanSupplier spawned = null;
      long spawnedAt = 0;
      int spawns = 0;
      try {
        while (true) {
          if (startLock == null) {
            startLock = tryLock(startLockChannel);
          }
          ch = tryConnect(files.socket());
          if (ch != null) {
            return ch;
          }
          long now = System.currentTimeMillis();
          // Start a daemon only while holding the start lock, and only if the last one we started is gone
          // (e.g. it found an old daemon still shutting down and exited): then start another.
          if (startLock != null && (spawned == null || (!spawned.getAsBoolean() && now - spawnedAt >= 500))
              && spawns < maxSpawns) {
            LOG.info("starting the daemon for " + roots + " (log: " + files.log() + ")");
            spawned = starter.start(files, roots);
            spawnedAt = now;
            spawns++;
            backoff = 10;
          }
          if (now >= deadline) {
            return null;
          }
          Thread.sleep(Math.min(backoff, Math.max(1, deadline - now)));
          backoff = Math.min(backoff * 2, 250);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } finally {
        if (startLock != null) {
          startLock.release();
        }
      }
    }
  }

  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by another forwarder in this same JVM (tests)
    }
  }

  /** Connects, or returns null if nothing is listening (no socket file, or a stale one). */
  static SocketChannel tryConnect(Path socket) {
    if (!Files.exists(socket)) {
      return null;
    }
    try {
      return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      return null; // ECONNREFUSED from a dead daemon's socket file, or it vanished meanwhile
    }
  }

  /**
   * Sends the first message and copies both ways. Returns false, having written nothing to {@code out},
   * if the daemon closed the connection before answering the first request, so the caller can retry.
   */
  boolean forward(SocketChannel ch, FirstMessage first, InputStream in, OutputStream out) throws IOException {
    InputStream fromDaemon = ChannelStreams.in(ch);
    OutputStream toDaemon = ChannelStreams.out(ch);
    byte[] buf = new byte[64 << 10];
    try {
      try {
        toDaemon.write(first.raw());
      } catch (IOException e) {
        ch.close();
        return false;
      }
      if (first.isRequest()) {
        // The editor sends nothing else until initialize is answered, so until the daemon's first byte
        // nothing is lost by retrying elsewhere.
        int n;
        try {
          n = fromDaemon.read(buf, 0, buf.length);
        } catch (IOException e) {
          n = -1;
        }
        if (n < 0) {
          ch.close();
          return false;
        }
        out.write(buf, 0, n);
        out.flush();
      }
      Thread up = new Thread(() -> pumpUp(ch, in, toDaemon), "vcr-forward-up");
      up.setDaemon(true);
      up.start();
      while (true) {
        int n;
        try {
          n = fromDaemon.read(buf, 0, buf.length);
        } catch (IOException e) {
          break; // connection reset, or closed by pumpUp's grace timer
        }
        if (n < 0) {
          break;
        }
        out.write(buf, 0, n);
        out.flush();
      }
      return true;
    } catch (IOException e) {
      LOG.log(Level.FINE, "editor output closed", e);
      return true;
    } finally {
      ch.close();
    }
  }

  /** Editor to daemon. On end of input, half-closes so the session ends, and gives the daemon a grace period. */
  private void pumpUp(SocketChannel ch, InputStream in, OutputStream toDaemon) {
    byte[] buf = new byte[64 << 10];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        toDaemon.write(buf, 0, n);
      }
      ch.shutdownOutput();
      Thread.sleep(closeGraceMillis);
    } catch (IOException e) {
      LOG.log(Level.FINE, "forwarding to the daemon stopped", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
