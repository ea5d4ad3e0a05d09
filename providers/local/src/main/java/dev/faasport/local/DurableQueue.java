package dev.faasport.local;

import dev.faasport.runtime.json.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A queue kept on disk, one file per message, each written and fsynced (file and directory) before
 * {@link #append} returns, so an accepted message survives a killed runtime. A message file is deleted when its
 * delivery succeeded, rewritten with its attempt count when it failed, and moved to the dead-letter queue when it
 * ran out of attempts. Delivery state (ready, delayed, in flight) lives in memory and is rebuilt at start: a message
 * in flight when the runtime died is delivered again (at least once).
 */
final class DurableQueue {

    /**
     * One message.
     *
     * @param seq      its order in the queue, also its file name
     * @param id       its id
     * @param sentAt   when it was accepted
     * @param attempts failed deliveries so far
     * @param attributes message attributes
     * @param cached     the body when it is small enough to keep in memory (saves a file read per delivery), else null
     */
    record Message(long seq, String id, Instant sentAt, int attempts, Map<String, String> attributes, byte[] cached) {
    }

    /** Bodies up to this size stay in memory as well as on disk. */
    private static final int CACHE_BYTES = 16 << 10;

    private static byte[] cacheable(byte[] body) {
        return body.length <= CACHE_BYTES ? body : null;
    }

    final String name;
    final Path dir;
    private long nextSeq;
    private final ArrayDeque<Message> ready = new ArrayDeque<>();
    private final PriorityQueue<Delayed> delayed = new PriorityQueue<>(Comparator.comparingLong(Delayed::dueMillis));
    private int inFlight;

    private record Delayed(long dueMillis, Message message) {
    }

    /** Opens (creating) the queue in a directory and loads the messages a previous run left there. */
    DurableQueue(String name, Path dir) throws IOException {
        this.name = name;
        this.dir = dir;
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path p : all) {
                String f = p.getFileName().toString();
                if (f.endsWith(".tmp")) {
                    Files.deleteIfExists(p); // never acknowledged to a sender
                } else if (f.endsWith(".msg")) {
                    files.add(p);
                }
            }
        }
        files.sort(Comparator.naturalOrder());
        for (Path p : files) {
            try {
                Message m = readHeader(p);
                ready.add(m);
                nextSeq = Math.max(nextSeq, m.seq() + 1);
            } catch (IOException | RuntimeException e) {
                // a file that cannot be read is set aside, not silently dropped
                Files.move(p, p.resolveSibling(p.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private Path file(long seq) {
        return dir.resolve(String.format("%019d.msg", seq));
    }

    /** Stores a new message durably and makes it ready for delivery. */
    Message append(byte[] body, Map<String, String> attributes) throws IOException {
        long seq;
        synchronized (this) {
            seq = nextSeq++;
        }
        Message m = new Message(seq, UUID.randomUUID().toString(), Instant.now(), 0,
                attributes == null ? Map.of() : new TreeMap<>(attributes), cacheable(body));
        write(m, body);
        synchronized (this) {
            ready.add(m);
        }
        return m;
    }

    /** Takes a message moved here from another queue (dead-lettering) with its body. */
    Message adopt(Message from, byte[] body) throws IOException {
        long seq;
        synchronized (this) {
            seq = nextSeq++;
        }
        Message m = new Message(seq, from.id(), from.sentAt(), from.attempts(), from.attributes(), cacheable(body));
        write(m, body);
        synchronized (this) {
            ready.add(m);
        }
        return m;
    }

    private void write(Message m, byte[] body) throws IOException {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("id", m.id());
        head.put("sentAt", m.sentAt().toString());
        head.put("attempts", m.attempts());
        head.put("attributes", m.attributes());
        byte[] h = (Json.write(head) + "\n").getBytes(StandardCharsets.UTF_8);
        Path target = file(m.seq());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer[] bufs = {ByteBuffer.wrap(h), ByteBuffer.wrap(body)};
            long total = h.length + (long) body.length;
            long written = 0;
            while (written < total) {
                written += ch.write(bufs);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDir();
    }

    private void syncDir() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself must reach the disk
        } catch (IOException ignored) {
            // some file systems cannot sync a directory; the file itself was synced
        }
    }

    private Message readHeader(Path p) throws IOException {
        byte[] all = Files.readAllBytes(p);
        int nl = indexOf(all, (byte) '\n');
        Map<String, Object> h = Json.parseObject(new String(all, 0, nl, StandardCharsets.UTF_8));
        Map<String, String> attributes = new TreeMap<>();
        if (h.get("attributes") instanceof Map<?, ?> a) {
            a.forEach((k, v) -> attributes.put(String.valueOf(k), String.valueOf(v)));
        }
        String f = p.getFileName().toString();
        return new Message(Long.parseLong(f.substring(0, f.indexOf('.'))), String.valueOf(h.get("id")),
                Instant.parse(String.valueOf(h.get("sentAt"))), ((Number) h.get("attempts")).intValue(), attributes, null);
    }

    private static int indexOf(byte[] b, byte c) throws IOException {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        throw new IOException("message file has no header line");
    }

    /** @return the body of a message */
    byte[] body(Message m) throws IOException {
        if (m.cached() != null) {
            return m.cached();
        }
        byte[] all = Files.readAllBytes(file(m.seq()));
        int nl = indexOf(all, (byte) '\n');
        byte[] body = new byte[all.length - nl - 1];
        System.arraycopy(all, nl + 1, body, 0, body.length);
        return body;
    }

    /**
     * Takes up to {@code max} messages that are due, in order, and counts them in flight.
     *
     * @return the batch, empty when nothing is due
     */
    synchronized List<Message> take(int max, long nowMillis) {
        while (!delayed.isEmpty() && delayed.peek().dueMillis() <= nowMillis) {
            ready.add(delayed.poll().message());
        }
        List<Message> batch = new ArrayList<>(Math.min(max, ready.size()));
        while (batch.size() < max && !ready.isEmpty()) {
            batch.add(ready.poll());
        }
        if (!batch.isEmpty()) {
            inFlight++;
        }
        return batch;
    }

    /** Ends one batch in flight. */
    synchronized void done() {
        inFlight--;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /** @return when the next delayed message is due, or -1 */
    synchronized long nextDueMillis() {
        return delayed.isEmpty() ? -1 : delayed.peek().dueMillis();
    }

    /** Deletes a delivered message. */
    void ack(Message m) throws IOException {
        Files.deleteIfExists(file(m.seq()));
    }

    /** Records a failed delivery on disk and makes the message due again after a delay. */
    void retryLater(Message m, long delayMillis) throws IOException {
        Message next = new Message(m.seq(), m.id(), m.sentAt(), m.attempts() + 1, m.attributes(), m.cached());
        write(next, body(m));
        synchronized (this) {
            delayed.add(new Delayed(System.currentTimeMillis() + delayMillis, next));
        }
    }

    /** Makes messages due again after a delay, unchanged on disk (a delivery that failed before reaching the function). */
    synchronized void putBack(List<Message> batch, long delayMillis) {
        long due = System.currentTimeMillis() + delayMillis;
        batch.forEach(m -> delayed.add(new Delayed(due, m)));
    }

    /** Moves a message that ran out of attempts to a dead-letter queue. */
    void deadLetter(Message m, DurableQueue dlq) throws IOException {
        Message failed = new Message(m.seq(), m.id(), m.sentAt(), m.attempts() + 1, m.attributes(), m.cached());
        dlq.adopt(failed, body(m));
        ack(m);
    }

    /** @return messages waiting (ready or delayed), not counting those in flight */
    synchronized int depth() {
        return ready.size() + delayed.size();
    }

    /** @return up to {@code max} waiting messages with their bodies, for inspection */
    List<Map<String, Object>> peek(int max) {
        List<Message> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(ready);
            delayed.forEach(d -> snapshot.add(d.message()));
        }
        snapshot.sort(Comparator.comparingLong(Message::seq));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Message m : snapshot.subList(0, Math.min(max, snapshot.size()))) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", m.id());
            o.put("sentAt", m.sentAt().toString());
            o.put("attempts", m.attempts());
            o.put("attributes", m.attributes());
            try {
                o.put("body", new String(body(m), StandardCharsets.UTF_8));
            } catch (IOException e) {
                o.put("body", null); // delivered meanwhile
            }
            out.add(o);
        }
        return out;
    }
}
