package dev.faasport.provider.aws;

import dev.faasport.spi.ProviderException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Tag;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Amazon ECR side of container-image functions: where an image reference points (Lambda runs images from ECR
 * only, in its own region) and the repositories the images are pushed to, created and tagged when missing.
 */
final class EcrImages {

    /** {@code <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]}: the private registry host of an account. */
    private static final Pattern ECR_HOST =
            Pattern.compile("(\\d{12})\\.dkr\\.ecr(-fips)?\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\.amazonaws\\.com(\\.cn)?");
    /** Repository names as ECR documents them: lower-case path components separated by '/'. */
    private static final Pattern REPOSITORY =
            Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    static final String TAG_PURPOSE = "faasport-purpose";

    /**
     * A parsed image reference.
     *
     * @param host       the registry host (with port), empty for a bare repository name
     * @param account    the ECR registry's account id, null when the host is not an ECR host
     * @param region     the ECR registry's region, null when the host is not an ECR host
     * @param fips       whether the host is an ECR FIPS endpoint (which Lambda does not pull from)
     * @param repository the repository name inside the registry
     */
    record ImageRef(String host, String account, String region, boolean fips, String repository) {
        boolean ecr() {
            return account != null;
        }
    }

    private final AwsClients clients;
    private final AwsSettings settings;
    private final dev.faasport.spi.ProviderConfig.Log log;
    /** Repositories known to exist in this session: one DescribeRepositories per repository per session. */
    private final Map<String, Boolean> ready = new ConcurrentHashMap<>();

    EcrImages(AwsClients clients, AwsSettings settings, dev.faasport.spi.ProviderConfig.Log log) {
        this.clients = clients;
        this.settings = settings;
        this.log = log;
    }

    /**
     * Parses {@code host/repo[:tag][@sha256:...]} or a bare {@code repo}; the first path component is a host when it
     * holds a '.' or a ':' or is {@code localhost}, as in the Docker reference grammar.
     *
     * @throws IllegalArgumentException when the reference has no valid repository name
     */
    static ImageRef parse(String ref) {
        String s = ref.trim();
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        String host = "";
        int slash = s.indexOf('/');
        if (slash > 0) {
            String first = s.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                host = first;
                s = s.substring(slash + 1);
            }
        }
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            s = s.substring(0, colon); // the tag: no ':' can remain in a repository path once the host is gone
        }
        if (!REPOSITORY.matcher(s).matches() || s.length() > 256) {
            throw new IllegalArgumentException("'" + ref + "' has no valid repository name");
        }
        Matcher m = ECR_HOST.matcher(host);
        if (m.matches()) {
            return new ImageRef(host, m.group(1), m.group(3), m.group(2) != null, s);
        }
        return new ImageRef(host, null, null, false, s);
    }

    /**
     * Checks, without any remote call, that Lambda can pull the image of a function: an ECR host, not FIPS, in the
     * session's region. Skipped for the host when {@code aws.endpoint} points at an emulator, whose registries
     * have other host names.
     */
    ImageRef checkForLambda(String function, String imageRef) throws ProviderException {
        if (imageRef == null || imageRef.isBlank()) {
            throw ProviderException.permanent("Function '" + function + "' is a container image but its unit carries "
                    + "no image reference", "run faas:package (with packageType image and image.registry set) before faas:deploy");
        }
        ImageRef ref;
        try {
            ref = parse(imageRef);
        } catch (IllegalArgumentException e) {
            throw ProviderException.permanent("The image of function '" + function + "' is invalid: " + e.getMessage(),
                    "set <image.registry> to <account>.dkr.ecr.<region>.amazonaws.com/<prefix> and run faas:package again");
        }
        if (settings.endpoint() != null) {
            return ref;
        }
        String region = clients.region().id();
        String fix = "set <image.registry> to <account>.dkr.ecr." + region + ".amazonaws.com/<prefix> in the plugin's"
                + " <settings> (Lambda only runs images from Amazon ECR in the function's region) and run faas:deploy again";
        if (!ref.ecr()) {
            throw ProviderException.permanent("The image of function '" + function + "' is " + imageRef + ", which is"
                    + " not in Amazon ECR", fix);
        }
        if (ref.fips()) {
            throw ProviderException.permanent("The image of function '" + function + "' is on the ECR FIPS endpoint "
                    + ref.host() + ", which Lambda does not pull from", fix.replace("<account>", ref.account()));
        }
        if (!ref.region().equals(region)) {
            throw ProviderException.permanent("The image of function '" + function + "' is in ECR region "
                    + ref.region() + " but the function deploys to " + region, fix.replace("<account>", ref.account())
                    + ", or deploy to " + ref.region() + " with -Dfaas.aws.region=" + ref.region());
        }
        return ref;
    }

    /**
     * Makes sure the repository exists: DescribeRepositories, and CreateRepository (tagged with the set) when it does
     * not. Idempotent, also against another session creating it at the same time.
     *
     * @return whether the repository was created by this call
     */
    boolean ensure(ImageRef ref) throws ProviderException {
        String key = (ref.account() == null ? "" : ref.account()) + "/" + ref.repository();
        if (ready.containsKey(key)) {
            return false;
        }
        synchronized (this) {
            if (ready.containsKey(key)) {
                return false;
            }
            boolean created = false;
            try {
                if (describe(ref).isEmpty()) {
                    try {
                        clients.ecr().createRepository(b -> {
                            b.repositoryName(ref.repository())
                                    // Faasport pushes a moving tag per provider (<function>:aws) and deploys by digest
                                    .imageTagMutability(ImageTagMutability.MUTABLE)
                                    .tags(Tag.builder().key(LambdaMapping.TAG_SET).value(settings.setName()).build(),
                                            Tag.builder().key(TAG_PURPOSE).value("lambda-images").build());
                            if (ref.account() != null) {
                                b.registryId(ref.account());
                            }
                        });
                        created = true;
                        log.info("Created the ECR repository " + ref.repository() + " (tagged "
                                + LambdaMapping.TAG_SET + "=" + settings.setName() + ")");
                    } catch (RuntimeException e) {
                        if (!AwsErrors.code(e).equals("RepositoryAlreadyExistsException")) {
                            throw e; // already there means another run created it meanwhile: converged
                        }
                    }
                }
            } catch (RuntimeException e) {
                throw AwsErrors.map("Preparing the ECR repository " + ref.repository(), null, e);
            }
            ready.put(key, Boolean.TRUE);
            return created;
        }
    }

    /** @return the repository's URI when it exists */
    Optional<String> describe(ImageRef ref) {
        try {
            var r = clients.ecr().describeRepositories(b -> {
                b.repositoryNames(ref.repository());
                if (ref.account() != null) {
                    b.registryId(ref.account());
                }
            });
            return r.repositories().isEmpty() ? Optional.empty() : Optional.of(r.repositories().get(0).repositoryUri());
        } catch (RuntimeException e) {
            if (AwsErrors.code(e).equals("RepositoryNotFoundException")) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
