package dev.faasport.provider.gcp;

import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The provider's configuration, validated before any remote call.
 *
 * <ul>
 *   <li>{@code gcp.project} (required; else env {@code GOOGLE_CLOUD_PROJECT} / {@code GCLOUD_PROJECT})</li>
 *   <li>{@code gcp.region} (default {@code us-central1})</li>
 *   <li>{@code gcp.endpoint}: Cloud Functions API endpoint override with scheme, e.g. {@code http://127.0.0.1:8080};
 *       the Cloud Logging and Cloud Run IAM calls go there too unless {@code gcp.loggingEndpoint} /
 *       {@code gcp.runEndpoint} say otherwise</li>
 *   <li>{@code gcp.secretManagerEndpoint}: Secret Manager (secret references), else {@code gcp.endpoint}</li>
 *   <li>{@code gcp.schedulerEndpoint}, {@code gcp.pubsubEndpoint}, {@code gcp.resourceManagerEndpoint}: Cloud
 *       Scheduler, Pub/Sub and Resource Manager (faas:doctor's permission test) REST endpoints (default:
 *       {@code gcp.endpoint} when set, else Google's)</li>
 *   <li>{@code gcp.timeZone} (default {@code Etc/UTC}): time zone of Cloud Scheduler jobs</li>
 *   <li>{@code gcp.storageEndpoint}: when set, the scheme/host/port of the signed upload URL is replaced by it
 *       (for emulators whose control plane hands out production storage URLs), and the Cloud Storage JSON API
 *       (bucket locations) is reached there (default: {@code gcp.endpoint} when set, else Google's)</li>
 *   <li>{@code gcp.triggerRegion}: the location storage triggers watch from (also a function option); unset, the
 *       bucket's location is read with the Cloud Storage client</li>
 *   <li>{@code gcp.noCredentials=true}: send no credentials at all. Only allowed with {@code gcp.endpoint}, for
 *       emulators and test servers; otherwise Application Default Credentials are used</li>
 *   <li>{@code gcp.public=true|false}: make HTTP functions publicly invocable (allUsers run.invoker); when unset,
 *       the trigger's own {@code publicAccess} decides; a function option {@code gcp.public} wins over both</li>
 *   <li>{@code gcp.runtime} (default {@code java17}; java17, java21, java25)</li>
 *   <li>{@code gcp.pollMillis} (default 2000): long-running operation poll interval;
 *       {@code gcp.operationTimeoutSeconds} (default 1200): how long to wait for one</li>
 * </ul>
 */
public record GcpSettings(String setName, String project, String region, URI endpoint, URI storageEndpoint,
                          URI loggingEndpoint, URI runEndpoint, URI schedulerEndpoint, URI pubsubEndpoint,
                          String timeZone, boolean noCredentials, Optional<Boolean> makePublic,
                          String runtime, Duration pollInterval, Duration operationTimeout,
                          Optional<String> triggerRegion, URI resourceManagerEndpoint, URI secretManagerEndpoint) {

    static final Set<String> RUNTIMES = Set.of("java17", "java21", "java25");
    private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]|[a-z][a-z0-9.:-]{2,100}");
    private static final Pattern REGION = Pattern.compile("[a-z]+-[a-z]+[0-9]+");
    // Eventarc locations: a region, a dual-region (nam4, eur4) or a multi-region (us, eu, asia), any case
    private static final Pattern TRIGGER_REGION = Pattern.compile("[A-Za-z]+[0-9]*(-[A-Za-z]+[0-9]+)?");

    /** Reads and validates the {@code gcp.*} properties; never calls Google. */
    public static GcpSettings from(ProviderConfig config) throws ProviderException {
        return from(config.setName(), config, System.getenv());
    }

    static GcpSettings from(String setName, ProviderConfig config, Map<String, String> env) throws ProviderException {
        if (setName == null || setName.isBlank()) {
            throw ProviderException.permanent("Google Cloud Functions: the function set has no name",
                    "perhaps you should set the set name in the plugin configuration");
        }
        String project = config.property("gcp.project")
                .or(() -> Optional.ofNullable(env.get("GOOGLE_CLOUD_PROJECT")).filter(s -> !s.isBlank()))
                .or(() -> Optional.ofNullable(env.get("GCLOUD_PROJECT")).filter(s -> !s.isBlank()))
                .orElseThrow(() -> ProviderException.permanent("Google Cloud Functions: gcp.project is not set",
                        "perhaps you should set -Dfaas.gcp.project=<project id> (or GOOGLE_CLOUD_PROJECT)"));
        if (!PROJECT.matcher(project).matches()) {
            throw ProviderException.permanent("Google Cloud Functions: gcp.project '" + project
                    + "' is not a project id", "perhaps you should use the project id (lower case), not its name or number");
        }
        String region = config.property("gcp.region").orElse("us-central1");
        if (!REGION.matcher(region).matches()) {
            throw ProviderException.permanent("Google Cloud Functions: gcp.region '" + region + "' is not a region",
                    "perhaps you should use a region id such as us-central1 or europe-west1");
        }
        URI endpoint = uri(config, "gcp.endpoint");
        URI storage = uri(config, "gcp.storageEndpoint");
        URI logging = Optional.ofNullable(uri(config, "gcp.loggingEndpoint"))
                .orElse(endpoint != null ? endpoint : URI.create("https://logging.googleapis.com"));
        URI run = Optional.ofNullable(uri(config, "gcp.runEndpoint"))
                .orElse(endpoint != null ? endpoint : URI.create("https://run.googleapis.com"));
        URI scheduler = Optional.ofNullable(uri(config, "gcp.schedulerEndpoint"))
                .orElse(endpoint != null ? endpoint : URI.create("https://cloudscheduler.googleapis.com"));
        URI pubsub = Optional.ofNullable(uri(config, "gcp.pubsubEndpoint"))
                .orElse(endpoint != null ? endpoint : URI.create("https://pubsub.googleapis.com"));
        URI resourceManager = Optional.ofNullable(uri(config, "gcp.resourceManagerEndpoint"))
                .orElse(endpoint != null ? endpoint : URI.create("https://cloudresourcemanager.googleapis.com"));
        URI secretManager = Optional.ofNullable(uri(config, "gcp.secretManagerEndpoint"))
                .orElse(endpoint != null ? endpoint : URI.create("https://secretmanager.googleapis.com"));
        String timeZone = config.property("gcp.timeZone").orElse("Etc/UTC");
        try {
            java.time.ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            throw ProviderException.permanent("Google Cloud Functions: gcp.timeZone '" + timeZone + "' is not a time zone",
                    "perhaps you should use an IANA name such as Etc/UTC or Europe/Paris");
        }
        boolean noCredentials = bool(config, "gcp.noCredentials").orElse(false);
        if (noCredentials && endpoint == null) {
            throw ProviderException.permanent("Google Cloud Functions: gcp.noCredentials=true without gcp.endpoint",
                    "perhaps you should set gcp.endpoint to your emulator, or drop gcp.noCredentials to use "
                            + "Application Default Credentials");
        }
        String runtime = config.property("gcp.runtime").orElse("java17").toLowerCase(Locale.ROOT);
        if (!RUNTIMES.contains(runtime)) {
            throw ProviderException.permanent("Google Cloud Functions: gcp.runtime '" + runtime + "' is not supported",
                    "perhaps you should use one of " + RUNTIMES.stream().sorted().toList()
                            + " (java11 was decommissioned)");
        }
        long poll = number(config, "gcp.pollMillis", 2000, 1, 60_000);
        long timeout = number(config, "gcp.operationTimeoutSeconds", 1200, 1, 24 * 3600);
        Optional<String> triggerRegion = config.property("gcp.triggerRegion");
        if (triggerRegion.isPresent() && !TRIGGER_REGION.matcher(triggerRegion.get()).matches()) {
            throw ProviderException.permanent("Google Cloud Functions: gcp.triggerRegion '" + triggerRegion.get()
                    + "' is not a location", "perhaps you should use the bucket's location: a region such as "
                    + "europe-west1, a dual-region such as eur4 or a multi-region such as us");
        }
        return new GcpSettings(setName, project, region, endpoint, storage, logging, run, scheduler, pubsub, timeZone,
                noCredentials,
                bool(config, "gcp.public"), runtime, Duration.ofMillis(poll), Duration.ofSeconds(timeout),
                triggerRegion.map(r -> r.toLowerCase(Locale.ROOT)), resourceManager, secretManager);
    }

    /** @return where the Cloud Storage JSON API is: {@code gcp.storageEndpoint}, else {@code gcp.endpoint}, else null (Google's) */
    public URI storageApiEndpoint() {
        return storageEndpoint != null ? storageEndpoint : endpoint;
    }

    /** @return {@code projects/P/locations/R} */
    public String parent() {
        return "projects/" + project + "/locations/" + region;
    }

    private static URI uri(ProviderConfig config, String key) throws ProviderException {
        Optional<String> v = config.property(key);
        if (v.isEmpty()) {
            return null;
        }
        String s = v.get();
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw ProviderException.permanent("Google Cloud Functions: " + key + " '" + s + "' has no scheme",
                    "perhaps you should write it as http://host:port or https://host (the clients need the scheme)");
        }
        try {
            URI u = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw ProviderException.permanent("Google Cloud Functions: " + key + " '" + s + "' is not a URL",
                    "perhaps you should write it as http://host:port");
        }
    }

    private static Optional<Boolean> bool(ProviderConfig config, String key) throws ProviderException {
        Optional<String> v = config.property(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parseBool(key, v.get()));
    }

    static boolean parseBool(String key, String v) throws ProviderException {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProviderException.permanent("Google Cloud Functions: " + key + " '" + v
                    + "' is not a boolean", "perhaps you should write true or false");
        };
    }

    private static long number(ProviderConfig config, String key, long dflt, long min, long max)
            throws ProviderException {
        Optional<String> v = config.property(key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.get());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ProviderException.permanent("Google Cloud Functions: " + key + " '" + v.get() + "' is not a number in "
                    + min + ".." + max, "perhaps you should set a whole number in that range");
        }
    }
}
