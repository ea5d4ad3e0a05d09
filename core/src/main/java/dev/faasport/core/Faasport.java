package dev.faasport.core;

import dev.faasport.core.deploy.DeployEngine;
import dev.faasport.core.deploy.DeployFailedException;
import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.deploy.DeployReport;
import dev.faasport.core.deploy.ProgressListener;
import dev.faasport.core.error.ConfigurationException;
import dev.faasport.core.error.DoctorFailedException;
import dev.faasport.core.error.FaasportException;
import dev.faasport.core.error.HelpfulSuggestions;
import dev.faasport.core.error.Overridden;
import dev.faasport.core.error.ProviderOperationException;
import dev.faasport.core.migrate.Migration;
import dev.faasport.core.migrate.MigrationEngine;
import dev.faasport.core.model.FunctionSet;
import dev.faasport.core.model.FunctionSets;
import dev.faasport.core.model.Project;
import dev.faasport.core.plan.DeployPlan;
import dev.faasport.core.plan.Planner;
import dev.faasport.core.session.Providers;
import dev.faasport.core.session.Sessions;
import dev.faasport.core.session.Target;
import dev.faasport.cost.CostCalculator;
import dev.faasport.cost.PlanEstimate;
import dev.faasport.cost.Prices;
import dev.faasport.cost.Workload;
import dev.faasport.limits.CheckReport;
import dev.faasport.limits.CheckReports;
import dev.faasport.limits.LimitChecker;
import dev.faasport.limits.LimitTable;
import dev.faasport.lockin.LockIn;
import dev.faasport.lockin.LockInScanner;
import dev.faasport.lockin.Tie;
import dev.faasport.lockin.VendorApi;
import dev.faasport.packaging.PackageRequest;
import dev.faasport.packaging.PackageResult;
import dev.faasport.packaging.Packager;
import dev.faasport.packaging.PackagingException;
import dev.faasport.runtime.json.Json;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.core.plan.UnitChange;
import dev.faasport.spi.Rollback;
import dev.faasport.spi.RuntimeHost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one entry point the Mojos call: each goal is one method taking an immutable request. User errors surface as
 * {@link FaasportException}s whose messages say what to do; progress goes to the {@link ProviderConfig.Log} given
 * here. No Maven API: the same calls serve a Gradle plugin or a test.
 */
public final class Faasport {

    /** Name of the check reports written under the project's output directory. */
    public static final String CHECK_REPORT = "check-report";

    private final ProviderConfig.Log log;
    private final ClassLoader providerLoader;
    private final Packager packager;
    private final LimitChecker checker = new LimitChecker();
    private final LockInScanner lockInScanner = new LockInScanner();
    private final DeployEngine engine = new DeployEngine();
    /** command-line properties the build file's configuration overrides: a goal that deletes refuses them */
    private List<Overridden> overridden = List.of();
    private final java.util.concurrent.atomic.AtomicBoolean overriddenTold = new java.util.concurrent.atomic.AtomicBoolean();

    /** Finds providers on the context class loader. */
    public Faasport(ProviderConfig.Log log) {
        this(log, Providers.defaultLoader());
    }

    /** @param providerLoader where {@code META-INF/services/dev.faasport.spi.Provider} entries are looked up */
    public Faasport(ProviderConfig.Log log, ClassLoader providerLoader) {
        this(log, providerLoader, new Packager());
    }

    /**
     * @param packager the packager to use, e.g. one whose image builder has registry credentials from the build
     *                 tool's settings
     */
    public Faasport(ProviderConfig.Log log, ClassLoader providerLoader, Packager packager) {
        this.log = log == null ? ProviderConfig.Log.silent() : log;
        this.providerLoader = providerLoader;
        this.packager = packager;
    }

    /**
     * @param overridden command-line properties the build tool's configuration overrides (Maven lets the POM win):
     *                   goals warn about them, and a goal that deletes (remove, a migration's cutover, a deploy
     *                   whose plan deletes) refuses to run
     * @return a facade like this one that knows them
     */
    public Faasport withOverridden(List<Overridden> overridden) {
        Faasport f = new Faasport(log, providerLoader, packager);
        f.overridden = List.copyOf(overridden);
        return f;
    }

    /** @return the provider with this id (null: the default, local) */
    public Provider provider(String id) {
        return Providers.find(id, providerLoader);
    }

    /** @return every provider on the classpath */
    public List<Provider> providers() {
        return Providers.available(providerLoader);
    }

    /** Validates the configuration (discovering functions when none is declared). */
    public FunctionSet functionSet(Project project) {
        return FunctionSets.build(project.config(), project.classes(), project.classesDir());
    }

    // ---- package and check -------------------------------------------------------------------------------------

    /** faas:package: one package per provider, under {@code outputDir/<providerId>/}. */
    public Map<String, PackageResult> packageSet(Requests.PackageSet request) {
        FunctionSet set = functionSet(request.project());
        Map<String, PackageResult> out = new LinkedHashMap<>();
        for (String id : request.providerIds()) {
            Provider provider = provider(id);
            PackageResult result = pack(request.project(), set, provider, null);
            log.info(provider.displayName() + ": " + (result.upToDate() ? "packages up to date, nothing written"
                    : result.units().size() + " unit(s) packaged under " + request.project().outputDir().resolve(id)));
            out.put(id, result);
        }
        return out;
    }

    /**
     * The vendor services each function calls, read from the class files its handler reaches and the dependencies
     * they call: no class is loaded and nothing remote is asked.
     */
    public LockIn lockIn(Project project, FunctionSet set) {
        Map<String, String> handlers = new LinkedHashMap<>();
        set.functions().forEach(f -> handlers.put(f.name(), f.handler()));
        try {
            return lockInScanner.scan(project.classesDir(), project.dependencies(), handlers);
        } catch (PackagingException e) {
            throw new PackagingFailedException(e.getMessage(), e);
        }
    }

    /** faas:check: package for each provider, check every unit against its limits, write the reports. */
    public CheckOutcome check(Requests.Check request) {
        FunctionSet set = functionSet(request.project());
        Map<String, List<DeployUnit>> units = new LinkedHashMap<>();
        Map<String, Map<String, Long>> live = new LinkedHashMap<>();
        for (String id : request.providerIds()) {
            preflight(request.project(), request.target(), set, provider(id));
        }
        LockIn lockIn = lockIn(request.project(), set);
        checkBeforePushingImages(request.project(), request.target(), set, request.providerIds(), request.failOn(),
                true, lockIn);
        for (String id : request.providerIds()) {
            Provider provider = provider(id);
            units.put(id, pack(request.project(), set, provider, request.target()).units());
            if (request.live()) {
                live.put(id, liveLimits(provider, request.target(), set.name()));
            }
        }
        CheckOutcome outcome = checkUnits(request.project(), request.target(), units, live, true, lockIn);
        if (outcome.markdown() != null) {
            log.info("faas: check report written to " + outcome.markdown() + " and " + outcome.html().getFileName());
        }
        if (outcome.fails(request.failOn())) {
            throw new CheckFailedException(outcome, request.failOn()); // its message holds the matrix
        }
        log.info(outcome.render());
        warnLockIn(lockIn, outcome.providers());
        return outcome;
    }

    /** Information, a warning at most: what does not work at all on a checked target that is not its vendor's. */
    private void warnLockIn(LockIn lockIn, List<String> providers) {
        lockIn.functions().forEach((function, ties) -> {
            for (Tie t : ties) {
                for (String p : providers) {
                    if (t.api().kind() == VendorApi.Kind.PLATFORM && !t.api().vendor().equals(p)) {
                        log.warn(HelpfulSuggestions.lockedIn(function, lockIn.consequence(t, p), t.evidence(),
                                lockIn.fix(t, p)));
                    }
                }
            }
        });
    }

    // ---- plan and deploy ---------------------------------------------------------------------------------------

    /** faas:plan: package, read what the target holds, and diff. Changes nothing on the target. */
    public DeployPlan plan(Requests.Plan request) {
        FunctionSet set = functionSet(request.project());
        Provider provider = provider(request.target().providerId());
        preflight(request.project(), request.target(), set, provider);
        PackageResult packaged = pack(request.project(), set, provider, request.target());
        try (ProviderSession session = open(provider, request.target(), set.name())) {
            DeployPlan plan = Planner.plan(set.name(), packaged.units(), list(session, provider));
            log.info(plan.render());
            verify(session, provider, plan); // reads only: a plan the target would refuse fails here already
            return plan;
        }
    }

    /**
     * faas:deploy: package, check (failing on violations unless skipped), read the target, plan, apply, report.
     *
     * @throws CheckFailedException  before any change when the set does not fit the target
     * @throws DeployFailedException when some units failed (the others are deployed; the report says which)
     */
    public DeployOutcome deploy(Requests.Deploy request) {
        FunctionSet set = functionSet(request.project());
        Provider provider = provider(request.target().providerId());
        preflight(request.project(), request.target(), set, provider);
        if (!request.skipCheck()) {
            checkBeforePushingImages(request.project(), request.target(), set, List.of(provider.id()),
                    request.failOn(), false, null);
        }
        PackageResult packaged = pack(request.project(), set, provider, request.target());
        if (!request.skipCheck()) {
            // the built-in table first, so a set that cannot fit fails before any remote call (or runtime start)
            CheckOutcome offline = checkUnits(request.project(), request.target(),
                    Map.of(provider.id(), packaged.units()), Map.of(), false, null);
            if (offline.fails(request.failOn())) {
                throw new CheckFailedException(offline, request.failOn());
            }
        }
        try (ProviderSession session = open(provider, request.target(), set.name())) {
            CheckOutcome check = null;
            if (!request.skipCheck()) {
                Map<String, Long> live;
                try {
                    live = liveLimits(session, provider);
                } catch (ProviderException notLoggedIn) {
                    // the deploy's next call fails with the same login error, said once, with its fix: no warning first
                    log.debug(HelpfulSuggestions.liveLimitsUnavailable(provider.id(), notLoggedIn));
                    live = Map.of();
                }
                check = checkUnits(request.project(), request.target(), Map.of(provider.id(), packaged.units()),
                        Map.of(provider.id(), live), false, null);
                if (check.fails(request.failOn())) {
                    throw new CheckFailedException(check, request.failOn());
                }
                if (check.reports().stream().anyMatch(r -> r.hasWarnings())) {
                    log.warn(check.render());
                } else if (!check.reports().isEmpty()) {
                    log.info("Limit check: every function fits " + provider.displayName());
                    CheckReports.runtimes(check.reports()).forEach(log::info);
                }
            }
            DeployPlan plan = Planner.plan(set.name(), packaged.units(), list(session, provider));
            verify(session, provider, plan);
            List<String> deletes = plan.ofKind(UnitChange.Kind.DELETE).stream().map(UnitChange::name).toList();
            if (!deletes.isEmpty()) {
                refuseOverridden("faas:deploy deletes '" + String.join("', '", deletes) + "'");
            }
            return new DeployOutcome(packaged, check, plan, applyOrFail(session, plan, request.options(),
                    request.listener()));
        }
    }

    /**
     * Deploys units that were packaged elsewhere (migration, tests): plan against the target and apply, no check.
     *
     * @throws DeployFailedException when some units failed
     */
    public DeployReport deployUnits(Target target, String setName, List<DeployUnit> units, DeployOptions options,
                                    ProgressListener listener) {
        Provider provider = provider(target.providerId());
        List<FunctionSpec> functions = units.stream().flatMap(u -> u.functions().stream()).toList();
        List<ConfigurationException.Problem> problems = Preflight.names(provider.id(),
                target.properties().get(provider.id() + ".plan"), functions);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(setName, problems);
        }
        try (ProviderSession session = open(provider, target, setName)) {
            DeployPlan plan = Planner.plan(setName, units, list(session, provider));
            verify(session, provider, plan);
            return applyOrFail(session, plan, options == null ? DeployOptions.defaults() : options, listener);
        }
    }

    /** What only the target can tell about the units that change (a queue's attributes) fails before any change. */
    private static void verify(ProviderSession session, Provider provider, DeployPlan plan) {
        List<DeployUnit> changing = plan.changes().stream().filter(c -> c.desired() != null
                && c.kind() != dev.faasport.core.plan.UnitChange.Kind.UNCHANGED).map(dev.faasport.core.plan.UnitChange::desired).toList();
        if (changing.isEmpty()) {
            return;
        }
        try {
            session.verify(changing);
        } catch (ProviderException e) {
            throw new ProviderOperationException("Checking the set against " + provider.displayName(), provider.id(), e);
        }
    }

    private DeployReport applyOrFail(ProviderSession session, DeployPlan plan, DeployOptions options,
                                     ProgressListener listener) {
        DeployReport report = apply(session, plan, options, listener);
        if (!report.succeeded()) {
            throw new DeployFailedException(failures(report) + HelpfulSuggestions.deployFailed(plan.setName(),
                    report.failures().size(), report.results().size()), report);
        }
        return report;
    }

    /** @return one line per failed unit; the full table was logged already */
    private static String failures(DeployReport report) {
        StringBuilder sb = new StringBuilder();
        report.failures().forEach(r -> sb.append(r.name()).append(": ").append(r.message()).append('\n'));
        return sb.toString();
    }

    private DeployReport apply(ProviderSession session, DeployPlan plan, DeployOptions options,
                               ProgressListener listener) {
        log.info(plan.render());
        DeployReport report = engine.apply(session, plan, options,
                listener == null ? ProgressListener.logTo(log) : listener);
        log.info(report.render());
        return report;
    }

    // ---- operate -----------------------------------------------------------------------------------------------

    /** faas:info: what the target holds for the set, with URLs. */
    public Inventory info(Requests.Info request) {
        Provider provider = provider(request.target().providerId());
        try (ProviderSession session = open(provider, request.target(), request.setName())) {
            Inventory inventory = new Inventory(provider.id(), provider.displayName(), request.setName(),
                    list(session, provider).stream().filter(u -> inSet(u, request.setName())).toList());
            log.info(inventory.render());
            return inventory;
        }
    }

    /** faas:invoke: calls one deployed function. */
    public InvocationResult invoke(Requests.Invoke request) {
        Provider provider = provider(request.target().providerId());
        try (ProviderSession session = open(provider, request.target(), request.setName())) {
            requireDeployed(session, provider, request.setName(), request.function());
            try {
                return session.invoke(request.function(), request.invocation());
            } catch (ProviderException e) {
                throw new ProviderOperationException("Invoking function '" + request.function() + "'", provider.id(), e);
            }
        }
    }

    /** faas:logs: the function's most recent log lines. */
    public List<String> logs(Requests.Logs request) {
        Provider provider = provider(request.target().providerId());
        try (ProviderSession session = open(provider, request.target(), request.setName())) {
            requireDeployed(session, provider, request.setName(), request.function());
            try {
                return session.logs(request.function(), request.maxLines());
            } catch (ProviderException e) {
                throw new ProviderOperationException("Reading the logs of function '" + request.function() + "'",
                        provider.id(), e);
            }
        }
    }

    /**
     * faas:logs with follow: prints the function's recent lines to {@code out}, then every {@code poll} the lines that
     * arrived since, until the calling thread is interrupted (Ctrl-C). One session serves the whole tail.
     */
    public void followLogs(Requests.Logs request, java.time.Duration poll, java.util.function.Consumer<String> out) {
        Provider provider = provider(request.target().providerId());
        try (ProviderSession session = open(provider, request.target(), request.setName())) {
            List<String> previous = List.of();
            while (!Thread.currentThread().isInterrupted()) {
                List<String> current = session.logs(request.function(), request.maxLines());
                LogTail.newLines(previous, current).forEach(out);
                previous = current;
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } catch (ProviderException e) {
            throw new ProviderOperationException("Following the logs of function '" + request.function() + "'",
                    provider.id(), e);
        }
    }

    /**
     * faas:rollback: moves deployed functions back to their previous version (or to {@code version}) without
     * redeploying, on targets whose sessions implement {@link Rollback}.
     *
     * @return the provider's lines, one per function moved (logged too)
     */
    public List<String> rollback(Requests.Rollback request) {
        if (request.version() != null && request.function() == null) {
            throw new FaasportException(HelpfulSuggestions.rollbackVersionWithoutFunction(request.version()));
        }
        Provider provider = provider(request.target().providerId());
        try (ProviderSession session = open(provider, request.target(), request.setName())) {
            if (!(session instanceof Rollback rollback)) {
                throw new FaasportException(HelpfulSuggestions.rollbackUnsupported(provider.displayName(),
                        provider.id()));
            }
            List<DeployedUnit> units = list(session, provider).stream()
                    .filter(u -> request.setName().equals(u.setName()))
                    .filter(u -> request.function() == null || named(u, request.function())).toList();
            if (units.isEmpty()) {
                throw new FaasportException(HelpfulSuggestions.nothingToRollBack(request.setName(), request.function(),
                        provider.displayName()));
            }
            List<String> lines = new ArrayList<>();
            for (DeployedUnit unit : units) {
                for (String line : rollback.rollback(unit, request.version())) {
                    log.info(line);
                    lines.add(line);
                }
            }
            return lines;
        } catch (ProviderException e) {
            throw new ProviderOperationException("Rolling back", provider.id(), e);
        }
    }

    private static boolean named(DeployedUnit unit, String function) {
        return unit.name().equals(function) || unit.functions().stream().anyMatch(f -> f.name().equals(function))
                || unit.endpoints().containsKey(function);
    }

    /**
     * faas:cost: the set's monthly cost per vendor and plan, from what the target measured (durations, memory) or
     * from the request's figures; logged, and written as JSON when the request names a file.
     */
    public CostOutcome cost(Requests.Cost request) {
        if (request.invocationsPerMonth() < 0) {
            throw new FaasportException(HelpfulSuggestions.negativeInvocations(request.invocationsPerMonth()));
        }
        Prices prices = Prices.builtIn();
        for (String plan : request.plans()) {
            try {
                prices.plan(plan);
            } catch (IllegalArgumentException e) {
                throw new FaasportException("faas.costPlans: " + e.getMessage());
            }
        }
        List<Workload> workloads = new ArrayList<>();
        boolean given = request.durationMs() != null && request.memoryMb() != null;
        if (given) {
            workloads.add(new Workload(request.setName(), request.invocationsPerMonth(), request.durationMs(),
                    request.memoryMb(), 0));
        } else {
            for (DeployedUnit unit : info(new Requests.Info(request.target(), request.setName())).units()) {
                Map<String, String> a = unit.attributes();
                for (FunctionSpec spec : unit.functions()) {
                    if (request.durationMs() == null && number(a.get("invocations")) <= 0) {
                        log.warn(HelpfulSuggestions.costNeverInvoked(spec.name()));
                        continue;
                    }
                    workloads.add(new Workload(spec.name(), request.invocationsPerMonth(),
                            request.durationMs() != null ? request.durationMs() : number(a.get("durationMeanMs")),
                            request.memoryMb() != null ? request.memoryMb() : spec.memoryMb(),
                            Math.max(0, number(a.get("maxMemoryUsedMb")))));
                }
            }
        }
        if (workloads.isEmpty()) {
            throw new FaasportException(HelpfulSuggestions.costNothingMeasured(request.setName()));
        }
        List<PlanEstimate> estimates = new CostCalculator(prices).estimateAll(workloads);
        if (!request.plans().isEmpty()) {
            estimates = estimates.stream().filter(e -> request.plans().contains(e.plan().id())).toList();
        }
        log.info("faas: monthly cost at " + request.invocationsPerMonth() + " invocations per function ("
                + (given ? request.durationMs() + " ms, " + request.memoryMb() + " MB as given"
                : "durations and memory measured on the local runtime")
                + "):\n" + CostCalculator.render(estimates, prices.asOf()));
        Path output = request.output();
        if (output != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("set", request.setName());
            json.put("asOf", prices.asOf());
            json.put("workloads", workloads.stream().map(w -> Map.of("function", w.function(), "invocationsPerMonth",
                    w.invocationsPerMonth(), "durationMs", w.durationMs(), "memoryMb", w.memoryMb(),
                    "measuredMemoryMb", w.measuredMemoryMb())).toList());
            json.put("estimates", estimates.stream().map(PlanEstimate::toJson).toList());
            try {
                Files.createDirectories(output.toAbsolutePath().getParent());
                Files.writeString(output, Json.writePretty(json));
            } catch (IOException e) {
                throw new FaasportException(HelpfulSuggestions.reportUnwritable(output.toString(), e), e);
            }
            log.info("faas: estimate written to " + output);
        }
        return new CostOutcome(workloads, estimates, prices.asOf(), output);
    }

    private static double number(String s) {
        try {
            return s == null ? -1 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * faas:upload: puts a file into a bucket of the runtime on this machine, which fires the functions subscribed to
     * it; only providers that run functions here ({@link RuntimeHost}) have such buckets.
     */
    public RuntimeHost.Upload upload(Requests.Upload request) {
        Provider provider = provider(request.target().providerId());
        if (!(provider instanceof RuntimeHost host)) {
            throw new FaasportException(HelpfulSuggestions.uploadNeedsLocalRuntime(provider.id()));
        }
        if (request.file() == null || !Files.isRegularFile(request.file())) {
            throw new FaasportException(HelpfulSuggestions.uploadNotAFile(String.valueOf(request.file())));
        }
        try {
            RuntimeHost.Upload u = host.upload(new ProviderConfig(null, request.target().properties(),
                    request.target().workDir(), log), request.bucket(), request.key(), request.file());
            log.info("faas: uploaded " + request.file() + " to " + request.bucket() + "/" + request.key() + " ("
                    + u.size() + " bytes, etag " + u.etag() + "), triggered " + u.triggered() + " function(s)");
            return u;
        } catch (ProviderException e) {
            throw new ProviderOperationException("Uploading " + request.file() + " to bucket '" + request.bucket()
                    + "'", provider.id(), e);
        }
    }

    /**
     * faas:remove: deletes every unit of the set the target holds, and nothing else.
     *
     * @throws FaasportException when some deletes failed (running it again resumes)
     */
    public DeployReport remove(Requests.Remove request) {
        Provider provider = provider(request.target().providerId());
        refuseOverridden("faas:remove deletes");
        try (ProviderSession session = open(provider, request.target(), request.setName())) {
            DeployPlan plan = Planner.plan(request.setName(), List.of(), list(session, provider));
            if (plan.changes().isEmpty()) {
                log.info("Nothing is deployed for function set '" + request.setName() + "' on " + provider.displayName());
            }
            DeployReport report = apply(session, plan, request.options(), request.listener());
            if (!report.succeeded()) {
                throw new DeployFailedException(failures(report)
                        + HelpfulSuggestions.removeFailed(request.setName(), report.failures().size()), report);
            }
            return report;
        }
    }

    /** faas:doctor: the provider's own diagnostics. */
    public List<String> doctor(Target target, String setName) {
        Provider provider = provider(target.providerId());
        List<String> lines = new ArrayList<>();
        ProviderSession session = null;
        try {
            session = open(provider, target, setName);
        } catch (FaasportException e) {
            // without a region, project or subscription the provider cannot check anything else: say which is missing
            lines.add((e instanceof ConfigurationException ? "configuration" : "connection") + ": FAILED " + e.getMessage());
        }
        if (session != null) {
            try (ProviderSession open = session) {
                try {
                    requireLogin(open);
                    lines.add("login: OK");
                } catch (ProviderException e) {
                    lines.add("login: FAILED " + new ProviderOperationException("Listing the deployed functions",
                            provider.id(), e).getMessage());
                }
                lines.addAll(open.doctor());
            } catch (ProviderException | RuntimeException e) {
                lines.add("diagnosis: FAILED " + (e instanceof ProviderException p
                        ? new ProviderOperationException("Diagnosing", provider.id(), p).getMessage() : String.valueOf(e)));
            }
        }
        List<String> failed = lines.stream().filter(dev.faasport.spi.DoctorLines::isFailure).toList();
        lines.forEach(l -> {
            if (dev.faasport.spi.DoctorLines.isFailure(l)) {
                log.warn(l);
            } else {
                log.info(l);
            }
        });
        if (!failed.isEmpty()) {
            throw new DoctorFailedException(provider.displayName(), failed);
        }
        return lines;
    }

    // ---- migrate ------------------------------------------------------------------------------------------------

    /**
     * faas:migrate: inventory the source, map to the target, report, deploy, verify, and cut over when asked.
     *
     * @throws dev.faasport.core.migrate.MigrationFailedException when it stops; the message names the report
     */
    public dev.faasport.core.migrate.MigrationOutcome migrate(dev.faasport.core.migrate.MigrationRequest request) {
        if (request.cutover()) {
            refuseOverridden("faas:migrate with cutover deletes");
        }
        return new Migration(migrationEngine(), log).run(request);
    }

    /** The narrow view of this facade a migration works through. */
    private MigrationEngine migrationEngine() {
        return new MigrationEngine() {
            @Override
            public FunctionSet functionSet(Project project) {
                return Faasport.this.functionSet(project);
            }

            @Override
            public Provider provider(String id) {
                return Faasport.this.provider(id);
            }

            @Override
            public LockIn lockIn(Project project, FunctionSet set) {
                return Faasport.this.lockIn(project, set);
            }

            @Override
            public List<DeployUnit> packageUnits(Project project, String providerId) {
                return packageSet(new Requests.PackageSet(project, List.of(providerId))).get(providerId).units();
            }

            @Override
            public DeployReport deploy(Project project, Target target, DeployOptions options,
                                       ProgressListener listener) {
                return Faasport.this.deploy(new Requests.Deploy(project, target, options, false,
                        Requests.FailOn.VIOLATION, listener)).report();
            }

            @Override
            public DeployReport remove(Target target, String setName, DeployOptions options,
                                       ProgressListener listener) {
                return Faasport.this.remove(new Requests.Remove(target, setName, options, listener));
            }

            @Override
            public ProviderSession open(Provider provider, Target target, String setName) {
                return Sessions.open(provider, target, setName, log); // as before: no key check, no warning
            }
        };
    }

    // ---- shared steps ------------------------------------------------------------------------------------------

    /**
     * Container images are pushed while packaging: for the targets whose packages are images, what the configuration
     * alone breaks (a trigger the target lacks, a timeout over its maximum) fails before that first remote call.
     *
     * @throws CheckFailedException when the configuration does not fit one of those targets
     */
    private void checkBeforePushingImages(Project project, Target target, FunctionSet set, List<String> providerIds,
                                          Requests.FailOn failOn, boolean writeReports, LockIn lockIn) {
        Map<String, List<DeployUnit>> units = new LinkedHashMap<>();
        for (String id : providerIds) {
            if (pushesImages(set, provider(id))) {
                units.put(id, configurationUnits(set));
            }
        }
        if (units.isEmpty()) {
            return;
        }
        CheckOutcome outcome = checkUnits(project, target, units, Map.of(), writeReports, lockIn);
        if (outcome.fails(failOn)) {
            throw new CheckFailedException(outcome, failOn);
        }
    }

    /** @return whether packaging the set for the provider pushes container images to a registry */
    private static boolean pushesImages(FunctionSet set, Provider provider) {
        return provider.packageFormat() == PackageFormat.OCI_IMAGE || set.functions().stream()
                .anyMatch(f -> f.packageType() == FunctionSpec.PackageType.IMAGE);
    }

    /** @return one unit per function with no artifact: what the limit checker can judge from configuration alone */
    private static List<DeployUnit> configurationUnits(FunctionSet set) {
        return set.functions().stream().map(f -> new DeployUnit(set.name(), f.name(), List.of(f), null, null,
                Map.of())).toList();
    }

    /**
     * Names and settings the target's rules refuse, and keys no provider reads: all of it is known before the first
     * remote call, so it fails then, every problem at once, and nothing is half deployed.
     */
    private void preflight(Project project, Target target, FunctionSet set, Provider provider) {
        List<ConfigurationException.Problem> problems = new ArrayList<>(Preflight.names(provider.id(),
                planSetting(project, target, provider.id()), set.functions()));
        problems.addAll(Preflight.keys(providers(), target.properties(), project.settings(), set.functions()));
        problems.addAll(Preflight.secrets(provider, set.functions()));
        if (!problems.isEmpty()) {
            throw new ConfigurationException(set.name(), problems);
        }
    }

    /** A goal that deletes refuses command-line properties the configuration overrides: it would delete the wrong set. */
    private void refuseOverridden(String deletingGoal) {
        if (!overridden.isEmpty()) {
            throw new FaasportException(overridden.stream().map(o -> HelpfulSuggestions.overridden(o, deletingGoal))
                    .collect(java.util.stream.Collectors.joining("\n")));
        }
    }

    /** @param target where the units go, or null: its runtime property is packaged as the project's would be */
    private PackageResult pack(Project project, FunctionSet set, Provider provider, Target target) {
        PackageRequest request = new PackageRequest(set.name(), set.functions(), project.classesDir(),
                project.dependencies(), project.adapterJars(), project.outputDir(), project.timestamp(),
                project.sharedLayer(), packagingSettings(project, target, provider.id()), project.allowPlaintextSecrets());
        try {
            return provider.packageLayout().isPresent() ? packager.pack(request, provider.id(), provider.packageLayout().get())
                    : packager.pack(request, provider.id(), provider.packageFormat());
        } catch (PackagingException e) {
            throw new PackagingFailedException(e.getMessage(), e);
        }
    }

    /**
     * The project's settings, with the target's runtime property ({@code aws.runtime} ...) taking precedence as in
     * {@link #setting}: packaging writes the runtime the provider deploys ({@code java.runtime}), so a runtime asked
     * for only in the target's properties must reach it too.
     */
    private static Map<String, String> packagingSettings(Project project, Target target, String providerId) {
        if (target == null || !hasLimitTable(providerId)) {
            return project.settings();
        }
        String key = LimitTable.load(providerId).limits().stream().filter(l -> l.key().equals(LimitTable.RUNTIME_KEY))
                .map(dev.faasport.limits.Limit::property).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        String value = key == null ? null : target.properties().get(key);
        if (value == null || value.isBlank() || value.trim().equals(project.settings().get(key))) {
            return project.settings();
        }
        Map<String, String> settings = new java.util.TreeMap<>(project.settings());
        settings.put(key, value.trim());
        return settings;
    }

    /** @param lockIn the vendor services each function calls, shown in the outcome and the reports; or null */
    private CheckOutcome checkUnits(Project project, Target target, Map<String, List<DeployUnit>> units,
                                    Map<String, Map<String, Long>> live, boolean writeReports, LockIn lockIn) {
        List<CheckReport> reports = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, List<DeployUnit>> e : units.entrySet()) {
            String id = e.getKey();
            if (!hasLimitTable(id)) {
                log.warn(HelpfulSuggestions.noLimitTable(id));
                skipped.add(id);
                continue;
            }
            String plan = planSetting(project, target, id);
            try {
                reports.add(checker.check(id, plan, e.getValue(), live.getOrDefault(id, Map.of())));
            } catch (IllegalArgumentException ex) {
                throw new FaasportException(HelpfulSuggestions.unknownPlan(id, ex.getMessage()), ex);
            }
        }
        Path md = null;
        Path html = null;
        if (writeReports && !reports.isEmpty()) {
            md = project.outputDir().resolve(CHECK_REPORT + ".md");
            html = project.outputDir().resolve(CHECK_REPORT + ".html");
            try {
                Files.createDirectories(project.outputDir());
                List<String> targets = List.copyOf(units.keySet());
                CheckReports.writeMarkdown(reports, lockIn, targets, md);
                CheckReports.writeHtml(reports, lockIn, targets, html);
            } catch (IOException ex) {
                throw new FaasportException(HelpfulSuggestions.reportUnwritable(md.toString(), ex), ex);
            }
        }
        return new CheckOutcome(reports, skipped, md, html, lockIn);
    }

    private static boolean hasLimitTable(String providerId) {
        try {
            LimitTable.load(providerId);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String planSetting(Project project, Target target, String id) {
        String plan = setting(project, target, id + ".plan");
        return plan != null ? plan : setting(project, target, id + ".generation");
    }

    private static String setting(Project project, Target target, String key) {
        return Sessions.setting(project, target, key);
    }

    private Map<String, Long> liveLimits(Provider provider, Target target, String setName) {
        try (ProviderSession session = open(provider, target, setName)) {
            return liveLimits(session, provider);
        } catch (ProviderException notLoggedIn) {
            log.warn(HelpfulSuggestions.liveLimitsUnavailable(provider.id(), notLoggedIn));
            return Map.of();
        } catch (FaasportException e) {
            log.warn(HelpfulSuggestions.liveLimitsUnavailable(provider.id(), e.getMessage()));
            return Map.of();
        }
    }

    /** @throws ProviderException only when the caller is not logged in: each caller says that its own way */
    private Map<String, Long> liveLimits(ProviderSession session, Provider provider) throws ProviderException {
        try {
            Map<String, Long> live = session.liveLimits();
            if (!live.isEmpty()) {
                log.info(provider.displayName() + ": checking against the account's live limits " + live.keySet());
            }
            return live;
        } catch (ProviderException e) {
            if (e.needsLogin()) {
                throw e;
            }
            log.warn(HelpfulSuggestions.liveLimitsUnavailable(provider.id(), e));
            return Map.of();
        } catch (RuntimeException e) {
            log.warn(HelpfulSuggestions.liveLimitsUnavailable(provider.id(), e.getMessage()));
            return Map.of();
        }
    }

    private ProviderSession open(Provider provider, Target target, String setName) {
        List<ConfigurationException.Problem> problems = Preflight.keys(providers(), target.properties(), Map.of(),
                List.of());
        if (!problems.isEmpty()) {
            throw new ConfigurationException(setName, problems);
        }
        if (!overriddenTold.getAndSet(true)) {
            overridden.forEach(o -> log.warn(HelpfulSuggestions.overridden(o, null)));
        }
        return Sessions.open(provider, target, setName, log);
    }

    private static List<DeployedUnit> list(ProviderSession session, Provider provider) {
        return Sessions.list(session, provider);
    }

    private static boolean inSet(DeployedUnit unit, String setName) {
        return Sessions.inSet(unit, setName);
    }

    /** Without a login no check can pass: say how to log in first (other failures are the doctor's to report). */
    private static void requireLogin(ProviderSession session) throws ProviderException {
        try {
            session.list();
        } catch (ProviderException e) {
            if (e.needsLogin()) {
                throw e;
            }
        }
    }

    private static void requireDeployed(ProviderSession session, Provider provider, String setName, String function) {
        List<DeployedUnit> units = list(session, provider).stream().filter(u -> inSet(u, setName)).toList();
        List<String> names = new ArrayList<>();
        for (DeployedUnit u : units) {
            if (u.functions().isEmpty()) {
                // a unit of several functions (an Azure app) may list them only as the keys of their endpoints
                names.add(u.name());
                names.addAll(u.endpoints().keySet());
            } else {
                u.functions().stream().map(FunctionSpec::name).forEach(names::add);
            }
        }
        if (!names.contains(function)) {
            throw new FaasportException(HelpfulSuggestions.functionNotDeployed(function, setName, provider.id(),
                    names.stream().sorted().toList()));
        }
    }
}
