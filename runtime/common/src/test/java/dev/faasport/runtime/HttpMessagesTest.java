package dev.faasport.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpMessagesTest {

    @Test
    void parsesQueryStrings() {
        assertThat(HttpMessages.parseQuery("a=1&a=2&b=x+y%21&flag&&c=")).isEqualTo(Map.of(
                "a", List.of("1", "2"), "b", List.of("x y!"), "flag", List.of(""), "c", List.of("")));
        assertThat(HttpMessages.parseQuery(null)).isEmpty();
        assertThat(HttpMessages.parseQuery("na%C3%AFve=%E2%9C%93").get("naïve")).containsExactly("✓");
    }

    @Test
    void tellsTextFromBinary() {
        assertThat(HttpMessages.utf8OrNull("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("héllo");
        assertThat(HttpMessages.utf8OrNull(new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff})).isNull();
        assertThat(HttpMessages.isTextType("application/json")).isTrue();
        assertThat(HttpMessages.isTextType("text/html")).isTrue();
        assertThat(HttpMessages.isTextType("application/problem+json; charset=utf-8")).isTrue();
        assertThat(HttpMessages.isTextType("image/png")).isFalse();
        assertThat(HttpMessages.isTextType("application/octet-stream")).isFalse();
        assertThat(HttpMessages.isTextType(null)).isTrue();
    }
}
