package dev.faasport.runtime.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON from requests and events: parsed, or refused with a JsonException; what parses writes back to the same. */
class JsonFuzzTest {

    /** A user type with the shapes the binding handles: records, lists, maps, numbers, enums, nesting. */
    record Order(String id, int count, long total, double price, boolean paid, Kind kind, List<Line> lines,
                 Map<String, String> tags) {
    }

    record Line(String sku, Integer qty) {
    }

    enum Kind { RETAIL, WHOLESALE }

    @FuzzTest(maxDuration = "20s")
    void parseAndBind(@NotNull String text) {
        Object tree;
        try {
            tree = Json.parse(text);
        } catch (JsonException refused) {
            return;
        }
        String written = Json.write(tree);
        assertThat(Json.parse(written)).isEqualTo(tree);
        try {
            JsonBinding.fromJson(tree, Order.class);
        } catch (JsonException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
