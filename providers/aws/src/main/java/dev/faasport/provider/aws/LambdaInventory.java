package dev.faasport.provider.aws;

import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.Trigger;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads what the set has deployed: the set's functions with their live specification (trigger read back from
 * where it lives), one function by name, and a function name of the set mapped to its Lambda name.
 */
final class LambdaInventory implements AutoCloseable {

    /** Concurrent reads while listing, bounded so a large set does not trip the control plane's request-rate quota. */
    private static final int LIST_PARALLELISM = 8;

    private final AwsClients clients;
    private final AwsSettings settings;
    private final ProviderConfig.Log log;
    private final LambdaMapping mapping;
    private final EventTriggers triggers;
    private final HttpApis apis;
    private final LambdaVersions versions;
    private final FunctionUrls urls;
    private final LambdaScaling scaling;
    private final ConcurrentMap<String, String> lambdaNames = new ConcurrentHashMap<>();
    private final Object readerLock = new Object();
    private ExecutorService readers;

    LambdaInventory(AwsClients clients, AwsSettings settings, ProviderConfig.Log log, LambdaMapping mapping,
                    EventTriggers triggers, HttpApis apis, LambdaVersions versions, FunctionUrls urls,
                    LambdaScaling scaling) {
        this.clients = clients;
        this.settings = settings;
        this.log = log;
        this.mapping = mapping;
        this.triggers = triggers;
        this.apis = apis;
        this.versions = versions;
        this.urls = urls;
        this.scaling = scaling;
    }

    List<DeployedUnit> list() throws ProviderException {
        List<DeployedUnit> units = new ArrayList<>();
        String what = "Listing the Lambda functions of set '" + settings.setName() + "'";
        try {
            // tags, alias and URL are one call each per function: read them concurrently, or a 20-function set
            // at 100 ms per call takes 6 s just to find that nothing changed
            List<Future<Optional<DeployedUnit>>> reads = new ArrayList<>();
            for (FunctionConfiguration fc : clients.lambda().listFunctionsPaginator(b -> { }).functions()) {
                reads.add(readers().submit(() -> {
                    // GetFunction answers tags and reserved concurrency in one call, where ListTags answers tags only
                    GetFunctionResponse r = clients.lambda().getFunction(b -> b.functionName(fc.functionArn()));
                    return owned(r) ? Optional.of(describe(r)) : Optional.empty();
                }));
            }
            for (Future<Optional<DeployedUnit>> read : reads) {
                read.get().ifPresent(units::add);
            }
        } catch (ExecutionException e) {
            throw AwsErrors.map(what, null, e.getCause() instanceof Exception c ? c : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.transientFailure(what + " was interrupted", null, e);
        } catch (RuntimeException e) {
            throw AwsErrors.map(what, null, e);
        }
        units.sort(Comparator.comparing(DeployedUnit::name));
        return units;
    }

    DeployedUnit describe(String name) throws ProviderException {
        try {
            return describe(clients.lambda().getFunction(b -> b.functionName(name)));
        } catch (RuntimeException e) {
            throw AwsErrors.map("Reading Lambda function '" + name + "'", name, e);
        }
    }

    private DeployedUnit describe(GetFunctionResponse r) {
        FunctionConfiguration fc = r.configuration();
        Map<String, String> tags = LambdaMapping.tags(r);
        String name = fc.functionName();
        String function = tags.getOrDefault(LambdaMapping.TAG_FUNCTION, name);
        lambdaNames.put(function, name);
        Optional<AliasConfiguration> alias = versions.alias(name);
        Map<String, String> attributes = mapping.attributes(r, alias.map(AliasConfiguration::functionVersion));
        Map<String, String> endpoints = new TreeMap<>();
        String kind = tags.get(LambdaMapping.TAG_TRIGGER);
        boolean gateway = "apigateway".equals(tags.get(LambdaMapping.TAG_HTTP));
        Optional<GetFunctionUrlConfigResponse> url = alias.isPresent() && !gateway
                && (kind == null || kind.equals("http")) ? urls.config(name) : Optional.empty();
        url.ifPresent(u -> {
            endpoints.put(function, u.functionUrl());
            attributes.put("urlAuthType", u.authTypeAsString());
        });
        Optional<Map.Entry<Trigger.Http, String>> api = gateway ? readApi(name) : Optional.empty();
        api.ifPresent(a -> {
            endpoints.put(function, a.getValue());
            attributes.put("http", "apigateway");
        });
        Optional<Trigger> trigger = api.isPresent() ? Optional.of(api.get().getKey())
                : liveTrigger(name, kind, tags.get(LambdaMapping.TAG_BUCKET), url);
        List<FunctionSpec> functions = LambdaMapping.spec(r, trigger, alias.isPresent(), () -> scaling.provisioned(name))
                .map(List::of).orElse(List.of());
        return new DeployedUnit(settings.setName(), name, tags.get(LambdaMapping.TAG_CODE),
                tags.get(LambdaMapping.TAG_CONFIG), functions, endpoints, attributes);
    }

    /**
     * Reads the trigger back from where it lives: the function URL, the SQS event source mapping, the EventBridge rule
     * or the bucket notification; the trigger-kind tag says where to look, so each function costs one read.
     */
    private Optional<Trigger> liveTrigger(String name, String kind, String bucket,
                                          Optional<GetFunctionUrlConfigResponse> url) {
        if (url.isPresent()) {
            return Optional.of(new Trigger.Http(List.of(), url.get().authType() == FunctionUrlAuthType.NONE));
        }
        try {
            return switch (kind == null ? "" : kind) {
                case "http" -> Optional.of(new Trigger.Http(List.of(), false));
                case "queue" -> triggers.readQueue(name).map(Trigger.class::cast);
                case "schedule" -> triggers.readSchedule(name).map(Trigger.class::cast);
                case "storage" -> bucket == null ? Optional.empty()
                        : triggers.readStorage(name, bucket).map(Trigger.class::cast);
                default -> Optional.empty();
            };
        } catch (RuntimeException e) {
            // inventory is best effort: without sqs/events/s3 read rights the unit is listed without its spec
            log.debug("Could not read the " + kind + " trigger of Lambda function '" + name + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Map.Entry<Trigger.Http, String>> readApi(String name) {
        try {
            return apis.read(name);
        } catch (RuntimeException e) {
            // like the other triggers: without apigateway read rights the unit is listed without its endpoint
            log.debug("Could not read the HTTP API of Lambda function '" + name + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    /** @return the function as GetFunction answers it, empty when there is none */
    Optional<GetFunctionResponse> get(String name) throws ProviderException {
        try {
            return Optional.of(clients.lambda().getFunction(b -> b.functionName(name)));
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return Optional.empty();
            }
            throw AwsErrors.map("Reading Lambda function '" + name + "'", name, e);
        }
    }

    /** @return whether the function carries this set's tag */
    boolean owned(GetFunctionResponse r) {
        return settings.setName().equals(LambdaMapping.tags(r).get(LambdaMapping.TAG_SET));
    }

    void requireOwned(String name, GetFunctionResponse r) throws ProviderException {
        if (!owned(r)) {
            throw ProviderException.permanent("Lambda function '" + name + "' exists but is not managed by set '"
                            + settings.setName() + "' (" + LambdaMapping.TAG_SET + "="
                            + LambdaMapping.tags(r).get(LambdaMapping.TAG_SET) + ")",
                    "rename the function in the set, or delete or tag the existing function yourself");
        }
    }

    /** Records the Lambda name a function of the set was deployed as. */
    void remember(String function, String name) {
        lambdaNames.put(function, name);
    }

    void forget(String name) {
        lambdaNames.values().remove(name);
    }

    /** Maps a function name of the set to its Lambda name (the same unless the core prefixed unit names). */
    String lambdaName(String function) throws ProviderException {
        String known = lambdaNames.get(function);
        if (known != null) {
            return known;
        }
        if (LambdaMapping.NAME.matcher(function).matches() && get(function).map(this::owned).orElse(false)) {
            return function;
        }
        for (DeployedUnit u : list()) {
            if (u.name().equals(function)) {
                return function;
            }
        }
        String mapped = lambdaNames.get(function);
        if (mapped == null) {
            throw ProviderException.permanent("Function '" + function + "' of set '" + settings.setName()
                    + "' is not deployed on AWS Lambda", "run faas:deploy first or check the name with faas:info");
        }
        return mapped;
    }

    private ExecutorService readers() {
        synchronized (readerLock) {
            if (readers == null) {
                AtomicInteger n = new AtomicInteger();
                readers = Executors.newFixedThreadPool(LIST_PARALLELISM, r -> {
                    Thread t = new Thread(r, "faasport-aws-list-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            }
            return readers;
        }
    }

    @Override
    public void close() {
        synchronized (readerLock) {
            if (readers != null) {
                readers.shutdownNow();
            }
        }
    }
}
