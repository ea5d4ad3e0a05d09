package dev.faasport.packaging;

import dev.faasport.limits.LimitTable;
import dev.faasport.runtime.json.Json;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageBuild;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.PackageLayout;
import dev.faasport.spi.Schedule;
import dev.faasport.spi.Trigger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link PackageFormat#AZURE_APP_ZIP}: one app zip per hosting plan ({@code <app>.zip} for the set's plan,
 * {@code <app>-<plan>.zip} for functions whose {@code azure.plan} option differs): {@code host.json},
 * {@code <function>/function.json}, {@code faasport-app.jar} (the classes), {@code lib/*.jar} with
 * {@code faasport-descriptor.jar}.
 * <p>
 * The Azure Functions app files: {@code host.json} and one {@code function.json} per function. Binding names and
 * data types follow the parameters of {@code dev.faasport.runtime.azure.AzureHandlers} (req, content, message,
 * timerInfo), as its {@code AzureBindings} documents; packaging does not depend on that module, so they are
 * repeated here and pinned by a test.
 */
final class AzureLayout implements PackageLayout {
    /** The class holding the Azure entry points; methods http, blob, queue, timer. */
    static final String HANDLERS = "dev.faasport.runtime.azure.AzureHandlers";
    /** The storage connection app setting Azure's own templates use. */
    static final String CONNECTION = "AzureWebJobsStorage";

    /** The function option (and set setting) choosing the hosting plan. */
    static final String PLAN = "azure.plan";
    /** The set setting naming the function app. */
    static final String APP = "azure.app";
    /** Set on units whose app name nobody chose: the provider makes such names unique (app names are global). */
    static final String APP_DEFAULTED = "azure.appDefaulted";
    /**
     * Folders of the app zip that are not functions: the Java worker puts the {@code lib} folder beside the script
     * file on the class path (Microsoft Learn, "Azure Functions Java developer guide", folder structure, read
     * 2026-12), so a function of that name would share its folder with the dependency jars. Folder names compare
     * case-insensitively, as on Windows hosts.
     */
    static final java.util.Set<String> RESERVED_FOLDERS = java.util.Set.of("lib");

    @Override
    public PackageFormat format() {
        return PackageFormat.AZURE_APP_ZIP;
    }

    /**
     * One app zip per hosting plan: Azure holds the plan (and with it memory and timeout limits) per app, so
     * functions whose azure.plan option differs from the set's go to {@code <app>-<plan>}.
     */
    @Override
    public void write(PackageBuild build) throws IOException, PackageBuild.Refused {
        String explicit = build.settings().get(APP);
        boolean explicitApp = explicit != null && !explicit.isBlank();
        String app = explicitApp ? explicit.trim() : build.setName();
        String setPlan = build.settings().get(PLAN);
        LimitTable table = LimitTable.load("azure");
        String defaultPlan = table.plan(setPlan).orElseThrow(() -> new PackageBuild.Refused("Setting " + PLAN + " '"
                + setPlan + "' of set '" + build.setName() + "' is not an Azure hosting plan, perhaps you should use"
                + " one of " + table.plans()));
        Map<String, List<FunctionSpec>> byPlan = new TreeMap<>();
        for (FunctionSpec f : build.functions()) {
            byPlan.computeIfAbsent(plan(f, setPlan), k -> new ArrayList<>()).add(f);
        }
        Path appJar = build.archive().bytes("META-INF/MANIFEST.MF", Packager.jarManifest(null)).classes("")
                .writeWork(Packager.APP_JAR);
        for (Map.Entry<String, List<FunctionSpec>> group : byPlan.entrySet()) {
            String plan = group.getKey();
            List<FunctionSpec> functions = group.getValue();
            String unitName = unitName(app, plan, defaultPlan);
            // each app's descriptor names only the functions it hosts
            Path descriptorJar = build.archive().text(PackageBuild.DESCRIPTOR, build.descriptor(functions, true))
                    .writeWork(Packager.DESCRIPTOR_JAR);
            PackageBuild.Archive a = build.archive().text("host.json", hostJson(functions));
            Map<String, Object> entryPoints = new TreeMap<>();
            for (FunctionSpec f : functions) {
                a.text(f.name() + "/function.json", functionJson(f, "../" + Packager.APP_JAR, plan));
                entryPoints.put(f.name(), entryPoint(f));
            }
            Artifact zip = a.file(Packager.APP_JAR, appJar, "faasport app classes").dependencies("lib/")
                    .adapters("lib/").file("lib/" + Packager.DESCRIPTOR_JAR, descriptorJar, "faasport descriptor")
                    .write(Packager.safeFile(unitName) + ".zip");
            Map<String, String> settings = new TreeMap<>();
            settings.put(APP, appName(unitName, explicitApp));
            if (!explicitApp) {
                // the provider names such apps <unit>-<hash of subscription, group and set>: app names are global
                settings.put(APP_DEFAULTED, "true");
            }
            settings.put(PLAN, plan);
            settings.put("azure.scriptFile", Packager.APP_JAR);
            int timeout = functions.stream().mapToInt(FunctionSpec::timeoutSeconds).max().orElse(0);
            Map<String, Object> manifest = new TreeMap<>();
            manifest.put("entryPoints", entryPoints);
            manifest.put("plan", plan);
            manifest.put("functionTimeoutSeconds", timeout);
            build.unit(unitName, functions, zip, settings, Map.of(), manifest);
        }
    }

    /**
     * @return the table's name of the function's hosting plan: its own {@code azure.plan} option, else the set's
     * @throws PackageBuild.Refused when the plan is not one Azure Functions has
     */
    static String plan(FunctionSpec f, String setPlan) throws PackageBuild.Refused {
        dev.faasport.limits.LimitTable table = dev.faasport.limits.LimitTable.load("azure");
        String own = f.options().get(PLAN);
        String p = own != null && !own.isBlank() ? own : setPlan;
        return table.plan(p).orElseThrow(() -> new PackageBuild.Refused("Function '" + f.name() + "' asks for Azure"
                + " hosting plan '" + p + "' (" + (own != null && !own.isBlank() ? "option " : "setting ") + PLAN
                + "), which Azure Functions does not have, perhaps you should use one of " + table.plans()));
    }

    /**
     * The deploy unit of an app: {@code <app>} for the set's own plan, {@code <app>-<plan>} for the others. The Azure
     * provider maps these names back to the same function apps (see {@link #appName}).
     */
    static String unitName(String app, String plan, String defaultPlan) {
        return plan.equals(defaultPlan) ? app : app + "-" + plan;
    }

    /**
     * The function app a unit deploys to, as the Azure provider derives it: the unit name itself when azure.app is
     * set (it already starts with it), else the unit name lower-cased with other characters than letters, digits and
     * '-' replaced, at most 60 characters: the base to which the provider adds a hash of subscription, resource group
     * and set (such units carry {@link #APP_DEFAULTED}), as app names are global.
     */
    static String appName(String unitName, boolean explicitApp) {
        if (explicitApp) {
            return unitName;
        }
        String r = unitName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-");
        r = r.replaceAll("^-+", "");
        if (r.length() > 60) {
            r = r.substring(0, 60);
        }
        return r.replaceAll("-+$", "");
    }

    /** host.json of one app: functionTimeout is per app, so it is the largest timeout of the app's functions. */
    static String hostJson(List<FunctionSpec> functions) {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("version", "2.0");
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("id", "Microsoft.Azure.Functions.ExtensionBundle");
        bundle.put("version", "[4.*, 5.0.0)");
        host.put("extensionBundle", bundle);
        // Azure holds queue batching per app: the largest batch and attempt count asked for by any function
        int batch = 0;
        int attempts = 0;
        for (FunctionSpec f : functions) {
            if (f.trigger() instanceof Trigger.Queue q) {
                batch = Math.max(batch, q.batchSize());
                attempts = Math.max(attempts, q.maxAttempts());
            }
        }
        if (batch > 0 || attempts > 0) {
            Map<String, Object> queues = new LinkedHashMap<>();
            if (batch > 0) queues.put("batchSize", batch);
            if (attempts > 0) queues.put("maxDequeueCount", attempts);
            host.put("extensions", Map.of("queues", queues));
        }
        int timeout = functions.stream().mapToInt(FunctionSpec::timeoutSeconds).max().orElse(0);
        if (timeout > 0) {
            host.put("functionTimeout", String.format(Locale.ROOT, "%02d:%02d:%02d",
                    timeout / 3600, (timeout / 60) % 60, timeout % 60));
        }
        return Json.writePretty(host) + "\n";
    }

    static String entryPoint(FunctionSpec f) {
        return HANDLERS + "." + method(f.trigger());
    }

    static String method(Trigger t) {
        return switch (t.kind()) {
            case "http" -> "http";
            case "storage" -> "blob";
            case "queue" -> "queue";
            case "schedule" -> "timer";
            default -> throw new IllegalArgumentException(t.kind());
        };
    }

    /**
     * @param plan the Azure hosting plan ({@code azure.plan}); Flex Consumption runs blob triggers from Event Grid
     *             only, so their binding says {@code "source": "EventGrid"} there
     */
    static String functionJson(FunctionSpec f, String scriptFile, String plan) throws PackageBuild.Refused {
        if (RESERVED_FOLDERS.contains(f.name().toLowerCase(Locale.ROOT))) {
            throw new PackageBuild.Refused("Function '" + f.name() + "' would share the app's '" + f.name().toLowerCase(Locale.ROOT)
                    + "' folder with the dependency jars the Azure Java worker loads, perhaps you should rename the function");
        }
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("scriptFile", scriptFile);
        fn.put("entryPoint", entryPoint(f));
        List<Object> bindings = new ArrayList<>();
        Trigger t = f.trigger();
        if (t instanceof Trigger.Http h) {
            Map<String, Object> in = binding("httpTrigger", "in", "req");
            in.put("authLevel", h.publicAccess() ? "anonymous" : "function");
            if (!h.methods().isEmpty()) {
                in.put("methods", h.methods().stream().map(m -> m.toLowerCase(Locale.ROOT)).toList());
            }
            in.put("route", f.name() + "/{*path}");
            in.put("dataType", "binary"); // AzureHandlers.http takes the body as bytes
            bindings.add(in);
            bindings.add(binding("http", "out", "$return"));
        } else if (t instanceof Trigger.Storage s) {
            if (s.events().contains(Trigger.StorageEventKind.DELETED)) {
                throw new PackageBuild.Refused("Function '" + f.name() + "' listens to deleted objects in bucket '"
                        + s.bucket() + "', which an Azure blob trigger cannot report (it fires on created and"
                        + " updated blobs only), perhaps you should trigger it on CREATED only for Azure");
            }
            Map<String, Object> in = binding("blobTrigger", "in", "content");
            in.put("dataType", "binary");
            in.put("path", s.bucket() + "/" + s.prefix() + "{name}" + s.suffix());
            in.put("connection", CONNECTION);
            if ("flex".equals(dev.faasport.limits.LimitTable.load("azure").plan(plan).orElse(null))) {
                in.put("source", "EventGrid");
            }
            bindings.add(in);
        } else if (t instanceof Trigger.Queue q) {
            Map<String, Object> in = binding("queueTrigger", "in", "message");
            in.put("queueName", q.queue());
            in.put("connection", CONNECTION);
            bindings.add(in);
        } else if (t instanceof Trigger.Schedule s) {
            Map<String, Object> in = binding("timerTrigger", "in", "timerInfo");
            try {
                in.put("schedule", Schedule.parse(s.expression()).in(Schedule.Dialect.NCRONTAB));
            } catch (Schedule.Refused r) {
                throw new PackageBuild.Refused(r.problem(f.name()) + ", " + r.suggestion());
            }
            bindings.add(in);
        }
        fn.put("bindings", bindings);
        return Json.writePretty(fn) + "\n";
    }

    private static Map<String, Object> binding(String type, String direction, String name) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", type);
        b.put("direction", direction);
        b.put("name", name);
        return b;
    }
}
