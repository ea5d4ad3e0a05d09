package dev.faasport.local;

import java.io.DataInputStream;
import java.io.DataOutputStream;

/** One worker JVM serving one function generation, one request at a time, over its stdin and stdout. */
final class Worker {
    final Process process;
    final Generation generation;
    final DataOutputStream out;
    final DataInputStream in;
    /** System.nanoTime() deadline of the request in progress, 0 when idle; read by the watchdog. */
    volatile long deadlineNanos;
    volatile boolean timedOut;
    long lastUsedNanos;

    Worker(Process process, Generation generation, DataOutputStream out, DataInputStream in) {
        this.process = process;
        this.generation = generation;
        this.out = out;
        this.in = in;
    }
}
