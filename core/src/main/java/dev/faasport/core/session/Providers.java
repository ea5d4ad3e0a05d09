package dev.faasport.core.session;

import dev.faasport.core.error.ProviderNotFoundException;
import dev.faasport.spi.Provider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds {@link Provider}s registered with {@link ServiceLoader} ({@code META-INF/services/dev.faasport.spi.Provider}).
 * The core never imports a provider: the plugin's classpath decides which targets exist.
 */
public final class Providers {

    /** The provider used when none is configured: a real FaaS on 127.0.0.1 that needs no cloud account. */
    public static final String DEFAULT_ID = "local";

    private Providers() {
    }

    /** Finds a provider on the context class loader (falling back to the core's own). */
    public static Provider find(String id) {
        return find(id, defaultLoader());
    }

    /**
     * @param id the provider id; null or blank means {@value #DEFAULT_ID}
     * @throws ProviderNotFoundException listing the ids that are available
     */
    public static Provider find(String id, ClassLoader loader) {
        String wanted = id == null || id.isBlank() ? DEFAULT_ID : id.trim();
        List<Provider> all = available(loader);
        return all.stream().filter(p -> p.id().equals(wanted)).findFirst()
                .orElseThrow(() -> new ProviderNotFoundException(wanted, all.stream().map(Provider::id).toList()));
    }

    /** @return every provider that loads, sorted by id; a broken registration is skipped, not fatal */
    public static List<Provider> available(ClassLoader loader) {
        List<Provider> found = new ArrayList<>();
        ServiceLoader.load(Provider.class, loader).stream().forEach(handle -> {
            try {
                found.add(handle.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                // one provider missing its SDK must not hide the others; find() lists what did load
            }
        });
        found.sort(Comparator.comparing(Provider::id));
        return found;
    }

    public static ClassLoader defaultLoader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : Providers.class.getClassLoader();
    }
}
