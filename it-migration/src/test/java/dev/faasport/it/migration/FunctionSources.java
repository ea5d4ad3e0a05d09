package dev.faasport.it.migration;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The function set every migration test moves, compiled at test time against faasport-runtime-api only, so the
 * packages hold exactly these classes (not the test tree). Every answer is deterministic, so both sides must agree.
 */
final class FunctionSources {

    static final String PACKAGE = "shop.fn";

    static final Map<String, String> SOURCES = Map.of(
            "Hello", """
                    package shop.fn;
                    import dev.faasport.api.*;
                    public class Hello implements HttpFunction {
                        public HttpResponse handle(HttpRequest request, Context context) {
                            String name = request.query().getOrDefault("name", java.util.List.of("world")).get(0);
                            return HttpResponse.json(200, "{\\"greeting\\":\\"hello " + name + "\\",\\"method\\":\\""
                                    + request.method() + "\\"}");
                        }
                    }
                    """,
            "Upper", """
                    package shop.fn;
                    import java.util.Map;
                    import java.util.TreeMap;
                    public class Upper implements java.util.function.Function<Map<String, Object>, Map<String, Object>> {
                        public Map<String, Object> apply(Map<String, Object> in) {
                            Map<String, Object> out = new TreeMap<>();
                            in.forEach((k, v) -> out.put(k.toUpperCase(), String.valueOf(v).toUpperCase()));
                            out.put("count", in.size());
                            return out;
                        }
                    }
                    """,
            "Thumbnail", """
                    package shop.fn;
                    import dev.faasport.api.*;
                    public class Thumbnail implements StorageFunction {
                        public void handle(StorageEvent event, Context context) {
                            if (event.bucket() == null) throw new IllegalStateException("no bucket");
                        }
                    }
                    """,
            "Orders", """
                    package shop.fn;
                    import dev.faasport.api.*;
                    import java.util.List;
                    public class Orders implements QueueFunction {
                        public void handle(String queue, List<QueueMessage> messages, Context context) {
                            if (messages.isEmpty()) throw new IllegalStateException("empty batch");
                        }
                    }
                    """,
            "Nightly", """
                    package shop.fn;
                    import dev.faasport.api.*;
                    public class Nightly implements ScheduleFunction {
                        public void handle(ScheduleEvent event, Context context) {
                        }
                    }
                    """,
            "Broken", """
                    package shop.fn;
                    import dev.faasport.api.*;
                    public class Broken implements HttpFunction {
                        public HttpResponse handle(HttpRequest request, Context context) {
                            throw new IllegalStateException("broken on purpose");
                        }
                    }
                    """);

    private FunctionSources() {
    }

    /** Compiles every source into {@code out} with faasport-runtime-api on the class path. */
    static Path compile(Path out) throws IOException {
        return dev.faasport.testing.Sources.compile("shop/fn", SOURCES, Adapters.jar("faasport-runtime-api"), out);
    }

    static String handler(String simpleName) {
        return PACKAGE + "." + simpleName;
    }

    static String classPath() {
        return System.getProperty("java.class.path").replace(File.pathSeparatorChar, '\n');
    }
}
