package dev.faasport.core.fake;

import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider registered through the test tree's {@code META-INF/services}: every session it opens shares one
 * {@link FakeSession} per provider id, so a test can deploy through the facade and then look at the "target".
 */
public class FakeProvider implements Provider {

    public static final Map<String, FakeSession> TARGETS = new ConcurrentHashMap<>();
    public static final List<ProviderConfig> OPENED = new CopyOnWriteArrayList<>();

    public static FakeSession target(String id) {
        return TARGETS.computeIfAbsent(id, k -> new FakeSession(0));
    }

    public static void reset() {
        TARGETS.clear();
        OPENED.clear();
    }

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public String displayName() {
        return "Fake FaaS";
    }

    @Override
    public PackageFormat packageFormat() {
        return PackageFormat.LOCAL_ZIP;
    }

    /** The posing fakes have a secret store ({@link FakeSession#secrets}); the plain one has none. */
    @Override
    public java.util.Optional<String> secretStore(String secret) {
        return "fake".equals(id()) ? java.util.Optional.empty()
                : java.util.Optional.of("the " + id() + " fake's store: fakectl secret create " + secret);
    }

    @Override
    public UnitGrouping grouping() {
        return UnitGrouping.PER_FUNCTION;
    }

    @Override
    public ProviderSession open(ProviderConfig config) throws ProviderException {
        if (config.property(id() + ".fail").isPresent()) {
            throw ProviderException.permanent("cannot reach the control plane at " + config.property(id() + ".fail").get(),
                    "check " + id() + ".endpoint");
        }
        OPENED.add(config);
        FakeSession target = target(id());
        target.closed = false;
        boolean loggedOut = config.property(id() + ".loggedOut").isPresent();
        return new ProviderSession() {
            @Override
            public List<dev.faasport.spi.DeployedUnit> list() throws ProviderException {
                if (loggedOut) {
                    throw ProviderException.notLoggedIn("ListFunctions found no credentials", null);
                }
                return target.list();
            }

            @Override
            public List<String> doctor() {
                return loggedOut ? List.of("identity: FAILED no credentials") : List.of("identity: OK tester");
            }

            @Override
            public dev.faasport.spi.DeployedUnit apply(dev.faasport.spi.UnitUpdate change) throws ProviderException {
                return target.apply(change);
            }

            @Override
            public void delete(dev.faasport.spi.DeployedUnit unit) throws ProviderException {
                target.delete(unit);
            }

            @Override
            public void verify(List<dev.faasport.spi.DeployUnit> units) throws ProviderException {
                target.verify(units);
            }

            @Override
            public dev.faasport.spi.InvocationResult invoke(String function, dev.faasport.spi.Invocation invocation)
                    throws ProviderException {
                return target.invoke(function, invocation);
            }

            @Override
            public List<String> logs(String function, int maxLines) {
                return target.logs(function, maxLines);
            }

            @Override
            public Map<String, Long> liveLimits() throws ProviderException {
                if (loggedOut) {
                    throw ProviderException.notLoggedIn("GetAccountSettings found no credentials", null);
                }
                return Map.of();
            }

            @Override
            public java.util.Optional<Boolean> secretExists(String secret) {
                return target.secretsUnknown ? java.util.Optional.empty()
                        : java.util.Optional.of(target.secrets.contains(secret));
            }

            @Override
            public void close() {
                target.close();
            }
        };
    }

    /** Poses as AWS so that the real Lambda limit table applies. */
    public static class AsAws extends FakeProvider {
        @Override
        public String id() {
            return "aws";
        }

        @Override
        public String displayName() {
            return "AWS Lambda (fake)";
        }

        @Override
        public PackageFormat packageFormat() {
            return PackageFormat.LAMBDA_ZIP;
        }

        @Override
        public java.util.Set<String> knownProperties() {
            return java.util.Set.of("aws.region", "aws.alias", "aws.snapStart", "aws.runtime");
        }
    }

    /**
     * Poses as Google Cloud Functions so that the real Google limit table applies. Not in the shared services file
     * (other tests assert which providers exist): migration tests register it through their own loader.
     */
    public static class AsGcp extends FakeProvider {
        @Override
        public String id() {
            return "gcp";
        }

        @Override
        public String displayName() {
            return "Google Cloud Functions (fake)";
        }

        @Override
        public PackageFormat packageFormat() {
            return PackageFormat.GCF_SOURCE_ZIP;
        }
    }

    /** Poses as Azure Functions (one app unit holding every function), with the real Azure limit table. */
    public static class AsAzure extends FakeProvider {
        @Override
        public String id() {
            return "azure";
        }

        @Override
        public String displayName() {
            return "Azure Functions (fake)";
        }

        @Override
        public PackageFormat packageFormat() {
            return PackageFormat.AZURE_APP_ZIP;
        }

        @Override
        public UnitGrouping grouping() {
            return UnitGrouping.PER_APP;
        }
    }

    /** Poses as Knative (container images, HTTP only), with the real Knative limit table. */
    public static class AsKnative extends FakeProvider {
        @Override
        public String id() {
            return "knative";
        }

        @Override
        public String displayName() {
            return "Knative (fake)";
        }

        @Override
        public PackageFormat packageFormat() {
            return PackageFormat.OCI_IMAGE;
        }
    }

    /** Poses as the local runtime, with the real local limit table; registered by the hostile-input corpus only. */
    public static class AsLocal extends FakeProvider {
        @Override
        public String id() {
            return "local";
        }

        @Override
        public String displayName() {
            return "Faasport local (fake)";
        }
    }
}
