package dev.faasport.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogTailTest {

    @Test
    void printsOnlyWhatFollowsTheLinesAlreadyPrinted() {
        assertThat(LogTail.newLines(List.of(), List.of("a", "b"))).containsExactly("a", "b");
        assertThat(LogTail.newLines(List.of("a", "b", "c"), List.of("b", "c", "d", "e"))).containsExactly("d", "e");
        assertThat(LogTail.newLines(List.of("a", "b"), List.of("a", "b"))).isEmpty();
    }

    @Test
    void aWindowThatSharesNothingIsPrintedWhole() {
        assertThat(LogTail.newLines(List.of("a", "b"), List.of("x", "y"))).containsExactly("x", "y");
        assertThat(LogTail.newLines(List.of("a", "b"), List.of())).isEmpty();
    }
}
