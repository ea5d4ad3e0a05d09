package dev.faasport.core.testcloud;

import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.PackageLayout;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sixth provider, written as a new vendor's module would be (issue 16): its id, its own package format and layout,
 * its limit table ({@code dev/faasport/limits/testcloud.json} beside it in this test tree) and a session, registered
 * through {@code META-INF/services}. Nothing outside this package and that table knows it.
 */
public final class TestCloudProvider implements Provider {
    /** The format only this provider deploys: a bundle per function. */
    public static final PackageFormat BUNDLE = PackageFormat.of("TESTCLOUD_BUNDLE");
    /** The deployed units per set and unit name, as the "cloud" holds them. */
    public static final Map<String, TestCloudSession.Deployed> CLOUD = new ConcurrentHashMap<>();

    @Override
    public String id() {
        return "testcloud";
    }

    @Override
    public String displayName() {
        return "Test Cloud";
    }

    @Override
    public PackageFormat packageFormat() {
        return BUNDLE;
    }

    @Override
    public Optional<PackageLayout> packageLayout() {
        return Optional.of(new TestCloudLayout());
    }

    @Override
    public UnitGrouping grouping() {
        return UnitGrouping.PER_FUNCTION;
    }

    @Override
    public Set<String> knownProperties() {
        return Set.of("testcloud.region");
    }

    @Override
    public ProviderSession open(ProviderConfig config) throws ProviderException {
        if (config.properties().get("testcloud.region") == null) {
            throw ProviderException.permanent("testcloud.region is not set", "set testcloud.region");
        }
        return new TestCloudSession(CLOUD);
    }
}
