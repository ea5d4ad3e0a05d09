package it.local;

import java.util.List;
import java.util.function.Function;

/** No Faasport import: a plain java.util.function.Function over JSON. */
public class Sum implements Function<Sum.In, Sum.Out> {
    public record In(List<Integer> values) { }

    public record Out(long sum, int count) { }

    @Override
    public Out apply(In in) {
        return new Out(in.values().stream().mapToLong(Integer::longValue).sum(), in.values().size());
    }
}
