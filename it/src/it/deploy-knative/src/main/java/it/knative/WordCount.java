package it.knative;

import java.util.function.Function;

/** No Faasport import: counts the words of a text, JSON in and out. */
public class WordCount implements Function<WordCount.Text, WordCount.Count> {
    public record Text(String text) { }

    public record Count(int words) { }

    @Override
    public Count apply(Text in) {
        String t = in.text() == null ? "" : in.text().strip();
        return new Count(t.isEmpty() ? 0 : t.split("\\s+").length);
    }
}
