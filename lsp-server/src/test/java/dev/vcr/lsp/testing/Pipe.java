package dev.vcr.lsp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An in-memory byte pipe for in-process client/server tests. Unlike {@code PipedInputStream} it does not
 * care which threads write (LSP4J writes from pool threads that come and go). Closing either end ends the
 * stream: the reader sees end-of-file once the buffer is drained, writers get an IOException. A pipe made
 * with a capacity holds at most that many unread bytes, as an operating system's pipe or socket does: a
 * writer waits for the reader (so a server that reads slowly slows its client down), and each write's
 * bytes stay together even when it waits.
 */
public final class Pipe {
  private final int capacity;
  private byte[] buf = new byte[1 << 16];
  private int head;
  private int size;
  private boolean closed;

  /** A pipe that holds any number of unread bytes. */
  public Pipe() {
    this(Integer.MAX_VALUE);
  }

  /** A pipe that holds at most {@code capacity} unread bytes. */
  public Pipe(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    this.capacity = capacity;
  }

  /** The thread whose write is under way: a write waiting for room keeps its bytes together. */
  private Thread writer;

  private final InputStream in = new InputStream() {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      synchronized (Pipe.this) {
        while (size == 0 && !closed) {
          try {
            Pipe.this.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
          }
        }
        if (size == 0) {
          return -1;
        }
        int n = Math.min(len, size);
        for (int i = 0; i < n; i++) {
          b[off + i] = buf[(head + i) % buf.length];
        }
        head = (head + n) % buf.length;
        size -= n;
        Pipe.this.notifyAll(); // room for a waiting writer
        return n;
      }
    }

    @Override
    public int available() {
      synchronized (Pipe.this) {
        return size;
      }
    }

    @Override
    public void close() {
      Pipe.this.close();
    }
  };

  private final OutputStream out = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      synchronized (Pipe.this) {
        Thread me = Thread.currentThread();
        while (writer != null && writer != me && !closed) {
          waitForRoom();
        }
        writer = me;
        try {
          writeOwned(b, off, len);
        } finally {
          writer = null;
          Pipe.this.notifyAll();
        }
      }
    }

    private void waitForRoom() throws IOException {
      try {
        Pipe.this.wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException();
      }
    }

    /** With the pipe's lock and its write turn held. */
    private void writeOwned(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("pipe closed");
      }
      while (len > 0) {
        while (!closed && size >= capacity) {
          waitForRoom();
        }
        if (closed) {
          throw new IOException("pipe closed");
        }
        int n = Math.min(len, capacity - size);
        if (size + n > buf.length) {
          byte[] next = new byte[Math.max(buf.length * 2, size + n)];
          for (int i = 0; i < size; i++) {
            next[i] = buf[(head + i) % buf.length];
          }
          buf = next;
          head = 0;
        }
        for (int i = 0; i < n; i++) {
          buf[(head + size + i) % buf.length] = b[off + i];
        }
        size += n;
        off += n;
        len -= n;
        Pipe.this.notifyAll();
      }
    }

    @Override
    public void close() {
      Pipe.this.close();
    }
  };

  public InputStream in() {
    return in;
  }

  public OutputStream out() {
    return out;
  }

  public synchronized void close() {
    closed = true;
    notifyAll();
  }
}
