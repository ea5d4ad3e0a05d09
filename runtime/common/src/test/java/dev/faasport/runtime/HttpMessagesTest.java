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

    @Test
    void writesQueryStringsAndPathsThatParseBack() {
        Map<String, List<String>> query = new java.util.LinkedHashMap<>();
        query.put("a", List.of("1", "2"));
        query.put("b c", List.of("x&y=z"));
        query.put("flag", List.of());
        String raw = HttpMessages.queryString(query);
        assertThat(raw).isEqualTo("a=1&a=2&b+c=x%26y%3Dz&flag=");
        assertThat(HttpMessages.parseQuery(raw)).isEqualTo(Map.of("a", List.of("1", "2"), "b c", List.of("x&y=z"), "flag", List.of("")));
        assertThat(HttpMessages.queryString(Map.of())).isEmpty();
        assertThat(HttpMessages.encodePath("/sub dir/ä?#%")).isEqualTo("/sub%20dir/%C3%A4%3F%23%25");
        assertThat(java.net.URI.create("http://h" + HttpMessages.encodePath("/sub dir/ä?#%")).getPath()).isEqualTo("/sub dir/ä?#%");
    }
}
