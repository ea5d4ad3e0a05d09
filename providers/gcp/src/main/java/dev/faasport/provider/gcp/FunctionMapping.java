package dev.faasport.provider.gcp;

import com.google.cloud.functions.v2.BuildConfig;
import com.google.cloud.functions.v2.Environment;
import com.google.cloud.functions.v2.EventFilter;
import com.google.cloud.functions.v2.EventTrigger;
import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.SecretEnvVar;
import com.google.cloud.functions.v2.ServiceConfig;
import com.google.cloud.functions.v2.Source;
import com.google.cloud.functions.v2.StorageSource;
import dev.faasport.spi.FaasportEnvironment;
import dev.faasport.spi.ResourceTags;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.Schedule;
import dev.faasport.spi.Trigger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the neutral model onto Cloud Functions v2 resources and back, and checks the documented 2nd gen limits before
 * any remote call. Hashes are kept in full in {@code serviceConfig.environmentVariables} (FAASPORT_CODE_SHA256,
 * FAASPORT_CONFIG_HASH) because label values stop at 63 characters; labels carry the set, the function and the
 * hashes truncated to 63 characters for filtering in the console.
 */
final class FunctionMapping {
    static final String HTTP_ENTRY_POINT = "dev.faasport.runtime.gcp.GcfHttpHandler";
    static final String EVENT_ENTRY_POINT = "dev.faasport.runtime.gcp.GcfEventHandler";

    static final String ENV_FUNCTION = FaasportEnvironment.FUNCTION;
    /** The version a secret reference reads: the newest, at each instance start. */
    static final String SECRET_VERSION = "latest";
    static final String ENV_UNIT = "FAASPORT_UNIT";
    static final String ENV_SET = "FAASPORT_SET";
    static final String ENV_CODE = "FAASPORT_CODE_SHA256";
    static final String ENV_CONFIG = "FAASPORT_CONFIG_HASH";
    static final String ENV_HANDLER = "FAASPORT_HANDLER";
    static final String ENV_SHAPE = "FAASPORT_SHAPE";
    static final String ENV_SCHEDULE = "FAASPORT_SCHEDULE";

    /** The unit setting packaging writes: the vendor runtime selected for the compiled Java level ("java21"). */
    static final String JAVA_RUNTIME = "java.runtime";

    static final String LABEL_SET = ResourceTags.SET;
    static final String LABEL_FUNCTION = ResourceTags.FUNCTION;
    static final String LABEL_CODE = ResourceTags.CODE_SHA256;
    static final String LABEL_CONFIG = ResourceTags.CONFIG_HASH;
    static final String LABEL_PUBLIC = ResourceTags.PREFIX + "public";

    static final String STORAGE_FINALIZED = "google.cloud.storage.object.v1.finalized";
    static final String STORAGE_DELETED = "google.cloud.storage.object.v1.deleted";
    static final String PUBSUB_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";

    /** Environment variables the platform adds by itself; never ours to diff or remove. */
    static final Set<String> PLATFORM_ENV = Set.of("LOG_EXECUTION_ID");

    /** Memory, timeout, concurrency and environment bounds: the limit table's, never repeated here. */
    private static final GcpLimits LIMITS = GcpLimits.get();

    // v2 CreateFunctionRequest.function_id: 4-63 characters of [a-z0-9-], starting with a letter (Cloud Run naming).
    private static final Pattern FUNCTION_ID = Pattern.compile("[a-z][a-z0-9-]{2,61}[a-z0-9]");
    private static final Pattern LABEL_VALUE_BAD = Pattern.compile("[^a-z0-9_-]");
    // default vCPU by memory tier (MiB), from "Configure memory limits" of Cloud Run functions
    private static final long[] TIER_MIB = {128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};
    private static final String[] TIER_CPU = {"0.083", "0.167", "0.333", "0.583", "1", "2", "2", "4", "8"};

    private FunctionMapping() {
    }

    /** @return the Cloud Functions id for a neutral name: lower case, '_' to '-' (what Cloud Run does), checked */
    static String functionId(String name) throws ProviderException {
        String id = name.toLowerCase(Locale.ROOT).replace('_', '-');
        if (!FUNCTION_ID.matcher(id).matches()) {
            throw ProviderException.permanent("Function '" + name + "' has a name Google Cloud Functions refuses ('"
                    + id + "': 4-63 characters of a-z, 0-9 and '-', starting with a letter, not ending with '-')",
                    "perhaps you should rename it, e.g. to '" + suggestId(id) + "'");
        }
        return id;
    }

    private static String suggestId(String id) {
        String s = id.replaceAll("[^a-z0-9-]", "-").replaceAll("^[^a-z]+", "");
        s = s.isEmpty() ? "fn" : s;
        while (s.length() < 4) {
            s = "fn-" + s;
        }
        s = s.length() > 63 ? s.substring(0, 63) : s;
        return s.replaceAll("-+$", "") + (s.endsWith("-") ? "0" : "");
    }

    /** @return a label value: lower case, only a-z 0-9 _ -, at most 63 characters */
    static String labelValue(String s) {
        String v = LABEL_VALUE_BAD.matcher(s.toLowerCase(Locale.ROOT)).replaceAll("-");
        return v.length() > 63 ? v.substring(0, 63) : v;
    }

    /**
     * Everything the deploy needs that is derived from the unit, computed and checked once.
     *
     * @param bucketToLocate the storage trigger's bucket whose location becomes the trigger region, or null (no
     *                       storage trigger, or the region was given with {@code gcp.triggerRegion})
     */
    record Desired(String functionId, Function function, boolean makePublic, List<String> warnings,
                   String topic, SchedulerJob schedule, String bucketToLocate) {
        Desired withFunction(Function f) {
            return new Desired(functionId, f, makePublic, warnings, topic, schedule, bucketToLocate);
        }
    }

    /** A Cloud Scheduler job publishing to the function's topic. */
    record SchedulerJob(String jobId, String cron, String expression) {
    }

    /**
     * Builds the function the target should hold, without its source (set after the upload). Checks names, memory/CPU
     * pairs, timeouts by trigger type, concurrency and environment size; throws a permanent exception naming the
     * function and the field.
     */
    static Desired desired(GcpSettings settings, DeployUnit unit) throws ProviderException {
        FunctionSpec fn = unit.function();
        String id = functionId(unit.name());
        List<String> warnings = new ArrayList<>();
        String runtime = runtime(settings, unit);
        if (!GcpSettings.RUNTIMES.contains(runtime)) {
            throw ProviderException.permanent("Function '" + fn.name() + "': runtime '" + runtime + "' (from "
                    + runtimeSource(unit) + ") is not supported",
                    "perhaps you should use one of " + GcpSettings.RUNTIMES.stream().sorted().toList());
        }
        if (fn.packageType() == FunctionSpec.PackageType.IMAGE) {
            throw ProviderException.permanent("Function '" + fn.name() + "': Cloud Functions deploys from source, not "
                    + "from an image", "perhaps you should set <packageType>zip</packageType> or use the knative provider");
        }
        boolean http = fn.trigger() instanceof Trigger.Http;
        int memory = fn.memoryMb() <= 0 ? 256 : fn.memoryMb();
        if (!LIMITS.memoryMb().contains(memory)) {
            throw ProviderException.permanent("Function '" + fn.name() + "': memoryMb " + memory + " is outside "
                    + LIMITS.memoryMb().min() + ".." + LIMITS.memoryMb().max() + " MiB for Cloud Run functions",
                    "perhaps you should set memoryMb in that range");
        }
        String cpu = fn.option("gcp.cpu", defaultCpu(memory));
        if (fn.maxConcurrency() > 1 && cpu(cpu).compareTo(BigDecimal.ONE) < 0) {
            // concurrency > 1 needs at least one vCPU: raise the default instead of failing a default config
            if (fn.options().containsKey("gcp.cpu")) {
                throw ProviderException.permanent("Function '" + fn.name() + "': maxConcurrency " + fn.maxConcurrency()
                        + " needs at least 1 vCPU, gcp.cpu is " + cpu, "perhaps you should set gcp.cpu to 1 or more, "
                        + "or maxConcurrency to 1");
            }
            cpu = "1";
        }
        checkMemoryCpu(fn.name(), memory, cpu);
        if (fn.maxConcurrency() > LIMITS.maxConcurrency()) {
            throw ProviderException.permanent("Function '" + fn.name() + "': maxConcurrency " + fn.maxConcurrency()
                    + " > " + LIMITS.maxConcurrency(), "perhaps you should set maxConcurrency to at most "
                    + LIMITS.maxConcurrency());
        }
        int timeout = fn.timeoutSeconds() <= 0 ? 60 : fn.timeoutSeconds();
        long maxTimeout = LIMITS.timeout(http).max();
        if (timeout > maxTimeout) {
            throw ProviderException.permanent("Function '" + fn.name() + "': timeoutSeconds " + timeout + " > "
                    + maxTimeout + " s, the 2nd gen maximum for " + (http ? "HTTP" : "event-driven") + " functions",
                    "perhaps you should set timeoutSeconds to at most " + maxTimeout
                            + (http ? "" : " or move the long work behind an HTTP function"));
        }
        for (String key : concat(fn.environment().keySet(), fn.secrets().keySet())) {
            if (key.startsWith("FAASPORT_") || key.equals("PORT") || key.startsWith("K_")
                    || key.startsWith("X_GOOGLE_")) {
                throw ProviderException.permanent("Function '" + fn.name() + "': environment variable " + key
                        + " is reserved", "perhaps you should rename it");
            }
        }

        Map<String, String> env = new TreeMap<>(fn.environment());
        env.put(ENV_FUNCTION, fn.name());
        env.put(ENV_UNIT, unit.name());
        env.put(ENV_SET, unit.setName());
        env.put(ENV_CODE, unit.artifact().sha256());
        if (unit.configHash() != null) {
            env.put(ENV_CONFIG, unit.configHash());
        }
        env.put(ENV_HANDLER, fn.handler());
        env.put(dev.faasport.spi.FaasportEnvironment.TIMEOUT_SECONDS, Integer.toString(timeout));
        env.put(ENV_SHAPE, fn.shape().name());

        ServiceConfig.Builder service = ServiceConfig.newBuilder()
                .setAvailableMemory(memory + "Mi")
                .setAvailableCpu(cpu)
                .setTimeoutSeconds(timeout)
                .setMinInstanceCount(Math.max(0, fn.minInstances()))
                .setMaxInstanceRequestConcurrency(fn.maxConcurrency() <= 0 ? 1 : fn.maxConcurrency())
                .setIngressSettings(ingress(fn))
                .setAllTrafficOnLatestRevision(true);
        String maxInstances = fn.option("gcp.maxInstances", "");
        if (!maxInstances.isEmpty()) {
            int max = parseInt(fn.name(), "gcp.maxInstances", maxInstances);
            if (max > 0 && max < fn.minInstances()) {
                throw ProviderException.permanent("Function '" + fn.name() + "': gcp.maxInstances " + max
                        + " < minInstances " + fn.minInstances(), "perhaps you should raise gcp.maxInstances");
            }
            service.setMaxInstanceCount(max);
        }

        Function.Builder f = Function.newBuilder()
                .setName(settings.parent() + "/functions/" + id)
                .setEnvironment(Environment.GEN_2)
                .setDescription("Faasport function " + fn.name() + " of set " + unit.setName());
        EventTrigger trigger = null;
        boolean makePublic = false;
        String topicToEnsure = null;
        String bucket = null;
        SchedulerJob schedule = null;
        Trigger tr = fn.trigger();
        if (tr instanceof Trigger.Http h) {
            makePublic = fn.options().containsKey("gcp.public")
                    ? GcpSettings.parseBool("gcp.public", fn.option("gcp.public", "false"))
                    : settings.makePublic().orElse(h.publicAccess());
        } else if (tr instanceof Trigger.Storage s) {
            if (s.events().size() > 1) {
                throw ProviderException.permanent("Function '" + fn.name() + "': a Cloud Function has one event "
                        + "trigger, this one asks for " + s.events(),
                        "perhaps you should split it into one function per storage event");
            }
            if (!s.prefix().isEmpty() || !s.suffix().isEmpty()) {
                warnings.add("Function '" + fn.name() + "': Cloud Storage triggers cannot filter by prefix/suffix;"
                        + " every object of bucket " + s.bucket() + " fires it");
            }
            String type = s.events().contains(Trigger.StorageEventKind.DELETED) ? STORAGE_DELETED : STORAGE_FINALIZED;
            EventTrigger.Builder t = EventTrigger.newBuilder().setEventType(type)
                    .addEventFilters(EventFilter.newBuilder().setAttribute("bucket").setValue(s.bucket()))
                    .setRetryPolicy(EventTrigger.RetryPolicy.RETRY_POLICY_RETRY);
            String region = fn.option("gcp.triggerRegion", settings.triggerRegion().orElse(""));
            if (!region.isEmpty()) {
                t.setTriggerRegion(region.toLowerCase(Locale.ROOT));
            }
            trigger = t.build();
            bucket = t.getTriggerRegion().isEmpty() ? s.bucket() : null;
        } else if (tr instanceof Trigger.Queue q) {
            if (q.batchSize() > 1) {
                warnings.add("Function '" + fn.name() + "': Pub/Sub push delivers one message per invocation, "
                        + "batchSize " + q.batchSize() + " is not applied");
            }
            topicToEnsure = "projects/" + settings.project() + "/topics/" + q.queue();
            trigger = EventTrigger.newBuilder().setEventType(PUBSUB_PUBLISHED)
                    .setPubsubTopic(topicToEnsure)
                    .setRetryPolicy(q.maxAttempts() == 1 ? EventTrigger.RetryPolicy.RETRY_POLICY_DO_NOT_RETRY
                            : EventTrigger.RetryPolicy.RETRY_POLICY_RETRY).build();
        } else if (tr instanceof Trigger.Schedule s) {
            String cron;
            try {
                cron = Schedule.parse(s.expression()).in(Schedule.Dialect.UNIX_CRON);
            } catch (Schedule.Refused r) {
                throw ProviderException.permanent(r.problem(fn.name()), r.suggestion());
            }
            env.put(ENV_SCHEDULE, cron);
            topicToEnsure = "projects/" + settings.project() + "/topics/" + scheduleTopic(id);
            schedule = new SchedulerJob(scheduleJob(id), cron, s.expression());
            // a failed tick is retried, as the neutral model retries storage events and schedule ticks
            trigger = EventTrigger.newBuilder().setEventType(PUBSUB_PUBLISHED)
                    .setPubsubTopic(topicToEnsure)
                    .setRetryPolicy(EventTrigger.RetryPolicy.RETRY_POLICY_RETRY).build();
        }
        int envBytes = env.entrySet().stream()
                .mapToInt(e -> (e.getKey() + e.getValue()).getBytes(StandardCharsets.UTF_8).length).sum();
        if (envBytes > LIMITS.maxEnvironmentBytes()) {
            throw ProviderException.permanent("Function '" + fn.name() + "': environment is " + envBytes
                    + " bytes > " + kib(LIMITS.maxEnvironmentBytes()), "perhaps you should move large values to "
                    + "Secret Manager or a file");
        }
        service.putAllEnvironmentVariables(env);
        // references: Cloud Run reads each secret when an instance starts ("Configure secrets", Cloud Run functions
        // docs, read 2026-12); "latest" follows the secret's newest version at each cold start
        fn.secrets().forEach((variable, secret) -> service.addSecretEnvironmentVariables(SecretEnvVar.newBuilder()
                .setKey(variable).setProjectId(settings.project()).setSecret(secret).setVersion(SECRET_VERSION)));
        f.setServiceConfig(service);
        f.setBuildConfig(BuildConfig.newBuilder().setRuntime(runtime)
                .setEntryPoint(http || (fn.shape() == FunctionShape.HTTP) ? HTTP_ENTRY_POINT : EVENT_ENTRY_POINT));
        if (trigger != null) {
            f.setEventTrigger(trigger);
        }
        Map<String, String> labels = new TreeMap<>();
        labels.put(LABEL_SET, labelValue(unit.setName()));
        labels.put(LABEL_FUNCTION, labelValue(fn.name()));
        labels.put(LABEL_CODE, labelValue(unit.artifact().sha256()));
        if (unit.configHash() != null) {
            labels.put(LABEL_CONFIG, labelValue(unit.configHash()));
        }
        if (http) {
            labels.put(LABEL_PUBLIC, Boolean.toString(makePublic));
        }
        f.putAllLabels(labels);
        return new Desired(id, f.build(), makePublic, warnings, topicToEnsure, schedule, bucket);
    }

    /**
     * The runtime a unit deploys to: a function's own {@code gcp.runtime} option, else the {@code java.runtime} that
     * packaging selected from the compiled Java level (an explicit {@code gcp.runtime} property already applied
     * there), else the {@code gcp.runtime} property or its default (older manifests, hand-built units).
     */
    static String runtime(GcpSettings settings, DeployUnit unit) {
        String selected = unit.settings().getOrDefault(JAVA_RUNTIME, settings.runtime());
        return unit.function().option("gcp.runtime", selected).toLowerCase(Locale.ROOT);
    }

    private static String runtimeSource(DeployUnit unit) {
        return unit.function().options().containsKey("gcp.runtime") ? "function option gcp.runtime"
                : unit.settings().containsKey(JAVA_RUNTIME) ? "the unit setting " + JAVA_RUNTIME : "gcp.runtime";
    }

    /** @return the Pub/Sub topic Faasport creates for a scheduled function */
    static String scheduleTopic(String functionId) {
        return "faasport-schedule-" + functionId;
    }

    /** @return the Cloud Scheduler job id Faasport creates for a scheduled function */
    static String scheduleJob(String functionId) {
        return "faasport-" + functionId;
    }

    private static ServiceConfig.IngressSettings ingress(FunctionSpec fn) throws ProviderException {
        String v = fn.option("gcp.ingress", "all");
        return switch (v) {
            case "all" -> ServiceConfig.IngressSettings.ALLOW_ALL;
            case "internal" -> ServiceConfig.IngressSettings.ALLOW_INTERNAL_ONLY;
            case "internal-and-gclb" -> ServiceConfig.IngressSettings.ALLOW_INTERNAL_AND_GCLB;
            default -> throw ProviderException.permanent("Function '" + fn.name() + "': gcp.ingress '" + v
                    + "' is unknown", "perhaps you should use all, internal or internal-and-gclb");
        };
    }

    private static int parseInt(String fn, String key, String v) throws ProviderException {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ProviderException.permanent("Function '" + fn + "': " + key + " '" + v + "' is not a number",
                    "perhaps you should set a whole number");
        }
    }

    /** @return a byte count as messages write it: "32 KiB" when it is whole KiB, else "n bytes" */
    static String kib(long bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    /** @return the vCPU Cloud Run functions gives a memory size by default (the smallest tier that holds it) */
    static String defaultCpu(long memoryMib) {
        for (int i = 0; i < TIER_MIB.length; i++) {
            if (memoryMib <= TIER_MIB[i]) {
                return TIER_CPU[i];
            }
        }
        return "8";
    }

    static BigDecimal cpu(String cpu) throws ProviderException {
        try {
            return cpu.endsWith("m") ? new BigDecimal(cpu.substring(0, cpu.length() - 1)).movePointLeft(3)
                    : new BigDecimal(cpu);
        } catch (NumberFormatException e) {
            throw ProviderException.permanent("gcp.cpu '" + cpu + "' is not a number of vCPUs",
                    "perhaps you should write e.g. 1, 2 or 0.583");
        }
    }

    /** The documented memory/CPU pairs of 2nd gen (Cloud Run): minimum vCPU per memory, minimum memory per vCPU. */
    static void checkMemoryCpu(String fn, long memoryMib, String cpuText) throws ProviderException {
        BigDecimal cpu = cpu(cpuText);
        if (cpu.compareTo(BigDecimal.valueOf(8)) > 0 || cpu.signum() <= 0) {
            throw ProviderException.permanent("Function '" + fn + "': gcp.cpu " + cpuText + " is outside 0.083..8",
                    "perhaps you should set gcp.cpu between 0.083 and 8");
        }
        int needCpu = memoryMib > 24 * 1024 ? 8 : memoryMib > 16 * 1024 ? 6 : memoryMib > 8 * 1024 ? 4
                : memoryMib > 4 * 1024 ? 2 : 0;
        if (cpu.compareTo(BigDecimal.valueOf(needCpu)) < 0) {
            throw ProviderException.permanent("Function '" + fn + "': " + memoryMib + " MiB needs at least " + needCpu
                    + " vCPU, gcp.cpu is " + cpuText, "perhaps you should set gcp.cpu to " + needCpu
                    + " or lower memoryMb");
        }
        long needMem = cpu.compareTo(BigDecimal.valueOf(6)) >= 0 ? 4096 : cpu.compareTo(BigDecimal.valueOf(4)) >= 0 ? 2048 : 0;
        if (memoryMib < needMem) {
            throw ProviderException.permanent("Function '" + fn + "': " + cpuText + " vCPU needs at least " + needMem
                    + " MiB, memoryMb is " + memoryMib, "perhaps you should raise memoryMb or lower gcp.cpu");
        }
    }

    /** @return memory in MiB of a Kubernetes-style quantity ("256M", "512Mi", "1Gi", "1G"), or 0 */
    static int memoryMib(String q) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(k|Ki|M|Mi|G|Gi)?").matcher(q == null ? "" : q.trim());
        if (!m.matches()) {
            return 0;
        }
        double n = Double.parseDouble(m.group(1));
        String u = m.group(2) == null ? "" : m.group(2);
        double bytes = switch (u) {
            case "k" -> n * 1e3;
            case "Ki" -> n * 1024;
            case "M" -> n * 1e6;
            case "Mi" -> n * 1024 * 1024;
            case "G" -> n * 1e9;
            case "Gi" -> n * 1024d * 1024 * 1024;
            default -> n;
        };
        return (int) Math.round(bytes / (1024 * 1024));
    }

    /** @return the set that deployed the live function (full name from its environment, else its label), or null */
    static String owner(Function f) {
        String env = f.getServiceConfig().getEnvironmentVariablesMap().get(ENV_SET);
        if (env != null && !env.isEmpty()) return env;
        String label = f.getLabelsMap().get(LABEL_SET);
        return label == null || label.isEmpty() ? null : label;
    }

    /** @return whether the live function was deployed by Faasport for this set */
    static boolean belongsTo(Function f, String setName) {
        Map<String, String> env = f.getServiceConfig().getEnvironmentVariablesMap();
        if (env.containsKey(ENV_SET)) {
            return env.get(ENV_SET).equals(setName);
        }
        return labelValue(setName).equals(f.getLabelsMap().get(LABEL_SET));
    }

    /** @return the live function in the neutral model */
    static DeployedUnit deployed(Function f) {
        Map<String, String> env = f.getServiceConfig().getEnvironmentVariablesMap();
        String id = f.getName().substring(f.getName().lastIndexOf('/') + 1);
        String fnName = env.getOrDefault(ENV_FUNCTION, id);
        String unitName = env.getOrDefault(ENV_UNIT, fnName);
        String code = env.getOrDefault(ENV_CODE, f.getLabelsMap().get(LABEL_CODE));
        String config = env.getOrDefault(ENV_CONFIG, f.getLabelsMap().get(LABEL_CONFIG));
        Map<String, String> userEnv = new TreeMap<>();
        env.forEach((k, v) -> {
            if (!k.startsWith("FAASPORT_") && !PLATFORM_ENV.contains(k)) {
                userEnv.put(k, v);
            }
        });
        Trigger trigger;
        boolean eventDriven = f.hasEventTrigger() && !f.getEventTrigger().getEventType().isEmpty();
        if (!eventDriven) {
            trigger = new Trigger.Http(List.of(), "true".equals(f.getLabelsMap().get(LABEL_PUBLIC)));
        } else {
            EventTrigger t = f.getEventTrigger();
            String topic = t.getPubsubTopic().substring(t.getPubsubTopic().lastIndexOf('/') + 1);
            if (t.getEventType().startsWith("google.cloud.storage.")) {
                String bucket = t.getEventFiltersList().stream().filter(ef -> ef.getAttribute().equals("bucket"))
                        .map(EventFilter::getValue).findFirst().orElse("");
                trigger = new Trigger.Storage(bucket, Set.of(t.getEventType().equals(STORAGE_DELETED)
                        ? Trigger.StorageEventKind.DELETED : Trigger.StorageEventKind.CREATED), "", "");
            } else if (env.containsKey(ENV_SCHEDULE)) {
                trigger = new Trigger.Schedule("cron(" + env.get(ENV_SCHEDULE) + ")");
            } else {
                trigger = new Trigger.Queue(topic, 1,
                        t.getRetryPolicy() == EventTrigger.RetryPolicy.RETRY_POLICY_RETRY ? 2 : 1);
            }
        }
        FunctionShape shape;
        try {
            shape = FunctionShape.valueOf(env.getOrDefault(ENV_SHAPE, eventDriven ? "TYPED" : "HTTP"));
        } catch (IllegalArgumentException e) {
            shape = FunctionShape.TYPED;
        }
        ServiceConfig s = f.getServiceConfig();
        Map<String, String> options = new TreeMap<>();
        options.put("gcp.cpu", s.getAvailableCpu());
        options.put("gcp.runtime", f.getBuildConfig().getRuntime());
        if (s.getMaxInstanceCount() > 0) {
            options.put("gcp.maxInstances", Integer.toString(s.getMaxInstanceCount()));
        }
        FunctionSpec spec = new FunctionSpec(fnName, env.getOrDefault(ENV_HANDLER, f.getBuildConfig().getEntryPoint()),
                shape, trigger, memoryMib(s.getAvailableMemory()), s.getTimeoutSeconds(), userEnv,
                s.getMaxInstanceRequestConcurrency(), s.getMinInstanceCount(), FunctionSpec.PackageType.ZIP, options,
                secrets(f));
        Map<String, String> endpoints = new LinkedHashMap<>();
        String uri = !s.getUri().isEmpty() ? s.getUri() : f.getUrl();
        if (!eventDriven && !uri.isEmpty()) {
            endpoints.put(fnName, uri);
        }
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("gcp.functionId", id);
        attributes.put("gcp.name", f.getName());
        attributes.put("state", f.getState().name());
        putIfSet(attributes, "gcp.revision", s.getRevision());
        putIfSet(attributes, "gcp.service", s.getService());
        putIfSet(attributes, "gcp.build", f.getBuildConfig().getBuild());
        putIfSet(attributes, "gcp.uri", uri);
        if (f.hasUpdateTime()) {
            attributes.put("gcp.updateTime", java.time.Instant.ofEpochSecond(f.getUpdateTime().getSeconds(),
                    f.getUpdateTime().getNanos()).toString());
        }
        String set = env.getOrDefault(ENV_SET, f.getLabelsMap().getOrDefault(LABEL_SET, ""));
        return new DeployedUnit(set, unitName, code, config, List.of(spec), endpoints, attributes);
    }

    private static void putIfSet(Map<String, String> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    /**
     * @return the update-mask paths (snake_case, as in the proto) of the fields that differ between the live function
     *         and the desired one; the source is compared by the caller (it changes only with an upload)
     */
    /**
     * @return the desired function with what the platform manages kept from the live one: foreign labels, platform
     *         environment variables, and the default max instances when none is configured, so that an update mask
     *         neither flip-flops nor removes them
     */
    static Function reconcile(Function live, Function want) {
        Function.Builder b = want.toBuilder();
        live.getLabelsMap().forEach((k, v) -> {
            if (!k.startsWith("faasport-")) {
                b.putLabels(k, v);
            }
        });
        ServiceConfig.Builder s = b.getServiceConfigBuilder();
        live.getServiceConfig().getEnvironmentVariablesMap().forEach((k, v) -> {
            if (PLATFORM_ENV.contains(k)) {
                s.putEnvironmentVariables(k, v);
            }
        });
        if (s.getMaxInstanceCount() == 0) {
            s.setMaxInstanceCount(live.getServiceConfig().getMaxInstanceCount());
        }
        return b.build();
    }

    static List<String> changedFields(Function live, Function want) {
        List<String> mask = new ArrayList<>();
        BuildConfig lb = live.getBuildConfig();
        BuildConfig wb = want.getBuildConfig();
        diff(mask, "build_config.runtime", lb.getRuntime(), wb.getRuntime());
        diff(mask, "build_config.entry_point", lb.getEntryPoint(), wb.getEntryPoint());
        ServiceConfig ls = live.getServiceConfig();
        ServiceConfig ws = want.getServiceConfig();
        if (memoryMib(ls.getAvailableMemory()) != memoryMib(ws.getAvailableMemory())) {
            mask.add("service_config.available_memory");
        }
        diff(mask, "service_config.available_cpu", ls.getAvailableCpu(), ws.getAvailableCpu());
        diff(mask, "service_config.timeout_seconds", ls.getTimeoutSeconds(), ws.getTimeoutSeconds());
        diff(mask, "service_config.environment_variables", ls.getEnvironmentVariablesMap(),
                ws.getEnvironmentVariablesMap());
        diff(mask, "service_config.secret_environment_variables", ls.getSecretEnvironmentVariablesList(),
                ws.getSecretEnvironmentVariablesList());
        diff(mask, "service_config.min_instance_count", ls.getMinInstanceCount(), ws.getMinInstanceCount());
        diff(mask, "service_config.max_instance_count", ls.getMaxInstanceCount(), ws.getMaxInstanceCount());
        diff(mask, "service_config.max_instance_request_concurrency", ls.getMaxInstanceRequestConcurrency(),
                ws.getMaxInstanceRequestConcurrency());
        diff(mask, "service_config.ingress_settings", ls.getIngressSettings(), ws.getIngressSettings());
        EventTrigger lt = live.getEventTrigger();
        EventTrigger wt = want.getEventTrigger();
        // storage triggers get a transport topic from Eventarc: compare the topic only where we set one
        if (!lt.getEventType().equals(wt.getEventType())
                || (!wt.getPubsubTopic().isEmpty() && !lt.getPubsubTopic().equals(wt.getPubsubTopic()))
                || !lt.getEventFiltersList().equals(wt.getEventFiltersList())
                || (!wt.getTriggerRegion().isEmpty() && !lt.getTriggerRegion().equals(wt.getTriggerRegion()))
                || lt.getRetryPolicy() != wt.getRetryPolicy()) {
            mask.add("event_trigger");
        }
        diff(mask, "labels", live.getLabelsMap(), want.getLabelsMap());
        return mask;
    }

    /** @return the function's secret references: variable to secret name */
    static Map<String, String> secrets(Function f) {
        Map<String, String> out = new TreeMap<>();
        f.getServiceConfig().getSecretEnvironmentVariablesList().forEach(v -> out.put(v.getKey(),
                v.getSecret().substring(v.getSecret().lastIndexOf('/') + 1)));
        return out;
    }

    private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void diff(List<String> mask, String path, Object live, Object want) {
        if (!Objects.equals(live, want)) {
            mask.add(path);
        }
    }

    /**
     * @return the function whose event trigger watches from {@code region}: Eventarc wants a storage trigger in the
     *         bucket's location, lower case ("us", "eur4", "europe-west1")
     */
    static Function withTriggerRegion(Function f, String region) {
        return f.toBuilder().setEventTrigger(f.getEventTrigger().toBuilder()
                .setTriggerRegion(region.toLowerCase(Locale.ROOT))).build();
    }

    /** @return the function with the uploaded source set */
    static Function withSource(Function f, StorageSource source) {
        return f.toBuilder().setBuildConfig(f.getBuildConfig().toBuilder()
                .setSource(Source.newBuilder().setStorageSource(source))).build();
    }
}
