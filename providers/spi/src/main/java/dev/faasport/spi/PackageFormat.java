package dev.faasport.spi;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The name of an artifact layout: what a provider deploys and what its {@link PackageLayout} writes. Open: a provider
 * may name its own ({@code PackageFormat.of("MY_CLOUD_ZIP")}); one name is one instance, so formats compare with
 * {@code ==} as well as {@code equals}. The constants are the formats of the providers Faasport ships.
 */
public final class PackageFormat implements Comparable<PackageFormat> {
    private static final Map<String, PackageFormat> KNOWN = new ConcurrentHashMap<>();

    /** classes at the root, dependency jars under {@code lib/}, a {@code faasport-functions.json} descriptor */
    public static final PackageFormat LOCAL_ZIP = of("LOCAL_ZIP");
    /** AWS Lambda's Java zip layout: classes at the root, jars under {@code lib/} */
    public static final PackageFormat LAMBDA_ZIP = of("LAMBDA_ZIP");
    /** an Azure Functions app: {@code host.json}, a folder per function with {@code function.json}, the jars */
    public static final PackageFormat AZURE_APP_ZIP = of("AZURE_APP_ZIP");
    /** a Google Cloud Functions source zip holding the prebuilt jar(s) */
    public static final PackageFormat GCF_SOURCE_ZIP = of("GCF_SOURCE_ZIP");
    /** an OCI image */
    public static final PackageFormat OCI_IMAGE = of("OCI_IMAGE");

    private final String name;

    private PackageFormat(String name) {
        this.name = name;
    }

    /**
     * @param name upper case letters, digits and '_', e.g. {@code LOCAL_ZIP}
     * @return the format of that name (the same instance for the same name)
     */
    public static PackageFormat of(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("Package format name '" + name + "' must be upper case letters,"
                    + " digits and '_'");
        }
        return KNOWN.computeIfAbsent(name, PackageFormat::new);
    }

    /** The same as {@link #of}, under the name the enum this class replaced had (manifests and states read it). */
    public static PackageFormat valueOf(String name) {
        return of(name);
    }

    /** @return the format's name, as written to manifests */
    public String name() {
        return name;
    }

    @Override
    public int compareTo(PackageFormat o) {
        return name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
