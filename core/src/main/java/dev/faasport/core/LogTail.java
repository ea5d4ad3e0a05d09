package dev.faasport.core;

import java.util.List;

/** Follow mode of faas:logs: which lines of a newly read window were not printed yet. */
final class LogTail {

    private LogTail() {
    }

    /**
     * The lines of {@code current} not printed yet: both are windows of the newest lines, oldest first, so the
     * longest tail of {@code previous} that starts {@code current} was printed already (lines carry timestamps or
     * request ids, so the overlap is the same lines, not look-alikes).
     */
    static List<String> newLines(List<String> previous, List<String> current) {
        for (int k = Math.min(previous.size(), current.size()); k > 0; k--) {
            if (previous.subList(previous.size() - k, previous.size()).equals(current.subList(0, k))) {
                return current.subList(k, current.size());
            }
        }
        return current;
    }
}
