package dev.faasport.it.migration;

import dev.faasport.core.error.HelpfulSuggestions;
import dev.faasport.core.session.Target;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where {@link LiveCloudsTest} deploys. {@code -Dfaas.live.endpoints=cloud} (the {@code live} profile): the real clouds
 * with the user's own login and {@code -Dfaas.<provider>.<key>} properties, as the plugin reads them. Otherwise
 * ({@code doubles}, the default, what CI runs): the test servers {@link Clouds} starts, so the same code runs in
 * every build. {@code -Dfaas.live.providers} chooses the providers (default aws,azure,gcp);
 * {@code -Dfaas.live.patienceSeconds} how long a fresh function may take to answer and to log (300 on a cloud).
 */
final class LiveTargets {

    static final String ENDPOINTS = "faas.live.endpoints";
    static final String PROVIDERS = "faas.live.providers";
    static final String PATIENCE = "faas.live.patienceSeconds";

    private final boolean cloud;
    private final Duration patience;
    private final List<String> providers;
    private final Map<String, String> system;
    private final Map<String, String> env;
    private final Clouds clouds;
    private final Path dir;

    LiveTargets(Properties system, Map<String, String> env, Clouds clouds, Path dir) {
        String endpoints = system.getProperty(ENDPOINTS, "doubles").strip();
        if (!endpoints.equals("cloud") && !endpoints.equals("doubles")) {
            throw new IllegalArgumentException(ENDPOINTS + "='" + endpoints + "', perhaps you should use cloud or doubles");
        }
        this.cloud = endpoints.equals("cloud");
        this.patience = Duration.ofSeconds(Long.parseLong(system.getProperty(PATIENCE, cloud ? "300" : "30")));
        this.providers = Arrays.stream(system.getProperty(PROVIDERS, "aws,azure,gcp").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        this.system = new TreeMap<>();
        system.stringPropertyNames().forEach(k -> this.system.put(k, system.getProperty(k)));
        this.env = env;
        this.clouds = clouds;
        this.dir = dir;
    }

    boolean cloud() {
        return cloud;
    }

    List<String> providers() {
        return providers;
    }

    /** How long a function may take to answer after its deploy, and its log line to arrive. */
    Duration patience() {
        return patience;
    }

    Duration pollInterval() {
        return cloud ? Duration.ofSeconds(5) : Duration.ofMillis(100);
    }

    /** @return a set name no earlier run used, so a run never touches what another left */
    static String uniqueSetName() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder name = new StringBuilder("live-");
        for (int i = 0; i < 8; i++) {
            name.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return name.toString();
    }

    Target target(String id) {
        if (!cloud || id.equals("local")) {
            return clouds.target(id);
        }
        return new Target(id, cloudProperties(id), dir.resolve("work-" + id));
    }

    /** The user's {@code -Dfaas.<id>.*} properties, plus what keeps a live run from leaving one resource per run. */
    Map<String, String> cloudProperties(String id) {
        Map<String, String> p = new TreeMap<>();
        system.forEach((k, v) -> {
            if (k.startsWith("faas." + id + ".")) {
                p.put(k.substring("faas.".length()), v);
            }
        });
        if (id.equals("azure") && p.containsKey("azure.subscription")) {
            // one resource group and one storage account for every live run of this subscription, not one per set
            p.putIfAbsent("azure.resourceGroup", "faasport-live");
            p.putIfAbsent("azure.storageAccount", "faasportlive" + sha256(p.get("azure.subscription")).substring(0, 12));
        }
        return p;
    }

    /** @return one line saying what the provider needs for a live run (the login and the properties) */
    static String needs(String id) {
        return switch (id) {
            case "aws" -> HelpfulSuggestions.login("aws") + ", a region (-Dfaas.aws.region=<region> or one in your "
                    + "profile) and an execution role -Dfaas.aws.role=arn:aws:iam::<account>:role/<role> with "
                    + "AWSLambdaBasicExecutionRole (or -Dfaas.aws.createRole=true, which leaves the role behind)";
            case "azure" -> HelpfulSuggestions.login("azure") + ", -Dfaas.azure.subscription=<subscription id> "
                    + "(`az account show --query id`) and optionally -Dfaas.azure.region=<region> (westeurope)";
            case "gcp" -> HelpfulSuggestions.login("gcp") + ", -Dfaas.gcp.project=<project id> (or GOOGLE_CLOUD_PROJECT) "
                    + "with the Cloud Functions, Cloud Build, Cloud Run and Artifact Registry APIs enabled, and "
                    + "optionally -Dfaas.gcp.region=<region> (us-central1)";
            default -> "the provider's own properties (-Dfaas." + id + ".<key>)";
        };
    }

    /**
     * Opens a session and lists the set, as faas:info does: what fails there before anything is created (a
     * missing property, no login) skips the provider; any other failure is the test's.
     *
     * @return the line to print when the provider is skipped, empty when it can run
     */
    Optional<String> unavailable(Provider provider, String set) throws ProviderException {
        String id = provider.id();
        if (cloud) {
            Map<String, String> p = cloudProperties(id);
            Optional<String> missing = switch (id) {
                case "aws" -> p.containsKey("aws.role") || "true".equals(p.get("aws.createRole")) ? Optional.empty()
                        : Optional.of("no execution role");
                case "azure" -> p.containsKey("azure.subscription") ? Optional.empty()
                        : Optional.of("no azure.subscription");
                case "gcp" -> p.containsKey("gcp.project") || env.containsKey("GOOGLE_CLOUD_PROJECT")
                        ? Optional.empty() : Optional.of("no gcp.project");
                default -> Optional.empty();
            };
            if (missing.isPresent()) {
                return Optional.of(skipped(id, missing.get()));
            }
        }
        Target t = target(id);
        ProviderSession session;
        try {
            session = provider.open(new ProviderConfig(set, t.properties(), t.workDir(), ProviderConfig.Log.silent()));
        } catch (ProviderException e) {
            return Optional.of(skipped(id, e.getMessage()));
        }
        try (session) {
            session.list();
            return Optional.empty();
        } catch (ProviderException e) {
            if (e.needsLogin()) {
                return Optional.of(skipped(id, e.getMessage()));
            }
            throw e;
        }
    }

    private static String skipped(String id, String why) {
        return "live: " + id + " skipped (" + why + "); it needs " + needs(id);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
