package dev.faasport.packaging;

import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.PackageLayout;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The layouts of the formats of the providers Faasport ships, for providers that supply none of their own. A new
 * provider supplies its layout ({@code Provider.packageLayout()}) and needs nothing here.
 */
public final class Layouts {
    /** The setting prefixes of the providers Faasport ships: their keys are not configuration of another provider. */
    static final Set<String> PROVIDER_PREFIXES = Set.of("local.", "aws.", "azure.", "gcp.", "knative.");

    private static final Map<PackageFormat, PackageLayout> BUILT_IN = Map.of(
            PackageFormat.LOCAL_ZIP, new ZipPerFunctionLayout(),
            PackageFormat.LAMBDA_ZIP, new LambdaZipLayout(),
            PackageFormat.AZURE_APP_ZIP, new AzureLayout(),
            PackageFormat.GCF_SOURCE_ZIP, new GoogleSourceLayout(),
            PackageFormat.OCI_IMAGE, new ImageLayout());

    private Layouts() {
    }

    /** @return the packager's own layout of a format, empty for a format only its provider knows */
    public static Optional<PackageLayout> builtIn(PackageFormat format) {
        return Optional.ofNullable(BUILT_IN.get(format));
    }
}
