package dev.faasport.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesAndWritesRoundTrip() {
        String doc = "{\"a\":1,\"b\":[true,false,null],\"c\":\"x\\n\\u00e9\\\"\",\"d\":-1.5e2,\"e\":{}}";
        Object v = Json.parse(doc);
        assertThat(v).isEqualTo(Map.of("a", 1L, "b", java.util.Arrays.asList(true, false, null),
                "c", "x\né\"", "d", -150.0, "e", Map.of()));
        assertThat(Json.parse(Json.write(v))).isEqualTo(v);
    }

    @Test
    void keepsKeyOrderAndPrettyPrints() {
        Map<String, Object> m = Json.parseObject("{\"z\":1,\"a\":[1,2]}");
        assertThat(m.keySet()).containsExactly("z", "a");
        assertThat(Json.writePretty(m)).isEqualTo("{\n  \"z\": 1,\n  \"a\": [\n    1,\n    2\n  ]\n}");
    }

    @Test
    void bigNumbersStayExact() {
        assertThat(Json.parse("123456789012345678901234567890")).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        assertThat(Json.parse("9007199254740993")).isEqualTo(9007199254740993L);
    }

    @Test
    void rejectsMalformedInputWithOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\":}")).isInstanceOf(JsonException.class).hasMessageContaining("offset 5");
        assertThatThrownBy(() -> Json.parse("[1,2")).hasMessageContaining("end of input");
        assertThatThrownBy(() -> Json.parse("01")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("\"a\u0001\"")).hasMessageContaining("control character");
        assertThatThrownBy(() -> Json.parse("[".repeat(600))).hasMessageContaining("nesting");
        assertThatThrownBy(() -> Json.parseObject("[]")).hasMessageContaining("expected a JSON object");
    }

    @Test
    void escapesControlCharacters() {
        assertThat(Json.write(List.of("a\u0001b\tc"))).isEqualTo("[\"a\\u0001b\\tc\"]");
    }
}
