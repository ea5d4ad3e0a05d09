package dev.faasport.runtime.local;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The length-prefixed binary framing between the local daemon and a worker JVM, over the worker's stdin (requests)
 * and stdout (responses). One request at a time per worker. Shared by both sides so they cannot drift apart.
 *
 * <p>Request: kind byte, invocation id, timeout millis, method, path, raw query, headers, body.
 * Response: status, headers, body. Strings are an int byte length and UTF-8 bytes; headers an int count and pairs.
 */
public final class Wire {

    /** An HTTP request for an HTTP or TYPED function. */
    public static final byte KIND_HTTP = 1;
    /** A neutral event (JSON body) for an event function. */
    public static final byte KIND_EVENT = 2;
    /**
     * The one byte a worker writes once its function is loaded, before any request: the daemon starts the
     * function's timeout only then, so a JVM start under load is init time (as Lambda's init phase), not call time.
     */
    public static final int READY = 'R';

    private Wire() {
    }

    /**
     * One request as it crosses the pipe.
     *
     * @param kind          {@link #KIND_HTTP} or {@link #KIND_EVENT}
     * @param invocationId  unique id of the invocation
     * @param timeoutMillis time the worker has before it is ended
     * @param method        HTTP method
     * @param path          path below the function's URL, starting with /
     * @param rawQuery      the undecoded query string, empty when none
     * @param headers       header name/value pairs, flattened: name0, value0, name1, value1...
     * @param body          the body
     */
    public record Request(byte kind, String invocationId, long timeoutMillis, String method, String path,
                          String rawQuery, List<String> headers, byte[] body) {
    }

    /**
     * One response as it crosses the pipe.
     *
     * @param status  HTTP status
     * @param headers header name/value pairs, flattened
     * @param body    the body
     */
    public record Response(int status, List<String> headers, byte[] body) {
    }

    /** Writes a request; the caller flushes. */
    public static void writeRequest(DataOutputStream out, Request r) throws IOException {
        out.writeByte(r.kind());
        writeString(out, r.invocationId());
        out.writeLong(r.timeoutMillis());
        writeString(out, r.method());
        writeString(out, r.path());
        writeString(out, r.rawQuery());
        writeStrings(out, r.headers());
        writeBytes(out, r.body());
    }

    /** @return the next request, or null at end of stream (the daemon closed the pipe: time to exit) */
    public static Request readRequest(DataInputStream in) throws IOException {
        int kind = in.read();
        if (kind < 0) {
            return null;
        }
        return new Request((byte) kind, readString(in), in.readLong(), readString(in), readString(in),
                readString(in), readStrings(in), readBytes(in));
    }

    /** Writes a response; the caller flushes. */
    public static void writeResponse(DataOutputStream out, Response r) throws IOException {
        out.writeInt(r.status());
        writeStrings(out, r.headers());
        writeBytes(out, r.body());
    }

    /**
     * @return the response
     * @throws EOFException when the worker ended before answering (killed, out of memory, System.exit)
     */
    public static Response readResponse(DataInputStream in) throws IOException {
        int status = in.readInt();
        return new Response(status, readStrings(in), readBytes(in));
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, (s == null ? "" : s).getBytes(StandardCharsets.UTF_8));
    }

    static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt frame: negative length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    static void writeStrings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            writeString(out, s);
        }
    }

    static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("corrupt frame: " + n + " strings");
        }
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(readString(in));
        }
        return list;
    }
}
