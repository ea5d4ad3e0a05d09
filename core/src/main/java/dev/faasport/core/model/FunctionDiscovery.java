package dev.faasport.core.model;

import dev.faasport.core.error.ConfigurationException.Problem;
import dev.faasport.core.error.HelpfulSuggestions;
import dev.faasport.spi.FunctionShape;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds functions in a compiled classes directory when the configuration declares none: classes annotated with
 * {@code @dev.faasport.api.Function}, and public concrete classes with a public no-argument constructor implementing
 * a function interface. Classes are loaded with {@code initialize=false} (no user code runs) and recognised by
 * interface and annotation <em>name</em>, so a loader with its own copy of the API jar works too.
 */
public final class FunctionDiscovery {

    static final String ANNOTATION = "dev.faasport.api.Function";

    private FunctionDiscovery() {
    }

    /**
     * What discovery found.
     *
     * @param functions one config per function, sorted by name then class name
     * @param problems  classes that look like functions but cannot be used as they are
     */
    public record Result(List<FunctionConfig> functions, List<Problem> problems) {
        public Result {
            functions = List.copyOf(functions);
            problems = List.copyOf(problems);
        }
    }

    /** Scans {@code classesDir}; a missing directory finds nothing. */
    public static Result discover(Path classesDir, ClassLoader loader) {
        List<FunctionConfig> found = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(classesDir)) {
            return new Result(found, problems);
        }
        List<String> classNames;
        try (Stream<Path> files = Files.walk(classesDir)) {
            classNames = files.filter(p -> p.getFileName().toString().endsWith(".class"))
                    .map(p -> classesDir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "."))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .filter(n -> !n.endsWith("module-info") && !n.endsWith("package-info"))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            problems.add(new Problem(null, "functions", HelpfulSuggestions.classesUnreadable(classesDir,
                    e instanceof UncheckedIOException u ? u.getCause() : (Exception) e)));
            return new Result(found, problems);
        }
        for (String className : classNames) {
            inspect(className, loader, found, problems);
        }
        found.sort(Comparator.comparing(FunctionConfig::getName).thenComparing(FunctionConfig::getHandler));
        return new Result(found, problems);
    }

    private static void inspect(String className, ClassLoader loader, List<FunctionConfig> found, List<Problem> problems) {
        Class<?> type;
        Annotation annotation;
        try {
            type = Class.forName(className, false, loader);
            annotation = annotation(type);
        } catch (ClassNotFoundException | LinkageError e) {
            // a class that cannot even be loaded is not one we can deploy; the declared-functions path reports these
            return;
        }
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return;
        }
        if (annotation == null && !dev.faasport.runtime.Shapes.isPortable(type)) {
            inspectNative(type, found, problems);
            return;
        }
        FunctionShape shape;
        try {
            shape = HandlerShapes.detect(type);
        } catch (IllegalArgumentException | LinkageError e) {
            if (annotation != null) {
                problems.add(new Problem(className, "handler",
                        HelpfulSuggestions.discoveredUnsupported(className, e.getMessage())));
            }
            return;
        }
        FunctionConfig config = new FunctionConfig(null, className);
        String name = annotation == null ? "" : attribute(annotation, "name", "");
        config.setName(name.isBlank() ? kebab(type.getSimpleName()) : name.trim());
        if (annotation != null) {
            int memory = attribute(annotation, "memory", 0);
            int timeout = attribute(annotation, "timeout", 0);
            config.setMemoryMb(memory > 0 ? memory : null);
            config.setTimeoutSeconds(timeout > 0 ? timeout : null);
        }
        String bucket = annotation == null ? "" : attribute(annotation, "bucket", "");
        String queue = annotation == null ? "" : attribute(annotation, "queue", "");
        String schedule = annotation == null ? "" : attribute(annotation, "schedule", "");
        // set whatever the annotation says: a setting that does not fit the shape is reported by validation
        config.setBucket(bucket.isBlank() ? null : bucket.trim());
        config.setQueue(queue.isBlank() ? null : queue.trim());
        config.setSchedule(schedule.isBlank() ? null : schedule.trim());
        boolean usable = switch (shape) {
            case HTTP, TYPED -> true;
            case STORAGE -> require(bucket, className, "storage", "bucket", "uploads", problems);
            case QUEUE -> require(queue, className, "queue", "queue", "orders", problems);
            case SCHEDULE -> require(schedule, className, "schedule", "schedule", "rate(5 minutes)", problems);
        };
        if (usable) {
            found.add(config);
        }
    }

    /**
     * A class written against a vendor's own API: one function per function its adapter reads from it (an Azure class
     * may hold several {@code @FunctionName} methods), named by the vendor's name made portable (else after the
     * class), with the trigger settings its code declares.
     */
    private static void inspectNative(Class<?> type, List<FunctionConfig> found, List<Problem> problems) {
        String className = type.getName();
        if (type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) return; // a base class
        List<dev.faasport.runtime.VendorFunction> functions;
        try {
            functions = dev.faasport.runtime.Shapes.functions(type, null);
        } catch (IllegalArgumentException | LinkageError e) {
            if (dev.faasport.runtime.NativeHandlers.usesVendorApi(type)) {
                problems.add(new Problem(className, "handler", HelpfulSuggestions.discoveredNative(className, e.getMessage())));
            }
            return;
        }
        for (dev.faasport.runtime.VendorFunction f : functions) {
            String handler = functions.size() > 1 && f.method() != null ? className + "::" + f.method() : className;
            String name = f.portableName() != null ? f.portableName() : kebab(type.getSimpleName());
            FunctionConfig config = new FunctionConfig(name, handler);
            CodeTriggers.fill(config, f.trigger());
            String kind = config.getTrigger();
            if (kind == null && f.shapes().size() > 1) {
                List<String> kinds = f.shapes().stream().map(dev.faasport.runtime.Shape::naturalTrigger).distinct().toList();
                problems.add(new Problem(handler, "trigger", HelpfulSuggestions.discoveredNativeTrigger(handler, f.api(), kinds)));
                continue;
            }
            boolean usable = switch (kind != null ? kind : f.shapes().get(0).naturalTrigger()) {
                case "storage" -> requireNative(config.getBucket(), handler, f.api(), "storage", "bucket", "uploads", problems);
                case "queue" -> requireNative(config.getQueue(), handler, f.api(), "queue", "queue", "orders", problems);
                case "schedule" -> requireNative(config.getSchedule(), handler, f.api(), "schedule", "schedule",
                        "rate(5 minutes)", problems);
                default -> true;
            };
            if (usable) found.add(config);
        }
    }

    private static boolean requireNative(String value, String handler, String api, String kind, String field,
                                         String example, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem(handler, field, HelpfulSuggestions.discoveredNativeNeeds(handler, api, kind, field, example)));
            return false;
        }
        return true;
    }

    private static boolean require(String value, String className, String shape, String attribute, String example,
                                   List<Problem> problems) {
        if (value.isBlank()) {
            problems.add(new Problem(className, attribute,
                    HelpfulSuggestions.discoveredNeeds(className, shape, attribute, example)));
            return false;
        }
        return true;
    }

    private static Annotation annotation(Class<?> type) {
        for (Annotation a : type.getAnnotations()) {
            if (a.annotationType().getName().equals(ANNOTATION)) {
                return a;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T attribute(Annotation a, String name, T fallback) {
        try {
            Method m = a.annotationType().getMethod(name);
            Object v = m.invoke(a);
            return v == null ? fallback : (T) v;
        } catch (ReflectiveOperationException | ClassCastException e) {
            return fallback;
        }
    }

    /** {@code HelloWorld} -> {@code hello-world}, {@code HTTPHandler} -> {@code http-handler}. */
    static String kebab(String simpleName) {
        return simpleName.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .replace('_', '-')
                .toLowerCase(Locale.ROOT);
    }
}
