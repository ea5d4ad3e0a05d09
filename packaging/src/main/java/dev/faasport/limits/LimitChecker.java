package dev.faasport.limits;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks packaged units against a provider's {@link LimitTable} (optionally overridden by the live account's limits)
 * and says, for each function and limit, whether it fits, with the cause and concrete fixes when it does not.
 */
public final class LimitChecker {
    /** The unit setting naming the Java version the functions are compiled for. */
    public static final String JAVA_VERSION = JavaRuntimes.VERSION;
    /** The function option declaring the largest payload a function expects, in bytes (checked against caps). */
    public static final String PAYLOAD_OPTION = "payload.maxBytes";
    /** The unit setting with the compressed size of an image's base layers (written by the packager). */
    public static final String IMAGE_BASE_BYTES = "image.baseBytes";
    private static final int LARGEST = 5;

    /**
     * @param providerId    aws, azure, gcp, local
     * @param plan          the plan (Azure consumption/flex/premium/dedicated, Google gen1/gen2), or null for the
     *                      table's default
     * @param units         the packaged units
     * @param liveOverrides limits read from the live account by key ({@code package.unzipped.bytes}), replacing the
     *                      table's maximum; may be null
     */
    public CheckReport check(String providerId, String plan, List<DeployUnit> units, Map<String, Long> liveOverrides) {
        LimitTable table = LimitTable.load(providerId);
        String p = table.plan(plan).orElseThrow(() -> new IllegalArgumentException("Unknown "
                + table.displayName() + " plan '" + plan + "', perhaps you should use one of " + table.plans()));
        Run run = new Run(table, p, liveOverrides == null ? Map.of() : liveOverrides);
        Map<String, List<String>> unitFunctions = new LinkedHashMap<>();
        for (DeployUnit u : units) {
            unitFunctions.put(u.name(), u.functions().stream().map(FunctionSpec::name).sorted().toList());
            // as the provider deploys it: the functions' own plan option, else the plan given, else the packaged one
            String unitPlan = null;
            for (FunctionSpec f : u.functions()) {
                unitPlan = unitPlan != null ? unitPlan
                        : plan(table, f.options().get(providerId + ".plan"), null, "function '" + f.name() + "'");
            }
            if (unitPlan == null) {
                unitPlan = plan != null && !plan.isBlank() ? p
                        : plan(table, u.settings().get(providerId + ".plan"), p, "unit '" + u.name() + "'");
            }
            run.plan = unitPlan;
            run.unit(u);
            for (FunctionSpec f : u.functions()) {
                run.plan = plan(table, f.options().get(providerId + ".plan"), unitPlan, "function '" + f.name() + "'");
                run.function(u, f);
            }
        }
        run.findings.addAll(StorageOverlaps.check(table, p, units)); // a rule across the functions of the set
        return new CheckReport(providerId, table.displayName(), p, run.findings, unitFunctions);
    }

    /** @return the table's name for a plan option, the fallback when it is not set */
    private static String plan(LimitTable table, String value, String fallback, String owner) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return table.plan(value).orElseThrow(() -> new IllegalArgumentException("Unknown " + table.displayName()
                + " plan '" + value + "' of " + owner + ", perhaps you should use one of " + table.plans()));
    }

    /** One check run. */
    private static final class Run {
        final LimitTable table;
        /** the plan of the unit or function being checked */
        String plan;
        final Map<String, Long> live;
        final List<Finding> findings = new ArrayList<>();

        Run(LimitTable table, String plan, Map<String, Long> live) {
            this.table = table;
            this.plan = plan;
            this.live = live;
        }

        Optional<Limit> limit(String key, String triggerKind) {
            Optional<Limit> l = table.find(key, plan, triggerKind);
            Long liveMax = live.get(key);
            if (l.isPresent() && liveMax != null) {
                return Optional.of(l.get().withLiveMax(liveMax));
            }
            return l;
        }

        void unit(DeployUnit u) {
            String fn = u.functions().size() == 1 ? u.function().name() : null;
            boolean image = u.artifact() != null && u.artifact().format() == dev.faasport.spi.PackageFormat.OCI_IMAGE
                    || u.functions().stream().anyMatch(f -> f.packageType() == FunctionSpec.PackageType.IMAGE);
            long layerUnzipped = longSetting(u, "aws.layer.unzippedBytes");
            long layers = (u.settings().containsKey("aws.layer.path") ? 1 : 0) + listSetting(u, "aws.layers");
            if (u.artifact() != null) {
                long zipped = u.artifact().zippedBytes();
                long unzipped = u.artifact().unzippedBytes() + layerUnzipped;
                if (image) {
                    size(u, fn, "package.image.bytes", imageBytes(u));
                } else {
                    size(u, fn, "package.zipped.directUpload.bytes", zipped);
                    size(u, fn, "package.zipped.bytes", zipped);
                    size(u, fn, "package.unzipped.bytes", unzipped);
                }
            }
            limit("layers.count", null).ifPresent(l -> numeric(u, fn, l, layers, layerFixes(l)));
            // the app's real name (Azure: azure.app as packaged) is what the vendor checks
            String app = u.settings().getOrDefault(table.provider() + ".app", u.name());
            limit("app.name", null).ifPresent(l -> name(u, null, l, app));
            appTimeout(u);
        }

        /** Azure holds the timeout per app (host.json functionTimeout): the largest of its functions' timeouts. */
        void appTimeout(DeployUnit u) {
            Optional<Limit> ol = limit("app.timeout.seconds", null);
            if (ol.isEmpty()) {
                return;
            }
            FunctionSpec longest = u.functions().stream().max(Comparator.comparingInt(FunctionSpec::timeoutSeconds)
                    .thenComparing(FunctionSpec::name, Comparator.reverseOrder())).orElseThrow();
            Limit l = ol.get();
            List<String> fixes = new ArrayList<>();
            fixes.add("lower the timeout of '" + longest.name() + "' (the app's functionTimeout is the largest"
                    + " timeout of its functions) to at most " + format(l.key(), l.max()));
            if (!"premium".equals(plan)) {
                fixes.add("set option azure.plan=premium (or flex) on '" + longest.name() + "' so it gets an app on"
                        + " a plan without that limit");
            }
            numeric(u, null, l, longest.timeoutSeconds(), fixes);
        }

        void function(DeployUnit u, FunctionSpec f) {
            String kind = f.trigger().kind();
            limit("trigger.kinds", null).ifPresent(l -> values(u, f.name(), l, kind, List.of(
                    "give '" + f.name() + "' an http trigger and have its events delivered to it over HTTP",
                    "deploy '" + f.name() + "' to a provider with " + kind + " triggers")));
            limit("function.name", kind).ifPresent(l -> name(u, f.name(), l, f.name()));
            limit("timeout.seconds", kind).ifPresent(l -> numeric(u, f.name(), l, f.timeoutSeconds(), List.of(
                    "set the timeout of '" + f.name() + "' within " + range(l),
                    "split long work into steps chained through a queue")));
            limit("http.response.seconds", kind).ifPresent(l -> numeric(u, f.name(), l, f.timeoutSeconds(), List.of(
                    "answer HTTP requests within " + format(l.key(), l.max()) + " and continue the work in a"
                            + " queue-triggered function")));
            limit("memory.mb", kind).ifPresent(l -> numeric(u, f.name(), l, f.memoryMb(), List.of(
                    "set the memory of '" + f.name() + "' to " + (l.values().isEmpty() ? range(l)
                            : "one of " + String.join(", ", l.values()) + " MB"))));
            long env = environmentBytes(table.provider(), f);
            limit("environment.bytes", kind).ifPresent(l -> numeric(u, f.name(), l, env, List.of(
                    "move large values out of the environment into a secret store or configuration service")));
            limit("environment.count", kind).ifPresent(l -> numeric(u, f.name(), l, f.environment().size(), List.of(
                    "merge variables or move them into a configuration file")));
            if (f.maxConcurrency() > 0) {
                limit("concurrency.max", kind).ifPresent(l -> numeric(u, f.name(), l, f.maxConcurrency(), List.of(
                        "set maxConcurrency of '" + f.name() + "' to at most " + l.max(),
                        "ask the vendor for a higher quota, or choose a plan that allows more")));
            }
            if (f.trigger() instanceof dev.faasport.spi.Trigger.Queue q) {
                limit("queue.batchSize", kind).ifPresent(l -> numeric(u, f.name(), l, q.batchSize(), List.of(
                        "set the batch size of '" + f.name() + "' within " + range(l))));
            }
            limit("instances.min", kind).ifPresent(l -> numeric(u, f.name(), l, f.minInstances(), List.of(
                    "set minInstances of '" + f.name() + "' to 0 on this plan",
                    "use the flex or premium plan, which keep instances ready: option azure.plan=premium on '"
                            + f.name() + "' gives it an app of its own on that plan")));
            boolean image = u.artifact() != null && u.artifact().format() == dev.faasport.spi.PackageFormat.OCI_IMAGE
                    || f.packageType() == FunctionSpec.PackageType.IMAGE;
            if (!image) { // an image brings its own Java
                limit(LimitTable.RUNTIME_KEY, kind).ifPresent(l -> runtime(u, f, l));
            }
            limit("environment.reserved", kind).ifPresent(l -> reservedEnvironment(u, f, l));
            String payload = f.options().get(PAYLOAD_OPTION);
            for (String key : List.of("payload.request.bytes", "payload.response.bytes", "payload.event.bytes")) {
                limit(key, kind).ifPresent(l -> payload(u, f, l, payload));
            }
            limit("snapstart", kind).ifPresent(l -> snapStart(u, f, l));
        }

        // ------------------------------------------------------------ evaluators

        void size(DeployUnit u, String fn, String key, long measured) {
            Optional<Limit> ol = limit(key, null);
            if (ol.isEmpty()) {
                return;
            }
            Limit l = ol.get();
            Finding first = numericFinding(u, fn, l, measured, List.of(), List.of());
            if (first.severity() != Severity.VIOLATION && first.severity() != Severity.WARNING) {
                findings.add(first);
                return;
            }
            // only a size problem is worth opening the archive for its largest jars
            List<JarEntry> entries = largestEntries(u);
            List<String> largest = entries.stream().limit(LARGEST).map(e -> e.name() + " " + bytes(e.size())).toList();
            List<String> fixes = new ArrayList<>();
            if (key.equals("package.zipped.directUpload.bytes")) {
                fixes.add("set aws.bucket (or let Faasport create the deployment bucket) so the zip is uploaded"
                        + " through S3");
                if (!u.settings().containsKey("aws.layer.path")) {
                    fixes.add("move the dependencies shared by all functions to a layer (sharedLayer=true)");
                }
            } else {
                entries.stream().limit(3).forEach(e -> fixes.add("exclude " + e.name() + " ("
                        + bytes(e.size()) + ") if it is not needed at run time (scope provided or an exclusion)"));
                if (table.provider().equals("aws") && !key.equals("package.image.bytes")) {
                    fixes.add("set <packageType>image</packageType>: container images may hold "
                            + table.find("package.image.bytes", plan, null).map(i -> format(i.key(), i.max()))
                            .orElse("more"));
                }
                if (table.provider().equals("gcp") && plan.equals("gen1")) {
                    fixes.add("deploy to Cloud Functions 2nd gen, which has no such deployment size limit");
                }
            }
            findings.add(numericFinding(u, fn, l, measured, fixes, largest));
        }

        void numeric(DeployUnit u, String fn, Limit l, long measured, List<String> fixes) {
            findings.add(numericFinding(u, fn, l, measured, fixes, List.of()));
        }

        Finding numericFinding(DeployUnit u, String fn, Limit l, long measured, List<String> fixes,
                               List<String> largest) {
            String m = format(l.key(), measured);
            if (l.undocumented()) {
                return undocumented(u, fn, l, m);
            }
            String why = null;
            if (l.min() != null && measured < l.min()) {
                why = l.what() + " " + m + " < " + format(l.key(), l.min());
            } else if (!l.unbounded() && l.max() != null && measured > l.max()) {
                why = l.what() + " " + m + " > " + format(l.key(), l.max());
            } else if (l.step() != null && l.step() > 1 && (measured - (l.min() == null ? 0 : l.min())) % l.step() != 0) {
                why = l.what() + " " + m + " is not a multiple of " + l.step() + " above " + l.min();
            } else if (!l.values().isEmpty() && !l.values().contains(Long.toString(measured))) {
                why = l.what() + " " + m + " is not one of " + String.join(", ", l.values());
            }
            String limitText = limitText(l);
            if (why == null) {
                return new Finding(u.name(), fn, table.provider(), plan, l.key(), Severity.FITS, m, limitText,
                        l.asOf(), l.source(), l.what() + " " + m + " fits " + limitText, List.of(), largest);
            }
            if (!largest.isEmpty()) {
                why += ". Largest dependencies: " + String.join(", ", largest);
            }
            return problem(u, fn, l, m, limitText, why, fixes, largest);
        }

        void name(DeployUnit u, String fn, Limit l, String name) {
            boolean reserved = l.reserved().stream().anyMatch(r -> r.equalsIgnoreCase(name));
            boolean matches = l.pattern() == null || name.matches(l.pattern());
            String limitText = l.note() != null ? l.note() : "matches " + l.pattern();
            if (matches && !reserved) {
                findings.add(new Finding(u.name(), fn, table.provider(), plan, l.key(), Severity.FITS, name,
                        limitText, l.asOf(), l.source(), l.what() + " '" + name + "' is valid", List.of(), List.of()));
                return;
            }
            String why = l.what() + " '" + name + "' " + (reserved ? "is reserved" : "is invalid: " + limitText);
            findings.add(problem(u, fn, l, name, limitText, why, List.of("rename '" + name + "' to match: "
                    + limitText), List.of()));
        }

        void values(DeployUnit u, String fn, Limit l, String value, List<String> fixes) {
            String limitText = String.join(", ", l.values());
            if (l.values().contains(value)) {
                findings.add(new Finding(u.name(), fn, table.provider(), plan, l.key(), Severity.FITS, value,
                        limitText, l.asOf(), l.source(), l.what() + " " + value + " is supported", List.of(), List.of()));
            } else {
                findings.add(problem(u, fn, l, value, limitText, l.what() + " " + value + " is not supported"
                        + " (supported: " + limitText + ")", fixes, List.of()));
            }
        }

        /**
         * The runtime the unit deploys to (as packaging chose it, else chosen here) against what its package needs:
         * the project's compiled level and Faasport's adapters.
         */
        void runtime(DeployUnit u, FunctionSpec f, Limit l) {
            int level = JavaRuntimes.version(u.settings().get(JAVA_VERSION));
            int adapters = JavaRuntimes.version(u.settings().get(JavaRuntimes.ADAPTER_VERSION));
            int needed = Math.max(level, adapters);
            String asked = JavaRuntimes.asked(l, u.settings(), List.of(f));
            String packaged = u.settings().get(JavaRuntimes.RUNTIME);
            String name = packaged != null ? packaged : asked;
            Optional<JavaRuntime> rt = name != null ? JavaRuntimes.find(l.runtimes(), name)
                    : JavaRuntimes.select(l.runtimes(), needed, null);
            String measured = level > 0 ? "Java " + level : "unknown Java level";
            String offered = String.join(", ", l.runtimes().stream().map(JavaRuntime::name).toList());
            String property = l.property();
            List<String> newEnough = l.runtimes().stream().filter(r -> r.runs(needed)).map(JavaRuntime::name).toList();
            Optional<JavaRuntime> best = JavaRuntimes.select(l.runtimes(), needed, null);
            String classes = needsText(level, adapters);
            if (rt.isEmpty() && name != null) {
                findings.add(problem(u, f.name(), l, measured, name, "Java runtime '" + name + "' is not offered"
                        + " (offered: " + offered + ")", List.of("set " + property + " to one of " + offered
                        + (best.isPresent() ? " or remove it so Faasport selects " + best.get().name() : "")), List.of()));
                return;
            }
            if (rt.isEmpty() || !rt.get().runs(needed)) {
                List<String> fixes = new ArrayList<>();
                if (rt.isPresent() && !newEnough.isEmpty() && property != null) {
                    fixes.add("set " + property + " to " + String.join(" or ", newEnough) + " (or remove "
                            + property + " so Faasport selects " + best.map(JavaRuntime::name).orElse(newEnough.get(0))
                            + ")");
                }
                if (property == null) {
                    fixes.add("run the build (and with it the local runtime) on a JDK that runs Java " + needed);
                }
                int newest = rt.map(JavaRuntime::java).orElse(l.runtimes().isEmpty() ? 0 : l.runtimes().get(0).java());
                if (level > newest && adapters <= newest) {
                    fixes.add("compile for Java " + newest + " or lower (maven.compiler.release " + newest
                            + ") and use dependencies built for it");
                }
                String why = rt.isPresent() ? "Java runtime " + rt.get().describe() + " cannot run " + classes
                        : "no " + vendor() + " Java runtime runs " + classes + " (newest: "
                        + (l.runtimes().isEmpty() ? "none" : l.runtimes().get(0).describe()) + ")";
                findings.add(problem(u, f.name(), l, measured, rt.map(JavaRuntime::describe).orElse("none"), why,
                        fixes, List.of()));
                return;
            }
            String how = asked != null ? " (set by " + property + ")"
                    : property == null ? "" : " (selected: the newest LTS runtime that runs it)";
            findings.add(new Finding(u.name(), f.name(), table.provider(), plan, l.key(), Severity.FITS, measured,
                    rt.get().describe(), l.asOf(), l.source(), "Java runtime " + rt.get().describe() + how
                    + " runs " + classes, List.of(), List.of()));
        }

        /** One finding per function: environment variables whose names the vendor or Faasport reserves. */
        void reservedEnvironment(DeployUnit u, FunctionSpec f, Limit l) {
            // a secret reference becomes a variable of the same name on the target
            List<String> clashes = java.util.stream.Stream.concat(f.environment().keySet().stream(),
                    f.secrets().keySet().stream()).filter(k -> reserved(l.reserved(), k)).sorted().toList();
            String limitText = "not " + String.join(", ", l.reserved());
            if (clashes.isEmpty()) {
                findings.add(new Finding(u.name(), f.name(), table.provider(), plan, l.key(), Severity.FITS,
                        f.environment().size() + " names", limitText, l.asOf(), l.source(),
                        "no " + l.what() + " is reserved", List.of(), List.of()));
                return;
            }
            List<String> fixes = clashes.stream().map(k -> "rename environment variable " + k + " of '" + f.name()
                    + "' (for example to APP_" + k.replaceFirst("^_+", "") + ") and read it under that name").toList();
            findings.add(problem(u, f.name(), l, String.join(", ", clashes), limitText, l.what()
                    + (clashes.size() == 1 ? " " : "s ") + String.join(", ", clashes)
                    + (clashes.size() == 1 ? " is" : " are") + " reserved", fixes, List.of()));
        }

        void payload(DeployUnit u, FunctionSpec f, Limit l, String declared) {
            String cap = format(l.key(), l.max());
            List<String> fixes = List.of("pass large payloads through storage: upload the object and send its key");
            if (declared == null) {
                findings.add(new Finding(u.name(), f.name(), table.provider(), plan, l.key(), Severity.FITS,
                        "not declared", cap, l.asOf(), l.source(), l.what() + " is capped at " + cap
                        + (l.note() == null ? "" : " (" + l.note() + ")") + "; declare option " + PAYLOAD_OPTION
                        + " to have it checked", List.of(), List.of()));
                return;
            }
            long measured;
            try {
                measured = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                findings.add(problem(u, f.name(), l, declared, cap, "option " + PAYLOAD_OPTION + " of '" + f.name()
                        + "' is not a number of bytes ('" + declared + "')", List.of("set " + PAYLOAD_OPTION
                        + " to a number of bytes"), List.of()));
                return;
            }
            findings.add(numericFinding(u, f.name(), l, measured, fixes, List.of()));
        }

        void snapStart(DeployUnit u, FunctionSpec f, Limit l) {
            if (!"true".equalsIgnoreCase(f.option("aws.snapStart", "false"))) {
                return;
            }
            List<String> clashes = new ArrayList<>();
            if (f.packageType() == FunctionSpec.PackageType.IMAGE) clashes.add("a container image");
            if (parse(f.option("aws.provisionedConcurrency", "0")) > 0) clashes.add("provisioned concurrency");
            if (parse(f.option("aws.ephemeralStorageMb", "512")) > 512) clashes.add("ephemeral storage above 512 MB");
            if (clashes.isEmpty()) {
                findings.add(new Finding(u.name(), f.name(), table.provider(), plan, l.key(), Severity.FITS,
                        "enabled", l.note(), l.asOf(), l.source(), "SnapStart settings are compatible", List.of(),
                        List.of()));
            } else {
                findings.add(problem(u, f.name(), l, "enabled with " + String.join(", ", clashes), l.note(),
                        "SnapStart cannot be combined with " + String.join(", ", clashes),
                        List.of("disable aws.snapStart for '" + f.name() + "' or remove " + String.join(" and ", clashes)),
                        List.of()));
            }
        }

        Finding undocumented(DeployUnit u, String fn, Limit l, String measured) {
            return new Finding(u.name(), fn, table.provider(), plan, l.key(), Severity.UNDOCUMENTED, measured,
                    "no documented limit", l.asOf(), l.source(), vendor() + " has no"
                    + " documented limit for " + l.what() + (l.note() == null ? "" : " (" + l.note() + ")")
                    + "; measured " + measured, List.of(), List.of());
        }

        Finding problem(DeployUnit u, String fn, Limit l, String measured, String limitText, String why,
                        List<String> fixes, List<String> largest) {
            String subject = fn != null ? "Function '" + fn + "'" : "Unit '" + u.name() + "'";
            String verb = l.severity() == Severity.VIOLATION ? " does not fit " : " may not work as expected on ";
            String msg = subject + verb + vendor() + ": " + why + " (limit as of "
                    + l.asOf() + ", source " + l.source() + ")"
                    + (l.note() != null && !limitText.equals(l.note()) ? "; " + l.note() : "")
                    + (fixes.isEmpty() ? "" : ", perhaps you should " + String.join(", or ", fixes));
            return new Finding(u.name(), fn, table.provider(), plan, l.key(), l.severity(), measured, limitText,
                    l.asOf(), l.source(), msg, fixes, largest);
        }

        String vendor() {
            return table.displayName() + (table.plans().size() > 1 ? " (" + plan + ")" : "");
        }

        List<String> layerFixes(Limit l) {
            return List.of("merge layers so that at most " + l.max() + " remain");
        }
    }

    // ------------------------------------------------------------ helpers

    /**
     * The environment's size as the vendor measures it. Lambda measures the compact JSON of the whole variable map as
     * deployed, Faasport's own variables included (its refusal quotes it: "String measured: {...}"); the others are
     * counted as names plus values.
     */
    static long environmentBytes(String providerId, FunctionSpec f) {
        Map<String, String> env = dev.faasport.spi.FaasportEnvironment.deployed(providerId, f);
        if (providerId.equals("aws")) {
            return dev.faasport.runtime.json.Json.write(env).getBytes(StandardCharsets.UTF_8).length;
        }
        long bytes = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }

    /** @return whether an environment name is reserved: exactly, or by a prefix ending in '*' */
    static boolean reserved(List<String> reserved, String name) {
        return reserved.stream().anyMatch(r -> r.endsWith("*") ? name.startsWith(r.substring(0, r.length() - 1))
                : r.equals(name));
    }

    private static String needsText(int level, int adapters) {
        if (level == 0 && adapters == 0) {
            return "classes of an unknown Java level";
        }
        if (adapters > level) {
            return "Java " + adapters + " class files (Faasport's adapter jars are compiled for Java " + adapters
                    + (level > 0 ? ", the project for Java " + level : "") + ")";
        }
        return "Java " + level + " class files (the project's classes and dependencies)";
    }

    /** A jar inside a package. */
    record JarEntry(String name, long size) {
    }

    /** @return the largest jars of a unit's archive and its layer, largest first, Faasport's own excluded */
    static List<JarEntry> largestEntries(DeployUnit u) {
        List<JarEntry> out = new ArrayList<>();
        if (u.artifact() != null && u.artifact().path() != null) {
            readJars(u.artifact().path(), out);
        }
        String layer = u.settings().get("aws.layer.path");
        if (layer != null) {
            readJars(Path.of(layer), out);
        }
        out.sort(Comparator.comparingLong(JarEntry::size).reversed().thenComparing(JarEntry::name));
        return out;
    }

    private static void readJars(Path zip, List<JarEntry> out) {
        if (!Files.isRegularFile(zip)) {
            return;
        }
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> en = z.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (!e.getName().endsWith(".jar")) continue;
                String comment = e.getComment();
                if (comment != null && comment.startsWith("faasport")) continue;
                String name = comment != null && !comment.isBlank() ? comment
                        : e.getName().substring(e.getName().lastIndexOf('/') + 1);
                out.add(new JarEntry(name, e.getSize()));
            }
        } catch (IOException e) {
            // a report without the dependency list is still useful; the size check itself already ran
        }
    }

    /**
     * The uncompressed image size as far as the build knows it: Faasport's files uncompressed plus the base image's
     * layers as the registry stores them (compressed, so a lower bound); never less than the pushed image.
     */
    static long imageBytes(DeployUnit u) {
        long base = longSetting(u, IMAGE_BASE_BYTES);
        return Math.max(u.artifact().unzippedBytes() + base, u.artifact().zippedBytes());
    }

    private static long longSetting(DeployUnit u, String key) {
        return parse(u.settings().getOrDefault(key, "0"));
    }

    private static long listSetting(DeployUnit u, String key) {
        String v = u.settings().get(key);
        return v == null || v.isBlank() ? 0 : v.split(",").length;
    }

    private static long parse(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String limitText(Limit l) {
        if (l.undocumented()) return "no documented limit";
        if (!l.values().isEmpty()) return "one of " + String.join(", ", l.values());
        if (l.unbounded()) return (l.min() != null ? ">= " + format(l.key(), l.min()) + ", " : "") + "no maximum";
        return range(l);
    }

    static String range(Limit l) {
        if (l.min() != null && l.max() != null) {
            return format(l.key(), l.min()) + " to " + format(l.key(), l.max());
        }
        if (l.max() != null) return "<= " + format(l.key(), l.max());
        if (l.min() != null) return ">= " + format(l.key(), l.min());
        return "no maximum";
    }

    /** Formats a value by the unit its key ends with. */
    static String format(String key, Long value) {
        if (value == null) return "-";
        if (key.endsWith(".bytes")) {
            // 250 MB and 250 MB + 1 byte print alike: show the exact count when the short form rounds
            boolean exact = value < 1024 || value % (1024 * 1024) == 0 && value < (1L << 30) || value % (1L << 30) == 0
                    || value % 1024 == 0 && value < 1024 * 1024;
            return exact ? bytes(value) : bytes(value) + " (" + value + " bytes)";
        }
        if (key.endsWith(".seconds")) return value + " s";
        if (key.endsWith(".mb")) return value + " MB";
        return Long.toString(value);
    }

    /** @return a size in the binary units the vendors use ("250 MB" is 262,144,000 bytes) */
    public static String bytes(long b) {
        if (b < 1024) return b + " B";
        if (b < 1024 * 1024) return trim(b / 1024.0) + " KB";
        if (b < 1024L * 1024 * 1024) return trim(b / (1024.0 * 1024)) + " MB";
        return trim(b / (1024.0 * 1024 * 1024)) + " GB";
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
