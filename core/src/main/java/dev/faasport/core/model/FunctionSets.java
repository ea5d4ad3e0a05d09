package dev.faasport.core.model;

import dev.faasport.core.error.ConfigurationException;
import dev.faasport.core.error.ConfigurationException.Problem;
import dev.faasport.core.error.HelpfulSuggestions;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Schedule;
import dev.faasport.spi.Trigger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a {@link FunctionSetConfig} into a validated {@link FunctionSet}: applies the set's defaults, loads every
 * handler (without initialising it) to detect its shape, and checks everything before returning, so that one
 * {@link ConfigurationException} lists every problem at once.
 *
 * <p>Names follow one neutral rule, {@code ^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$}: the intersection of what AWS Lambda,
 * Azure Functions and Google Cloud Functions accept, so a set stays portable across all of them.
 */
public final class FunctionSets {

    /** Portable function names: lower case, digits, '-', starting with a letter, not ending with '-', 1..63 chars. */
    public static final Pattern NAME = Pattern.compile("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$");
    /** Set names: same alphabet, at most 32 characters, since they prefix resource names and tags. */
    public static final Pattern SET_NAME = Pattern.compile("^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$");
    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*$");
    /** Options are scoped by provider id ({@code aws.snapStart}) or a neutral prefix ({@code payload.maxBytes}). */
    private static final Pattern OPTION_KEY = Pattern.compile("^[a-z][a-z0-9-]*\\.[A-Za-z0-9_.-]+$");
    /** Variables the providers set themselves (FAASPORT_FUNCTION picks the function in a package). */
    private static final String RESERVED_ENV_PREFIX = "FAASPORT_";
    /** Secret names every vendor's store accepts (Kubernetes' and Key Vault's are the narrowest). */
    public static final Pattern SECRET_NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,125}[a-z0-9])?$");
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Set<String> TRIGGERS = Set.of("http", "storage", "queue", "schedule");

    private FunctionSets() {
    }

    /**
     * Builds a set whose functions are all declared in the configuration.
     *
     * @param userClasses a loader over the user's compiled classes and dependencies; handlers are loaded with
     *                    {@code initialize=false}, so no user code runs
     * @throws ConfigurationException listing every problem found
     */
    public static FunctionSet build(FunctionSetConfig config, ClassLoader userClasses) {
        return build(config, userClasses, null);
    }

    /**
     * Builds a set; when the configuration declares no function, discovers them in {@code classesDir}.
     *
     * @param classesDir the compiled classes directory to scan, or null to disable discovery
     * @throws ConfigurationException listing every problem found
     */
    public static FunctionSet build(FunctionSetConfig config, ClassLoader userClasses, Path classesDir) {
        List<Problem> problems = new ArrayList<>();
        String setName = config.getName() == null ? null : config.getName().trim();
        if (setName == null || setName.isEmpty()) {
            problems.add(new Problem(null, "name", HelpfulSuggestions.missingSetName()));
        } else if (!SET_NAME.matcher(setName).matches()) {
            problems.add(new Problem(null, "name", HelpfulSuggestions.invalidSetName(setName)));
        }
        SetDefaults defaults = config.getDefaults() == null ? new SetDefaults() : config.getDefaults();
        checkResources(HelpfulSuggestions.DEFAULTS, defaults, problems);

        // a stray empty <function/> element reaches us as null; it declares nothing
        List<FunctionConfig> configs = config.getFunctions() == null ? List.of()
                : config.getFunctions().stream().filter(java.util.Objects::nonNull).toList();
        if (configs.isEmpty()) {
            if (classesDir == null) {
                problems.add(new Problem(null, "functions", HelpfulSuggestions.noFunctions(Path.of("target/classes"))));
            } else {
                FunctionDiscovery.Result found = FunctionDiscovery.discover(classesDir, userClasses);
                problems.addAll(found.problems());
                configs = found.functions();
                if (configs.isEmpty() && found.problems().isEmpty()) {
                    problems.add(new Problem(null, "functions", HelpfulSuggestions.noFunctions(classesDir)));
                }
            }
        }

        Map<String, Integer> nameCounts = new LinkedHashMap<>();
        List<FunctionSpec> specs = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            FunctionSpec spec = function(configs.get(i), i, defaults, userClasses, problems);
            if (configs.get(i).getName() != null && !configs.get(i).getName().isBlank()) {
                nameCounts.merge(configs.get(i).getName().trim(), 1, Integer::sum);
            }
            if (spec != null) {
                specs.add(spec);
            }
        }
        nameCounts.forEach((name, count) -> {
            if (count > 1) {
                problems.add(new Problem(name, "name", HelpfulSuggestions.duplicateName(name, count)));
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException(setName, problems);
        }
        return new FunctionSet(setName, specs);
    }

    /** Checks the values a function or the defaults set themselves; inherited values were checked where set. */
    private static void checkResources(String label, ResourceConfig r, List<Problem> problems) {
        r.getUnconverted().forEach((element, text) -> problems.add(new Problem(label, element,
                HelpfulSuggestions.unconverted(label, element, text))));
        // POM elements and @Function attributes say memory and timeout; messages use the words users wrote
        positive(label, "memory", r.getMemoryMb(), "MB", problems);
        positive(label, "timeout", r.getTimeoutSeconds(), "seconds", problems);
        notNegative(label, "maxConcurrency", r.getMaxConcurrency(), problems);
        notNegative(label, "minInstances", r.getMinInstances(), problems);
        if (r.getPackageType() != null && packageType(r.getPackageType()) == null) {
            problems.add(new Problem(label, "packageType", HelpfulSuggestions.unknownPackageType(label, r.getPackageType())));
        }
        environmentNames(label, r.getEnvironment(), problems);
        if (r.getOptions() != null) {
            for (String key : r.getOptions().keySet()) {
                if (key == null || !OPTION_KEY.matcher(key).matches()) {
                    problems.add(new Problem(label, "options", HelpfulSuggestions.unprefixedOption(label, key)));
                }
            }
        }
    }

    /** @return the spec, or null when a problem prevents building it (the problem is recorded) */
    private static FunctionSpec function(FunctionConfig c, int index, SetDefaults d, ClassLoader loader,
                                         List<Problem> problems) {
        int before = problems.size();
        String name = c.getName() == null ? null : c.getName().trim();
        String label;
        if (name == null || name.isEmpty()) {
            label = "#" + (index + 1) + (c.getHandler() == null ? "" : " (" + c.getHandler() + ")");
            problems.add(new Problem(label, "name", HelpfulSuggestions.missingName(label)));
        } else {
            label = name;
            if (!NAME.matcher(name).matches()) {
                problems.add(new Problem(label, "name", HelpfulSuggestions.invalidName(name)));
            }
        }

        FunctionShape shape = null;
        String handler = c.getHandler() == null ? null : c.getHandler().trim();
        if (handler == null || handler.isEmpty()) {
            problems.add(new Problem(label, "handler", HelpfulSuggestions.missingHandler(label)));
        } else {
            try {
                Class<?> type = Class.forName(dev.faasport.runtime.Shapes.handlerClass(handler), false, loader);
                dev.faasport.runtime.Shapes.Resolved resolved = HandlerShapes.resolve(type, handler, name,
                        configuredTrigger(c));
                CodeTriggers.fill(c, resolved.vendor().trigger());
                shape = HandlerShapes.shape(resolved);
            } catch (ClassNotFoundException e) {
                problems.add(new Problem(label, "handler", HelpfulSuggestions.handlerNotFound(label, handler)));
            } catch (LinkageError e) {
                problems.add(new Problem(label, "handler", HelpfulSuggestions.handlerNotLoadable(label, handler, e)));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(label, "handler", HelpfulSuggestions.handlerUnsupported(label, e.getMessage())));
            }
        }

        Trigger trigger = trigger(c, label, shape, problems);

        int memory = orDefault(c.getMemoryMb(), d.getMemoryMb(), SetDefaults.MEMORY_MB);
        int timeout = orDefault(c.getTimeoutSeconds(), d.getTimeoutSeconds(), SetDefaults.TIMEOUT_SECONDS);
        int maxConcurrency = orDefault(c.getMaxConcurrency(), d.getMaxConcurrency(), SetDefaults.MAX_CONCURRENCY);
        int minInstances = orDefault(c.getMinInstances(), d.getMinInstances(), SetDefaults.MIN_INSTANCES);
        checkResources(label, c, problems);
        if (maxConcurrency > 0 && minInstances > maxConcurrency) {
            problems.add(new Problem(label, "minInstances",
                    HelpfulSuggestions.minAboveMax(label, minInstances, maxConcurrency)));
        }

        String rawType = c.getPackageType() != null ? c.getPackageType()
                : d.getPackageType() != null ? d.getPackageType() : SetDefaults.PACKAGE_TYPE;
        FunctionSpec.PackageType packageType = packageType(rawType);
        Map<String, String> env = merge(d.getEnvironment(), c.getEnvironment());
        Map<String, String> options = merge(d.getOptions(), c.getOptions());
        Map<String, String> secrets = secretReferences(label, env, problems);

        if (problems.size() > before || shape == null || trigger == null) {
            return null;
        }
        return new FunctionSpec(name, handler, shape, trigger, memory, timeout, env, maxConcurrency, minInstances,
                packageType, options, secrets);
    }

    private static Trigger trigger(FunctionConfig c, String label, FunctionShape shape, List<Problem> problems) {
        String kind = c.getTrigger() == null || c.getTrigger().isBlank() ? null
                : c.getTrigger().trim().toLowerCase(Locale.ROOT);
        if (kind == null) {
            kind = impliedTrigger(c, shape);
        } else if (!TRIGGERS.contains(kind)) {
            problems.add(new Problem(label, "trigger", HelpfulSuggestions.unknownTrigger(label, c.getTrigger().trim())));
            return null;
        }
        if (shape != null && !shape.accepts(kind)) {
            problems.add(new Problem(label, "trigger", HelpfulSuggestions.shapeMismatch(label, c.getHandler(),
                    shape.name(), kind, HandlerShapes.naturalTrigger(shape))));
        }
        int before = problems.size();
        notFor(label, kind, "http", "methods", c.getMethods() != null && !c.getMethods().isEmpty(), problems);
        notFor(label, kind, "http", "public", c.getPublicAccess() != null, problems);
        notFor(label, kind, "storage", "bucket", c.getBucket() != null, problems);
        notFor(label, kind, "storage", "events", c.getEvents() != null && !c.getEvents().isEmpty(), problems);
        notFor(label, kind, "storage", "prefix", c.getPrefix() != null, problems);
        notFor(label, kind, "storage", "suffix", c.getSuffix() != null, problems);
        notFor(label, kind, "queue", "queue", c.getQueue() != null, problems);
        notFor(label, kind, "queue", "batchSize", c.getBatchSize() != null, problems);
        notFor(label, kind, "queue", "maxAttempts", c.getMaxAttempts() != null, problems);
        notFor(label, kind, "schedule", "schedule", c.getSchedule() != null, problems);
        switch (kind) {
            case "http" -> {
                List<String> methods = new ArrayList<>();
                for (String m : c.getMethods() == null ? List.<String>of() : c.getMethods()) {
                    if (m == null || m.isBlank()) {
                        continue;
                    }
                    String upper = m.trim().toUpperCase(Locale.ROOT);
                    if (!HTTP_METHODS.contains(upper)) {
                        problems.add(new Problem(label, "methods", HelpfulSuggestions.unknownHttpMethod(label, m)));
                    } else if (!methods.contains(upper)) {
                        methods.add(upper);
                    }
                }
                return problems.size() > before ? null
                        : new Trigger.Http(methods, Boolean.TRUE.equals(c.getPublicAccess()));
            }
            case "storage" -> {
                if (blank(c.getBucket())) {
                    problems.add(new Problem(label, "bucket",
                            HelpfulSuggestions.missingTriggerSetting(label, kind, "bucket", "uploads")));
                }
                Set<Trigger.StorageEventKind> events = EnumSet.noneOf(Trigger.StorageEventKind.class);
                for (String e : c.getEvents() == null ? List.<String>of() : c.getEvents()) {
                    if (e == null || e.isBlank()) {
                        continue;
                    }
                    try {
                        events.add(Trigger.StorageEventKind.valueOf(e.trim().toUpperCase(Locale.ROOT)));
                    } catch (RuntimeException ex) {
                        problems.add(new Problem(label, "events", HelpfulSuggestions.unknownStorageEvent(label, e)));
                    }
                }
                return problems.size() > before ? null
                        : new Trigger.Storage(c.getBucket().trim(), events, c.getPrefix(), c.getSuffix());
            }
            case "queue" -> {
                if (blank(c.getQueue())) {
                    problems.add(new Problem(label, "queue",
                            HelpfulSuggestions.missingTriggerSetting(label, kind, "queue", "orders")));
                }
                int batch = c.getBatchSize() == null ? SetDefaults.BATCH_SIZE : c.getBatchSize();
                int attempts = c.getMaxAttempts() == null ? SetDefaults.MAX_ATTEMPTS : c.getMaxAttempts();
                if (batch < 1) {
                    problems.add(new Problem(label, "batchSize", HelpfulSuggestions.notAtLeastOne(label, "batchSize", batch)));
                }
                if (attempts < 1) {
                    problems.add(new Problem(label, "maxAttempts",
                            HelpfulSuggestions.notAtLeastOne(label, "maxAttempts", attempts)));
                }
                return problems.size() > before ? null : new Trigger.Queue(c.getQueue().trim(), batch, attempts);
            }
            case "schedule" -> {
                if (blank(c.getSchedule())) {
                    problems.add(new Problem(label, "schedule",
                            HelpfulSuggestions.missingTriggerSetting(label, kind, "schedule", "rate(5 minutes)")));
                    return null;
                }
                String error = Schedule.problem(c.getSchedule());
                if (error != null) {
                    problems.add(new Problem(label, "schedule",
                            HelpfulSuggestions.malformedSchedule(label, c.getSchedule().trim(), error)));
                }
                return problems.size() > before ? null : new Trigger.Schedule(c.getSchedule().trim());
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    /** @return the trigger kind the configuration names, or implies by a bucket, queue or schedule; null otherwise */
    private static String configuredTrigger(FunctionConfig c) {
        if (c.getTrigger() != null && !c.getTrigger().isBlank()) return c.getTrigger().trim().toLowerCase(Locale.ROOT);
        if (c.getBucket() != null) return "storage";
        if (c.getQueue() != null) return "queue";
        if (c.getSchedule() != null) return "schedule";
        return null;
    }

    /** With no trigger configured: the shape's own kind, or for typed functions the kind its settings point to. */
    private static String impliedTrigger(FunctionConfig c, FunctionShape shape) {
        if (shape != null && shape != FunctionShape.TYPED) {
            return HandlerShapes.naturalTrigger(shape);
        }
        if (c.getBucket() != null) {
            return "storage";
        }
        if (c.getQueue() != null) {
            return "queue";
        }
        if (c.getSchedule() != null) {
            return "schedule";
        }
        return "http";
    }

    private static void notFor(String label, String kind, String owner, String field, boolean set, List<Problem> problems) {
        if (set && !kind.equals(owner)) {
            problems.add(new Problem(label, field, HelpfulSuggestions.settingIgnored(label, field, kind)));
        }
    }

    private static void positive(String label, String field, Integer value, String unit, List<Problem> problems) {
        if (value != null && value <= 0) {
            problems.add(new Problem(label, field, HelpfulSuggestions.notPositive(label, field, value, unit)));
        }
    }

    private static void notNegative(String label, String field, Integer value, List<Problem> problems) {
        if (value != null && value < 0) {
            problems.add(new Problem(label, field, HelpfulSuggestions.negative(label, field, value)));
        }
    }

    /** Moves the {@code secret:NAME} values out of the environment: they are references, never values. */
    private static Map<String, String> secretReferences(String label, Map<String, String> env, List<Problem> problems) {
        Map<String, String> secrets = new java.util.TreeMap<>();
        for (java.util.Iterator<Map.Entry<String, String>> it = env.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> e = it.next();
            if (e.getValue() == null || !e.getValue().trim().startsWith(FunctionSpec.SECRET_PREFIX)) {
                continue;
            }
            String secret = e.getValue().trim().substring(FunctionSpec.SECRET_PREFIX.length());
            if (!SECRET_NAME.matcher(secret).matches()) {
                problems.add(new Problem(label, "environment",
                        HelpfulSuggestions.invalidSecretName(label, e.getKey(), secret)));
            }
            secrets.put(e.getKey(), secret);
            it.remove();
        }
        return secrets;
    }

    private static void environmentNames(String label, Map<String, String> env, List<Problem> problems) {
        if (env == null) {
            return;
        }
        for (String key : env.keySet()) {
            if (key == null || !ENV_NAME.matcher(key).matches()) {
                problems.add(new Problem(label, "environment", HelpfulSuggestions.invalidEnvironmentName(label, key)));
            } else if (key.toUpperCase(Locale.ROOT).startsWith(RESERVED_ENV_PREFIX)) {
                problems.add(new Problem(label, "environment", HelpfulSuggestions.reservedEnvironmentName(label, key)));
            }
        }
    }

    private static FunctionSpec.PackageType packageType(String raw) {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "zip" -> FunctionSpec.PackageType.ZIP;
            case "image" -> FunctionSpec.PackageType.IMAGE;
            default -> null;
        };
    }

    private static int orDefault(Integer value, Integer setDefault, int documented) {
        return value != null ? value : setDefault != null ? setDefault : documented;
    }

    private static Map<String, String> merge(Map<String, String> defaults, Map<String, String> own) {
        Map<String, String> merged = new LinkedHashMap<>();
        // Maven maps an empty element to null; an empty value is what the user meant
        if (defaults != null) {
            defaults.forEach((k, v) -> { if (k != null) merged.put(k, v == null ? "" : v); });
        }
        if (own != null) {
            own.forEach((k, v) -> { if (k != null) merged.put(k, v == null ? "" : v); });
        }
        return merged;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
