package dev.faasport.local;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One worker JVM serving one function generation, one request at a time, over a Unix domain socket that the
 * gateway's event loop ({@link HttpFront}) reads and writes without blocking.
 */
final class Worker {
    final Process process;
    final Generation generation;
    /** The connection the worker opened to the daemon; set once it said its nonce. */
    volatile SocketChannel channel;
    /** System.nanoTime() deadline of the request in progress, 0 when idle; read by the watchdog. */
    volatile long deadlineNanos;
    volatile boolean timedOut;
    long lastUsedNanos;

    // ---- owned by the event loop
    /** The call in progress, null when idle. */
    FunctionPool.Call call;
    /** Request bytes not yet written. */
    ByteBuffer pendingOut;
    /** The response length, then the response. */
    ByteBuffer in = ByteBuffer.allocate(4);
    boolean readingBody;
    java.nio.channels.SelectionKey key;

    Worker(Process process, Generation generation) {
        this.process = process;
        this.generation = generation;
    }
}
