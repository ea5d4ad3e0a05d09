package dev.faasport.local;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * An S3 upload body as the object's bytes: decodes {@code aws-chunked} ("Signature Calculations for the Authorization
 * Header: Transferring Payload in Multiple Chunks" and "... Including Trailing Headers", Amazon S3 API Reference, read
 * 2026-12: {@code hex-size[;chunk-signature=...]\r\n data \r\n}, a last chunk of size 0, then trailing headers), which
 * the AWS SDK for Java v2 sends for PutObject with its default CRC32 checksum, and checks an
 * {@code x-amz-checksum-crc32}, {@code -crc32c}, {@code -sha1} or {@code -sha256} value (header or trailer) against
 * the bytes: a mismatch is S3's {@code BadDigest} (400) and nothing is stored.
 */
final class AwsChunked extends InputStream {

    private final InputStream in;
    private final boolean chunked;
    private final Map<String, String> expected = new HashMap<>();
    private long remaining;
    private boolean done;
    private String algorithm;
    private Checksum crc;
    private MessageDigest digest;

    private AwsChunked(InputStream in, boolean chunked) {
        this.in = in;
        this.chunked = chunked;
    }

    /** @return the decoded body of a PutObject request */
    static InputStream body(HttpExchange ex) {
        String sha = ex.getRequestHeaders().getFirst("x-amz-content-sha256");
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        boolean chunked = (sha != null && sha.startsWith("STREAMING-"))
                || (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("aws-chunked"));
        AwsChunked body = new AwsChunked(ex.getRequestBody(), chunked);
        String trailer = ex.getRequestHeaders().getFirst("x-amz-trailer");
        for (String alg : new String[]{"crc32", "crc32c", "sha1", "sha256"}) {
            String v = ex.getRequestHeaders().getFirst("x-amz-checksum-" + alg);
            if (v != null || (trailer != null && trailer.trim().equalsIgnoreCase("x-amz-checksum-" + alg))) {
                body.start(alg, v);
            }
        }
        return body;
    }

    private void start(String alg, String value) {
        algorithm = alg;
        if (value != null) {
            expected.put("x-amz-checksum-" + alg, value.trim());
        }
        switch (alg) {
            case "crc32" -> crc = new CRC32();
            case "crc32c" -> crc = new CRC32C();
            default -> {
                try {
                    digest = MessageDigest.getInstance(alg.equals("sha1") ? "SHA-1" : "SHA-256");
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done || len == 0) {
            return done ? -1 : 0;
        }
        if (chunked && remaining == 0) {
            String size = line();
            int semi = size.indexOf(';');
            try {
                remaining = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw badChunk("chunk size '" + size + "'");
            }
            if (remaining == 0) {
                for (String t = line(); !t.isEmpty(); t = line()) {
                    int colon = t.indexOf(':');
                    if (colon > 0) {
                        expected.putIfAbsent(t.substring(0, colon).trim().toLowerCase(Locale.ROOT), t.substring(colon + 1).trim());
                    }
                }
                return finish();
            }
        }
        int n = in.read(b, off, chunked ? (int) Math.min(len, remaining) : len);
        if (n < 0) {
            if (chunked) {
                throw new EOFException("aws-chunked body ended inside a chunk");
            }
            return finish();
        }
        if (crc != null) {
            crc.update(b, off, n);
        } else if (digest != null) {
            digest.update(b, off, n);
        }
        if (chunked) {
            remaining -= n;
            if (remaining == 0 && !line().isEmpty()) {
                throw badChunk("chunk end");
            }
        }
        return n;
    }

    private int finish() {
        done = true;
        String want = algorithm == null ? null : expected.get("x-amz-checksum-" + algorithm);
        if (want != null) {
            byte[] actual = crc != null ? ByteBuffer.allocate(4).putInt((int) crc.getValue()).array() : digest.digest();
            String got = Base64.getEncoder().encodeToString(actual);
            if (!got.equals(want)) {
                throw new RequestException(400, "BadDigest", "The " + algorithm.toUpperCase(Locale.ROOT) + " you specified "
                        + "did not match the calculated checksum: sent " + want + ", received bytes have " + got
                        + ", perhaps you should upload the object again");
            }
        }
        return -1;
    }

    private RequestException badChunk(String what) {
        return new RequestException(400, "IncompleteBody", "The aws-chunked request body has a bad " + what
                + ", perhaps you should let the AWS SDK encode the upload");
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.size() > 8192) {
                throw badChunk("line (over 8 KB)");
            }
            line.write(c);
        }
        if (c < 0 && line.size() == 0) {
            throw new EOFException("aws-chunked body ended early");
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
