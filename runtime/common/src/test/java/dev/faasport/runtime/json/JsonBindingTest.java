package dev.faasport.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class JsonBindingTest {

    public enum Colour { RED, GREEN }

    public record Item(String name, int quantity, BigDecimal price, Colour colour) {
    }

    public record Order(String id, List<Item> items, Map<String, Integer> counts, Set<String> tags, Instant placed,
                        Optional<String> note, byte[] signature, long[] codes, boolean rush) {
    }

    public static class Page<T> {
        private List<T> items = new ArrayList<>();
        private int total;
        public String cursor;

        public List<T> getItems() {
            return items;
        }

        public void setItems(List<T> items) {
            this.items = items;
        }

        public int getTotal() {
            return total;
        }

        public void setTotal(int total) {
            this.total = total;
        }
    }

    public record Wrapper<T>(T value, List<T> more) {
    }

    public record Positive(int n) {
        public Positive {
            if (n < 0) throw new IllegalArgumentException("n must be >= 0");
        }
    }

    @Test
    void bindsRecordsWithNestedCollectionsAndScalars() {
        String json = "{\"id\":\"o-1\",\"items\":[{\"name\":\"tea\",\"quantity\":2,\"price\":3.1,\"colour\":\"red\"}],"
                + "\"counts\":{\"a\":1},\"tags\":[\"x\",\"x\",\"y\"],\"placed\":\"2026-11-27T10:15:30Z\","
                + "\"signature\":\"AQID\",\"codes\":[7,8],\"unknown\":{\"ignored\":true}}";
        Order o = JsonBinding.read(json, Order.class);
        assertThat(o.id()).isEqualTo("o-1");
        assertThat(o.items()).containsExactly(new Item("tea", 2, new BigDecimal("3.1"), Colour.RED));
        assertThat(o.counts()).containsEntry("a", 1);
        assertThat(o.tags()).containsExactly("x", "y");
        assertThat(o.placed()).isEqualTo(Instant.parse("2026-11-27T10:15:30Z"));
        assertThat(o.note()).isEmpty();
        assertThat(o.signature()).containsExactly(1, 2, 3);
        assertThat(o.codes()).containsExactly(7L, 8L);
        assertThat(o.rush()).isFalse();
    }

    @Test
    void writesAndReadsBack() {
        Order o = new Order("o-2", List.of(new Item("cake", 1, new BigDecimal("2.5"), Colour.GREEN)), Map.of("b", 2),
                Set.of("t"), Instant.parse("2026-01-02T03:04:05Z"), Optional.of("hi"), new byte[] {(byte) 0xff}, new long[] {1},
                true);
        String json = JsonBinding.write(o);
        assertThat(json).startsWith("{\"id\":\"o-2\",\"items\":[{\"name\":\"cake\",\"quantity\":1,\"price\":2.5,\"colour\":\"GREEN\"}]")
                .contains("\"placed\":\"2026-01-02T03:04:05Z\"", "\"note\":\"hi\"", "\"signature\":\"/w==\"", "\"rush\":true");
        Order back = JsonBinding.read(json, Order.class);
        assertThat(back.items()).isEqualTo(o.items());
        assertThat(back.note()).contains("hi");
        assertThat(back.signature()).isEqualTo(o.signature());
    }

    @Test
    void resolvesGenericsInBeansAndRecords() throws Exception {
        Type pageOfItems = JsonBinding.parameterized(Page.class, Item.class);
        @SuppressWarnings("unchecked")
        Page<Item> page = (Page<Item>) JsonBinding.fromJson(Json.parse(
                "{\"items\":[{\"name\":\"a\",\"quantity\":1}],\"total\":5,\"cursor\":\"c2\"}"), pageOfItems);
        assertThat(page.getItems().get(0)).isInstanceOf(Item.class);
        assertThat(page.getItems().get(0).name()).isEqualTo("a");
        assertThat(page.getTotal()).isEqualTo(5);
        assertThat(page.cursor).isEqualTo("c2");
        assertThat(JsonBinding.write(page)).isEqualTo(
                "{\"items\":[{\"name\":\"a\",\"quantity\":1,\"price\":null,\"colour\":null}],\"total\":5,\"cursor\":\"c2\"}");

        Type wrapper = JsonBinding.parameterized(Wrapper.class, LocalDate.class);
        @SuppressWarnings("unchecked")
        Wrapper<Object> w = (Wrapper<Object>) JsonBinding.fromJson(Json.parse("{\"value\":\"2026-11-27\",\"more\":[\"2026-01-01\"]}"), wrapper);
        assertThat(w.value()).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(w.more()).containsExactly(LocalDate.of(2026, 1, 1));
    }

    @Test
    void bindsScalarsAndMaps() {
        assertThat(JsonBinding.read("42", int.class)).isEqualTo(42);
        assertThat(JsonBinding.read("42.0", Long.class)).isEqualTo(42L);
        assertThat(JsonBinding.read("1e2", short.class)).isEqualTo((short) 100);
        assertThat(JsonBinding.read("123456789012345678901234567890", BigInteger.class))
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(JsonBinding.read("\"0.1\"", BigDecimal.class)).isEqualTo(new BigDecimal("0.1"));
        assertThat(JsonBinding.read("1.5", double.class)).isEqualTo(1.5);
        assertThat(JsonBinding.read("\"x\"", char.class)).isEqualTo('x');
        assertThat(JsonBinding.read("1700000000000", Instant.class)).isEqualTo(Instant.ofEpochMilli(1700000000000L));
        assertThat(JsonBinding.read("\"2026-11-27T10:15:30+01:00\"", Instant.class)).isEqualTo(Instant.parse("2026-11-27T09:15:30Z"));
        Object map = JsonBinding.fromJson(Json.parse("{\"2\":\"b\",\"1\":\"a\"}"),
                JsonBinding.parameterized(SortedMap.class, Integer.class, String.class));
        assertThat(map).isInstanceOf(SortedMap.class);
        assertThat(((SortedMap<?, ?>) map).firstKey()).isEqualTo(1);
        Object enumKeys = JsonBinding.fromJson(Json.parse("{\"RED\":1}"), JsonBinding.parameterized(Map.class, Colour.class, Integer.class));
        assertThat(enumKeys).isEqualTo(Map.of(Colour.RED, 1));
        assertThat(JsonBinding.read("{\"a\":[1,{\"b\":null}]}", Object.class)).isEqualTo(Json.parse("{\"a\":[1,{\"b\":null}]}"));
        assertThat(JsonBinding.read("null", String.class)).isNull();
        assertThat(JsonBinding.write(Map.of("f", 1.1f))).isEqualTo("{\"f\":1.1}");
    }

    @Test
    void namesTheFieldPathOnMismatch() {
        assertThatThrownBy(() -> JsonBinding.read("{\"id\":\"o\",\"items\":[{},{\"quantity\":\"two\"}]}", Order.class))
                .isInstanceOf(JsonException.class)
                .hasMessage("$.items[1].quantity: expected a number, found string \"two\"");
        assertThatThrownBy(() -> JsonBinding.read("{\"items\":[{\"colour\":\"BLUE\"}]}", Order.class))
                .hasMessage("$.items[0].colour: expected one of [RED, GREEN], found string \"BLUE\"");
        assertThatThrownBy(() -> JsonBinding.read("{\"quantity\":3000000000}", Item.class))
                .hasMessageContaining("$.quantity: 3000000000 does not fit int");
        assertThatThrownBy(() -> JsonBinding.read("{\"quantity\":1.5}", Item.class)).hasMessageContaining("$.quantity: 1.5 does not fit int");
        assertThatThrownBy(() -> JsonBinding.read("{\"quantity\":null}", Item.class))
                .hasMessage("$.quantity: expected a int, found null");
        assertThatThrownBy(() -> JsonBinding.read("{\"placed\":\"yesterday\"}", Order.class))
                .hasMessageContaining("$.placed: \"yesterday\" is not a valid Instant, perhaps you should send ISO-8601");
        assertThatThrownBy(() -> JsonBinding.read("{\"tags\":\"x\"}", Order.class)).hasMessage("$.tags: expected an array, found string \"x\"");
        assertThatThrownBy(() -> JsonBinding.read("[1]", Item.class)).hasMessage("$: expected an object (for Item), found array");
        assertThatThrownBy(() -> JsonBinding.read("{\"signature\":\"***\"}", Order.class)).hasMessageContaining("$.signature: expected Base64");
        assertThatThrownBy(() -> JsonBinding.read("{\"n\":-1}", Positive.class))
                .hasMessageContaining("$: dev.faasport.runtime.json.JsonBindingTest$Positive rejected the value")
                .hasMessageContaining("n must be >= 0");
        assertThatThrownBy(() -> JsonBinding.read("{}", Runnable.class)).hasMessageContaining("cannot create java.lang.Runnable");
    }

    @Test
    void refusesCycles() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> JsonBinding.toJson(cycle)).hasMessageContaining("perhaps the object graph has a cycle");
    }

    public abstract static class Base<A, B> implements Function<A, B> {
    }

    public static class Middle<X> extends Base<List<X>, String> {
        @Override
        public String apply(List<X> x) {
            return "";
        }
    }

    public static class Concrete extends Middle<Item> {
    }

    public interface ItemsFunction extends Function<Map<String, Item>, Integer> {
    }

    public static class ViaInterface implements ItemsFunction {
        @Override
        public Integer apply(Map<String, Item> m) {
            return 0;
        }
    }

    @SuppressWarnings("rawtypes")
    public static class Raw implements Function {
        @Override
        public Object apply(Object o) {
            return o;
        }
    }

    @Test
    void findsTheInputTypeOfAFunctionThroughSuperclassesAndInterfaces() {
        assertThat(JsonBinding.typeArgument(Concrete.class, Function.class, 0))
                .isEqualTo(JsonBinding.parameterized(List.class, Item.class));
        assertThat(JsonBinding.typeArgument(Concrete.class, Function.class, 1)).isEqualTo(String.class);
        assertThat(JsonBinding.typeArgument(ViaInterface.class, Function.class, 0))
                .isEqualTo(JsonBinding.parameterized(Map.class, String.class, Item.class));
        assertThat(JsonBinding.typeArgument(Raw.class, Function.class, 0)).isEqualTo(Object.class);
        assertThat(JsonBinding.typeArgument(Middle.class, Function.class, 0).getTypeName()).isEqualTo("java.util.List<X>");
    }
}
