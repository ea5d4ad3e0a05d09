package dev.faasport.lockin;

import java.util.List;
import java.util.Map;

/**
 * One vendor API of the catalogue, recognised by the prefixes of its Java SDKs' class names.
 *
 * @param id          stable id ({@code aws.s3})
 * @param vendor      the vendor's provider id ({@code aws}, {@code gcp}, {@code azure})
 * @param name        the service's name ("Amazon S3")
 * @param kind        what becomes of it on another cloud
 * @param prefixes    binary class-name prefixes ({@code software.amazon.awssdk.services.s3.}); a trailing dot is a
 *                    package, none a class name
 * @param equivalents per target provider id, the service to move to there
 * @param servedBy    per target provider id that serves this API itself (the local runtime's storage APIs), how
 * @param note        for platform APIs: why it does not work elsewhere
 * @param fix         for platform APIs: what to do instead
 * @param asOf        when the entry was checked against its source
 * @param source      where it comes from
 */
public record VendorApi(String id, String vendor, String name, Kind kind, List<String> prefixes,
                        Map<String, String> equivalents, String note, String fix, String asOf, String source,
                        Map<String, String> servedBy) {

    public VendorApi {
        prefixes = List.copyOf(prefixes);
        equivalents = equivalents == null ? Map.of() : Map.copyOf(equivalents);
        servedBy = servedBy == null ? Map.of() : Map.copyOf(servedBy);
    }

    /** What becomes of a call to the API once the function runs on another cloud. */
    public enum Kind {
        /** a remote API: keeps working from any cloud with the vendor's credentials and network egress */
        REMOTE,
        /** exists only inside the vendor's platform: does not work elsewhere */
        PLATFORM,
        /** a vendor function API that Faasport's native adapters translate on every target: not lock-in */
        TRANSLATED
    }
}
