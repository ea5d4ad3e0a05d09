package dev.faasport.core.migrate;

import dev.faasport.core.deploy.DeployFailedException;
import dev.faasport.core.error.FaasportException;
import dev.faasport.core.error.HelpfulSuggestions;
import dev.faasport.core.model.Project;
import dev.faasport.core.error.ProviderOperationException;
import dev.faasport.core.session.Sessions;
import dev.faasport.core.session.Target;
import dev.faasport.core.deploy.DeployReport;
import dev.faasport.core.migrate.MigrationOutcome.Status;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.core.model.FunctionSet;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.limits.CheckReport;
import dev.faasport.limits.Finding;
import dev.faasport.limits.LimitChecker;
import dev.faasport.limits.LimitTable;
import dev.faasport.limits.Severity;
import dev.faasport.lockin.LockIn;
import dev.faasport.runtime.json.Json;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * faas:migrate, step by step: inventory the source, map every function to the target, report (and stop on blockers
 * or a dry run), deploy to the target with the normal deploy flow, verify both sides answer alike, and only then,
 * when asked, remove the source. Nothing but {@code list} and {@code invoke} is called on the source before the
 * cutover, so any failure leaves it as it was.
 *
 * <p>What is deployed: the project's own function set (the same sources, repackaged for the target) with the
 * mapping applied to a copy of its configuration: memory rounded up, caps applied, and environment variables that
 * only the source holds carried over. Differences between the source's live configuration and the project's are
 * reported, and the project's values win, so a user resolves a blocker by changing the configuration.
 */
public final class Migration {

    private static final int BODY_CHARS = 120;

    private final MigrationEngine faasport;
    private final ProviderConfig.Log log;

    public Migration(MigrationEngine faasport, ProviderConfig.Log log) {
        this.faasport = Objects.requireNonNull(faasport, "faasport");
        this.log = log == null ? ProviderConfig.Log.silent() : log;
    }

    /**
     * Runs the migration.
     *
     * @return the outcome (status PLANNED for a dry run, VERIFIED or CUT_OVER otherwise)
     * @throws MigrationFailedException when blockers, the deploy, a verification or the cutover stop it; its
     *                                  message names the report
     */
    public MigrationOutcome run(MigrationRequest r) {
        Project project = r.project();
        FunctionSet set = faasport.functionSet(project);
        Provider src = faasport.provider(r.from().providerId());
        Provider dst = faasport.provider(r.to().providerId());
        if (src.id().equals(dst.id()) && r.from().properties().equals(r.to().properties())) {
            throw new FaasportException(HelpfulSuggestions.migrationSameTarget(src.id()));
        }
        Map<String, SamplePayloads.Sample> samples = samples(set, r.samples());
        // what stays tied to a vendor is read from the class files, before the first remote call
        LockIn lockIn = faasport.lockIn(project, set);
        Path md = project.outputDir().resolve(MigrationReport.NAME + ".md");
        Path html = project.outputDir().resolve(MigrationReport.NAME + ".html");

        // 1. inventory: one list() on the source, nothing else until the cutover
        List<DeployedUnit> sourceUnits;
        try (ProviderSession session = open(src, r.from(), set.name())) {
            sourceUnits = list(session, src, set.name());
        }
        if (sourceUnits.isEmpty()) {
            throw new FaasportException(HelpfulSuggestions.migrationNothingDeployed(set.name(), src.id()));
        }
        Map<String, FunctionSpec> live = new LinkedHashMap<>();
        Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
        Set<String> onSource = new LinkedHashSet<>();
        for (DeployedUnit u : sourceUnits) {
            if (u.functions().isEmpty() && src.grouping() == Provider.UnitGrouping.PER_APP) {
                // an app that does not report its functions holds the project's: verification calls each of them
                for (FunctionSpec f : set.functions()) {
                    onSource.add(f.name());
                    attributes.putIfAbsent(f.name(), u.attributes());
                }
                continue;
            }
            if (u.functions().isEmpty()) {
                onSource.add(u.name());
                attributes.put(u.name(), u.attributes());
            }
            for (FunctionSpec f : u.functions()) {
                onSource.add(f.name());
                live.put(f.name(), f);
                attributes.put(f.name(), u.attributes());
            }
        }

        // 2. map
        LimitTable table = table(dst.id());
        String plan = Sessions.setting(project, r.to(), dst.id() + ".plan");
        if (plan == null) {
            plan = Sessions.setting(project, r.to(), dst.id() + ".generation");
        }
        if (table != null && plan != null && !table.plans().contains(plan.toLowerCase(Locale.ROOT))) {
            throw new FaasportException(HelpfulSuggestions.unknownPlan(dst.id(), "Unknown " + table.displayName()
                    + " plan '" + plan + "', perhaps you should use one of " + table.plans()));
        }
        TargetMapper mapper = new TargetMapper(src.id(), dst.id(), table, plan, r.capTimeouts());
        List<FunctionMigration> functions = new ArrayList<>();
        for (FunctionSpec f : set.functions()) {
            functions.add(mapper.map(f, live.get(f.name()), attributes.get(f.name())));
        }
        for (String name : onSource) {
            if (set.function(name).isEmpty()) {
                functions.add(mapper.sourceOnly(live.get(name), name));
            }
        }
        // the target's plan chosen on the command line is packaged into the units, as a deploy to it would do
        Map<String, String> planSettings = new LinkedHashMap<>();
        for (String key : List.of(dst.id() + ".plan", dst.id() + ".generation")) {
            String v = r.to().properties().get(key);
            if (v != null && !v.isBlank()) {
                planSettings.put(key, v.trim());
            }
        }
        Project mapped = mappedProject(project, set.name(), functions, planSettings);
        List<String> setBlockers = checkOnTarget(mapped, dst, table, mapper.plan(), functions);
        setBlockers.addAll(missingSecrets(dst, r.to(), set));

        // 3. report before acting
        boolean blocked = !setBlockers.isEmpty() || functions.stream().anyMatch(FunctionMigration::blocked);
        Outcome o = new Outcome(set.name(), src.id(), dst.id(), mapper.plan(), functions, setBlockers, md, html,
                lockIn);
        if (blocked) {
            MigrationOutcome out = o.finish(Status.BLOCKED);
            throw new MigrationFailedException(HelpfulSuggestions.migrationBlocked(set.name(), dst.id(),
                    out.blockers().size(), md), out, null);
        }
        if (r.dryRun()) {
            log.info("faas.dryRun: nothing was deployed");
            return o.finish(Status.PLANNED);
        }

        // 4. deploy with the normal flow (package, check, plan, apply)
        try {
            o.deploy = faasport.deploy(mapped, r.to(), r.options(), r.listener());
        } catch (FaasportException e) {
            o.deploy = e instanceof DeployFailedException d ? d.report() : null;
            o.failure = e.getMessage();
            o.listTarget(dst, r.to());
            MigrationOutcome out = o.finish(Status.DEPLOY_FAILED);
            throw new MigrationFailedException(HelpfulSuggestions.migrationDeployFailed(set.name(), dst.id(),
                    firstLine(e.getMessage()), md), out, e);
        }

        // 5. verify: same request to both sides, compare status and body
        o.verifications = verify(src, dst, r, set.name(), functions, onSource, samples);
        o.listTarget(dst, r.to());
        List<String> failed = o.verifications.stream().filter(v -> v.result() == Verification.Result.FAILED)
                .map(Verification::function).toList();
        if (!failed.isEmpty()) {
            MigrationOutcome out = o.finish(Status.VERIFICATION_FAILED);
            throw new MigrationFailedException(HelpfulSuggestions.migrationVerificationFailed(set.name(), failed,
                    r.cutover(), md), out, null);
        }
        if (!r.cutover()) {
            log.info("Every function answers alike on " + dst.id() + "; the source on " + src.id() + " is untouched "
                    + "(pass -Dfaas.cutover=true to remove it)");
            return o.finish(Status.VERIFIED);
        }

        // 6. cutover: only now is the source modified
        try {
            o.cutover = faasport.remove(r.from(), set.name(), r.options(), r.listener());
        } catch (FaasportException e) {
            o.cutover = e instanceof DeployFailedException d ? d.report() : null;
            o.failure = e.getMessage();
            MigrationOutcome out = o.finish(Status.CUTOVER_FAILED);
            throw new MigrationFailedException(HelpfulSuggestions.migrationCutoverFailed(set.name(), src.id(),
                    firstLine(e.getMessage()), md), out, e);
        }
        return o.finish(Status.CUT_OVER);
    }

    // ---- steps --------------------------------------------------------------------------------------------------------

    /** Resolves every configured sample before anything happens, so a bad one fails first. */
    private static Map<String, SamplePayloads.Sample> samples(FunctionSet set, Map<String, String> raw) {
        List<String> names = set.functions().stream().map(FunctionSpec::name).toList();
        for (String fn : raw.keySet()) {
            if (!names.contains(fn)) {
                throw new FaasportException(HelpfulSuggestions.migrationUnknownSample(fn, names));
            }
        }
        Map<String, SamplePayloads.Sample> out = new LinkedHashMap<>();
        for (FunctionSpec f : set.functions()) {
            out.put(f.name(), SamplePayloads.sample(f, raw.get(f.name()), null));
        }
        return out;
    }

    /**
     * References travel, values never: every secret the set references must already be in the target's store, which
     * only the user can fill. One session call per secret, and none for a set without references.
     */
    private List<String> missingSecrets(Provider dst, Target to, FunctionSet set) {
        Map<String, String> usedBy = new java.util.TreeMap<>();
        set.functions().forEach(f -> f.secrets().forEach((variable, secret) ->
                usedBy.putIfAbsent(secret, "function '" + f.name() + "', variable " + variable)));
        List<String> blockers = new ArrayList<>();
        if (usedBy.isEmpty()) {
            return blockers;
        }
        try (ProviderSession session = open(dst, to, set.name())) {
            for (Map.Entry<String, String> e : usedBy.entrySet()) {
                java.util.Optional<String> store = dst.secretStore(e.getKey());
                java.util.Optional<Boolean> exists = store.isEmpty() ? java.util.Optional.of(false)
                        : session.secretExists(e.getKey());
                if (exists.isEmpty() || !exists.get()) {
                    blockers.add(HelpfulSuggestions.migrationSecretMissing(e.getKey(), e.getValue(), dst.displayName(),
                            store.orElse(null), exists.isEmpty()));
                }
            }
        } catch (ProviderException e) {
            throw new ProviderOperationException("Checking the secrets the set references", dst.id(), e);
        }
        return blockers;
    }

    /** Packages the mapped set for the target (local files only) and checks it against the target's limits. */
    private List<String> checkOnTarget(Project mapped, Provider dst, LimitTable table, String plan,
                                       List<FunctionMigration> functions) {
        List<String> blockers = new ArrayList<>();
        if (mapped == null) {
            return blockers;
        }
        List<DeployUnit> units;
        try {
            units = faasport.packageUnits(mapped, dst.id());
        } catch (FaasportException e) {
            blockers.add("Packaging for " + dst.id() + " failed: " + e.getMessage());
            return blockers;
        }
        if (table == null) {
            return blockers;
        }
        CheckReport report = new LimitChecker().check(dst.id(), plan, units, Map.of());
        for (Finding f : report.withSeverity(Severity.VIOLATION)) {
            if (alreadyBlocked(functions, f)) {
                continue;
            }
            blockers.add(f.message());
        }
        return blockers;
    }

    /** The mapper already reported memory and timeout blockers with their fixes; the checker would repeat them. */
    private static boolean alreadyBlocked(List<FunctionMigration> functions, Finding f) {
        if (f.key().equals("app.timeout.seconds")) {
            // Azure's app-wide functionTimeout is the largest function timeout: the function's blocker names it
            return functions.stream().anyMatch(m -> m.blockers().stream().anyMatch(b -> b.field().equals("timeout")));
        }
        String field = f.key().equals("memory.mb") ? "memory" : f.key().equals("timeout.seconds") ? "timeout" : null;
        return field != null && functions.stream().anyMatch(m -> m.name().equals(f.function())
                && m.blockers().stream().anyMatch(b -> b.field().equals(field)));
    }

    private List<Verification> verify(Provider src, Provider dst, MigrationRequest r, String setName,
                                      List<FunctionMigration> functions, Set<String> onSource,
                                      Map<String, SamplePayloads.Sample> samples) {
        List<Verification> out = new ArrayList<>();
        try (ProviderSession source = open(src, r.from(), setName);
             ProviderSession target = open(dst, r.to(), setName)) {
            for (FunctionMigration f : functions) {
                if (f.target() == null) {
                    continue;
                }
                SamplePayloads.Sample sample = samples.get(f.name());
                if (!onSource.contains(f.name())) {
                    out.add(new Verification(f.name(), sample.label(), 0, null, 0, null, Verification.Result.SKIPPED,
                            "not deployed on " + src.id()));
                    continue;
                }
                out.add(compare(f.name(), sample, source, target, src.id(), dst.id(),
                        !(f.target().trigger() instanceof Trigger.Http)));
            }
        }
        for (Verification v : out) {
            String line = "verify " + v.function() + " (" + v.request() + "): "
                    + v.result().name().toLowerCase(Locale.ROOT) + (v.detail() == null ? "" : " - " + v.detail());
            if (v.result() == Verification.Result.FAILED) {
                log.warn(line);
            } else {
                log.info(line);
            }
        }
        return out;
    }

    /**
     * @param event an event function: it returns nothing, so what a platform answers for a delivery it handled is
     *              the platform's own acknowledgement (Lambda's adapter writes a JSON status, the Functions Framework
     *              nothing); only the status is compared, and a function that throws fails it on either side
     */
    static Verification compare(String fn, SamplePayloads.Sample sample, ProviderSession source,
                                ProviderSession target, String srcId, String dstId, boolean event) {
        InvocationResult a;
        InvocationResult b;
        try {
            a = source.invoke(fn, sample.invocation());
        } catch (ProviderException | RuntimeException e) {
            return new Verification(fn, sample.label(), 0, null, 0, null, Verification.Result.FAILED,
                    "invoking it on " + srcId + " failed: " + e.getMessage());
        }
        try {
            b = target.invoke(fn, sample.invocation());
        } catch (ProviderException | RuntimeException e) {
            return new Verification(fn, sample.label(), a.status(), shorten(a), 0, null, Verification.Result.FAILED,
                    "invoking it on " + dstId + " failed: " + e.getMessage());
        }
        String detail = null;
        if (event && a.status() / 100 == 2 && b.status() / 100 == 2) {
            detail = null; // both handled the delivery; the bodies are the platforms' acknowledgements
        } else if (a.status() != b.status()) {
            detail = "status differs: " + a.status() + " on " + srcId + ", " + b.status() + " on " + dstId;
        } else if (!sameBody(a.body(), b.body())) {
            detail = "the bodies differ";
        } else if (a.status() >= 500) {
            detail = "both sides failed with " + a.status() + ", which proves nothing, perhaps you should configure a"
                    + " sample payload for it";
        }
        return new Verification(fn, sample.label(), a.status(), shorten(a), b.status(), shorten(b),
                detail == null ? Verification.Result.PASSED : Verification.Result.FAILED, detail);
    }

    /** Bytes equal, or both JSON with equal values (member order and spacing do not matter). */
    static boolean sameBody(byte[] a, byte[] b) {
        if (Arrays.equals(a, b)) {
            return true;
        }
        try {
            return Objects.equals(Json.parse(new String(a, StandardCharsets.UTF_8)),
                    Json.parse(new String(b, StandardCharsets.UTF_8)));
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private static String shorten(InvocationResult r) {
        String s = r.bodyAsString();
        return s.length() <= BODY_CHARS ? s : s.substring(0, BODY_CHARS) + "...";
    }

    // ---- the mapped configuration ----------------------------------------------------------------------------------

    /** @return the project with a configuration that declares every mapped function explicitly, or null if none */
    static Project mappedProject(Project p, String setName, List<FunctionMigration> functions,
                                 Map<String, String> settings) {
        List<FunctionConfig> configs = new ArrayList<>();
        for (FunctionMigration f : functions) {
            // a blocked function is packaged as configured, so the limit check still sees it; one whose trigger or
            // schedule the target cannot express is left out: packaging it would only repeat the blocker (or push
            // an image that can never be deployed)
            boolean unexpressible = f.blockers().stream().anyMatch(x -> x.field().equals("schedule")
                    || x.field().equals("trigger"));
            FunctionSpec s = f.target() != null ? f.target() : unexpressible ? null : f.project();
            if (s != null) {
                configs.add(config(s));
            }
        }
        if (configs.isEmpty()) {
            return null;
        }
        return new Project(new FunctionSetConfig(setName, null, configs), p.classes(), p.classesDir(),
                p.dependencies(), p.adapterJars(), p.outputDir(), p.timestamp(), p.sharedLayer(), merged(p.settings(),
                settings));
    }

    private static Map<String, String> merged(Map<String, String> base, Map<String, String> over) {
        Map<String, String> out = new LinkedHashMap<>(base);
        out.putAll(over);
        return out;
    }

    static FunctionConfig config(FunctionSpec s) {
        FunctionConfig c = new FunctionConfig(s.name(), s.handler());
        Trigger t = s.trigger();
        c.setTrigger(t.kind());
        if (t instanceof Trigger.Http h) {
            c.setMethods(h.methods().isEmpty() ? null : h.methods());
            c.setPublicAccess(h.publicAccess() ? Boolean.TRUE : null);
        } else if (t instanceof Trigger.Storage st) {
            c.setBucket(st.bucket());
            c.setEvents(st.events().stream().map(e -> e.name().toLowerCase(Locale.ROOT)).sorted().toList());
            c.setPrefix(st.prefix().isEmpty() ? null : st.prefix());
            c.setSuffix(st.suffix().isEmpty() ? null : st.suffix());
        } else if (t instanceof Trigger.Queue q) {
            c.setQueue(q.queue());
            c.setBatchSize(q.batchSize());
            c.setMaxAttempts(q.maxAttempts());
        } else {
            c.setSchedule(((Trigger.Schedule) t).expression());
        }
        c.setMemoryMb(s.memoryMb());
        c.setTimeoutSeconds(s.timeoutSeconds());
        // references travel as references: the target's provider maps them to its own store
        Map<String, String> env = new java.util.TreeMap<>(s.environment());
        s.secrets().forEach((variable, secret) -> env.put(variable, FunctionSpec.SECRET_PREFIX + secret));
        c.setEnvironment(env);
        c.setMaxConcurrency(s.maxConcurrency());
        c.setMinInstances(s.minInstances());
        c.setPackageType(s.packageType().name().toLowerCase(Locale.ROOT));
        c.setOptions(s.options().isEmpty() ? null : s.options());
        return c;
    }

    // ---- shared helpers ---------------------------------------------------------------------------------------------

    private ProviderSession open(Provider provider, Target target, String setName) {
        return faasport.open(provider, target, setName);
    }

    private static List<DeployedUnit> list(ProviderSession session, Provider provider, String setName) {
        return Sessions.list(session, provider, setName);
    }

    private static LimitTable table(String providerId) {
        try {
            return LimitTable.load(providerId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String m = message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl) + " ...";
    }

    /** The outcome as it grows, written to the report at every stop. */
    private final class Outcome {
        final String setName;
        final String sourceId;
        final String targetId;
        final String plan;
        final List<FunctionMigration> functions;
        final List<String> setBlockers;
        final Path md;
        final Path html;
        final LockIn lockIn;
        DeployReport deploy;
        DeployReport cutover;
        String failure;
        List<Verification> verifications = List.of();
        List<DeployedUnit> targetUnits = List.of();
        boolean targetListed;

        Outcome(String setName, String sourceId, String targetId, String plan, List<FunctionMigration> functions,
                List<String> setBlockers, Path md, Path html, LockIn lockIn) {
            this.setName = setName;
            this.sourceId = sourceId;
            this.targetId = targetId;
            this.plan = plan;
            this.functions = functions;
            this.setBlockers = setBlockers;
            this.md = md;
            this.html = html;
            this.lockIn = lockIn;
        }

        /** Lists the target after a step, so the report says exactly what exists there. */
        void listTarget(Provider dst, Target to) {
            try (ProviderSession session = open(dst, to, setName)) {
                targetUnits = list(session, dst, setName);
                targetListed = true;
            } catch (RuntimeException e) {
                log.warn("Could not list " + dst.id() + " after the failure: " + e.getMessage());
                targetListed = false;
            }
        }

        MigrationOutcome finish(Status status) {
            MigrationOutcome out = new MigrationOutcome(status, setName, sourceId, targetId, plan, functions,
                    setBlockers, deploy, failure, verifications, targetUnits, targetListed, cutover, md, html, lockIn);
            String text = MigrationReport.markdown(out);
            if (status == Status.BLOCKED || status == Status.DEPLOY_FAILED || status == Status.VERIFICATION_FAILED
                    || status == Status.CUTOVER_FAILED) {
                log.warn(text);
            } else {
                log.info(text);
            }
            try {
                MigrationReport.write(out);
            } catch (IOException e) {
                throw new FaasportException(HelpfulSuggestions.reportUnwritable(md.toString(), e), e);
            }
            log.info("Migration report: " + md + " and " + html);
            return out;
        }
    }
}
