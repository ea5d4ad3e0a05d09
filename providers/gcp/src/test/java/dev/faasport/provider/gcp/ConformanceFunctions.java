package dev.faasport.provider.gcp;

import dev.faasport.packaging.PackageRequest;
import dev.faasport.packaging.Packager;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;
import dev.faasport.testing.Jars;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A function set of every shape and trigger kind, compiled at test time against faasport-runtime-api alone and
 * packaged by Faasport's real {@link Packager} as {@code GCF_SOURCE_ZIP}: what a user's {@code faas:package} uploads.
 * Event functions write what they received to a file under the directory named by their {@code OUT} variable.
 */
final class ConformanceFunctions {
    static final String SET = "conformance";

    /** A class the test functions write what they received with, to a file under their {@code OUT} directory. */
    static final String OUT = """
            package conf.fn;
            import java.nio.file.*;
            final class Out {
                static void write(String name, String line) {
                    try {
                        Files.writeString(Path.of(System.getenv("OUT"), name + ".txt"), line + "\\n",
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
            """;

    private static final Map<String, String> SOURCES = Map.of(
            "Echo", """
                    package conf.fn;
                    import dev.faasport.api.*;
                    public class Echo implements HttpFunction {
                        public HttpResponse handle(HttpRequest request, Context context) {
                            return new HttpResponse(201, java.util.Map.of("content-type", "application/octet-stream"),
                                    request.body())
                                    .withHeader("x-method", request.method())
                                    .withHeader("x-path", request.path())
                                    .withHeader("x-query", String.valueOf(request.query().get("q")))
                                    .withHeader("x-cookies", request.header("cookie").orElse("none"))
                                    .withHeader("x-function", context.functionName())
                                    .withHeader("x-java", Runtime.version().toString())
                                    .withHeader("set-cookie", "session=abc123; Path=/; HttpOnly");
                        }
                    }
                    """,
            "Upper", """
                    package conf.fn;
                    import java.util.Map;
                    import java.util.TreeMap;
                    public class Upper implements java.util.function.Function<Map<String, Object>, Map<String, Object>> {
                        public Map<String, Object> apply(Map<String, Object> in) {
                            Map<String, Object> out = new TreeMap<>();
                            in.forEach((k, v) -> out.put(k.toUpperCase(), String.valueOf(v).toUpperCase()));
                            return out;
                        }
                    }
                    """,
            "Thumbnail", """
                    package conf.fn;
                    import dev.faasport.api.*;
                    public class Thumbnail implements StorageFunction {
                        public void handle(StorageEvent e, Context context) {
                            Out.write("thumbnail", e.kind() + " " + e.bucket() + " " + e.key() + " " + e.size() + " "
                                    + e.etag() + " " + e.time());
                        }
                    }
                    """,
            "Orders", """
                    package conf.fn;
                    import dev.faasport.api.*;
                    import java.util.List;
                    public class Orders implements QueueFunction {
                        public void handle(String queue, List<QueueMessage> messages, Context context) {
                            for (QueueMessage m : messages) {
                                if (m.bodyAsString().equals("poison")) throw new IllegalStateException("poison message");
                                Out.write("orders", queue + " " + m.id() + " " + m.bodyAsString() + " " + m.attributes()
                                        + " " + m.sentAt());
                            }
                        }
                    }
                    """,
            "Nightly", """
                    package conf.fn;
                    import dev.faasport.api.*;
                    public class Nightly implements ScheduleFunction {
                        public void handle(ScheduleEvent e, Context context) {
                            Out.write("nightly", e.expression() + " " + e.scheduledTime() + " " + e.manual());
                        }
                    }
                    """,
            "Secrets", """
                    package conf.fn;
                    import dev.faasport.api.*;
                    public class Secrets implements HttpFunction {
                        // a value derived from the secret, never the secret: the first 12 hex digits of its SHA-256
                        public HttpResponse handle(HttpRequest request, Context context) throws Exception {
                            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(
                                    context.environment().get("DB_PASSWORD").getBytes("UTF-8"));
                            return HttpResponse.ok("digest " + java.util.HexFormat.of().formatHex(d).substring(0, 12));
                        }
                    }
                    """,
            "Out", OUT);

    private ConformanceFunctions() {
    }

    /** The functions: one of each shape, triggers of every kind Faasport maps to Google. */
    static List<FunctionSpec> specs(Path out) {
        Map<String, String> env = Map.of("OUT", out.toString());
        return List.of(
                spec("http-echo", "Echo", FunctionShape.HTTP, new Trigger.Http(List.of(), true), env),
                spec("typed-upper", "Upper", FunctionShape.TYPED, new Trigger.Http(List.of(), true), env),
                spec("thumbnail", "Thumbnail", FunctionShape.STORAGE,
                        new Trigger.Storage("sample-bucket", null, null, null), env),
                spec("orders", "Orders", FunctionShape.QUEUE, new Trigger.Queue("orders", 1, 3), env),
                spec("nightly", "Nightly", FunctionShape.SCHEDULE, new Trigger.Schedule("rate(1 hour)"), env),
                spec("secret-reader", "Secrets", FunctionShape.HTTP, new Trigger.Http(List.of(), true), env)
                        .withSecrets(Map.of("DB_PASSWORD", "db-password")));
    }

    private static FunctionSpec spec(String name, String cls, FunctionShape shape, Trigger t, Map<String, String> env) {
        return new FunctionSpec(name, "conf.fn." + cls, shape, t, 256, 60, env, 0, 0, FunctionSpec.PackageType.ZIP,
                Map.of());
    }

    /** Compiles the sources for Java 17 and packages them for Google; returns one unit per function. */
    static List<DeployUnit> pack(Path dir, Path out) throws Exception {
        Path classes = compile(dir.resolve("classes"));
        Map<PackageFormat, List<Path>> adapters = Map.of(PackageFormat.GCF_SOURCE_ZIP, List.of(
                jarOf("dev.faasport.runtime.gcp.GcfHttpHandler", dir), jarOf("dev.faasport.runtime.FunctionRegistry", dir),
                jarOf("dev.faasport.runtime.json.Json", dir), jarOf("dev.faasport.api.HttpFunction", dir)));
        PackageRequest req = new PackageRequest(SET, specs(out), classes, List.of(), adapters, dir.resolve("faas"),
                null, false, Map.of());
        return new Packager().pack(req, "gcp", PackageFormat.GCF_SOURCE_ZIP).units();
    }

    private static Path compile(Path target) throws IOException {
        return dev.faasport.testing.Sources.compile("conf/fn", SOURCES, Jars.location("dev.faasport.api.HttpFunction"),
                target);
    }

    /** The jar holding a class; a reactor build may give a classes directory, which is jarred as the module would be. */
    private static Path jarOf(String className, Path dir) throws IOException {
        return Jars.containing(className, dir.resolve("adapters"));
    }
}
