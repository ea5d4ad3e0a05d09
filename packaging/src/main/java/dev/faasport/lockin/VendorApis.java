package dev.faasport.lockin;

import dev.faasport.runtime.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalogue of vendor APIs, loaded from {@code /dev/faasport/lockin/vendor-apis.json}.
 *
 * @param vendors provider id to the vendor's name ("aws" to "AWS")
 * @param stop      class-name prefixes whose classes are not followed (vendor SDK internals, general libraries)
 * @param sdkGroups the Maven groupIds of the vendors' SDK artifacts
 * @param apis      the APIs; the longest matching prefix decides
 */
public record VendorApis(Map<String, String> vendors, List<String> stop, List<String> sdkGroups, List<VendorApi> apis) {

    private static final String RESOURCE = "/dev/faasport/lockin/vendor-apis.json";

    public VendorApis {
        vendors = Map.copyOf(vendors);
        stop = List.copyOf(stop);
        sdkGroups = List.copyOf(sdkGroups);
        apis = List.copyOf(apis);
    }

    /** @return the catalogue shipped with Faasport */
    @SuppressWarnings("unchecked")
    public static VendorApis load() {
        try (InputStream in = VendorApis.class.getResourceAsStream(RESOURCE)) {
            Map<String, Object> doc = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<VendorApi> apis = new ArrayList<>();
            for (Object o : (List<Object>) doc.get("apis")) {
                Map<String, Object> m = (Map<String, Object>) o;
                VendorApi api = new VendorApi((String) m.get("id"), (String) m.get("vendor"), (String) m.get("name"),
                        VendorApi.Kind.valueOf(((String) m.get("kind")).toUpperCase(Locale.ROOT)),
                        (List<String>) m.get("prefixes"), (Map<String, String>) m.get("equivalents"),
                        (String) m.get("note"), (String) m.get("fix"), (String) m.get("asOf"), (String) m.get("source"),
                        (Map<String, String>) m.get("servedBy"));
                if (api.asOf() == null || api.source() == null) {
                    throw new IllegalStateException("vendor API " + api.id() + " in " + RESOURCE + " has no asOf or source");
                }
                apis.add(api);
            }
            Map<String, Object> stop = (Map<String, Object>) doc.get("stop");
            return new VendorApis((Map<String, String>) (Map<?, ?>) doc.get("vendors"),
                    (List<String>) stop.get("prefixes"),
                    (List<String>) ((Map<String, Object>) doc.get("sdkGroups")).get("groups"), apis);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read " + RESOURCE + ": " + e, e);
        }
    }

    /** @return the API a class belongs to (longest prefix), or null when it belongs to none */
    public VendorApi match(String className) {
        VendorApi best = null;
        int length = -1;
        for (VendorApi api : apis) {
            for (String p : api.prefixes()) {
                if (p.length() > length && className.startsWith(p)) {
                    best = api;
                    length = p.length();
                }
            }
        }
        return best;
    }

    /** @return whether a Maven groupId is one of a vendor's SDK groups (or a group below one) */
    public boolean isSdkGroup(String groupId) {
        return sdkGroups.stream().anyMatch(g -> groupId.equals(g) || groupId.startsWith(g + "."));
    }

    /** @return whether a class is not followed (a vendor SDK's own class, a general library) */
    public boolean stops(String className) {
        for (String p : stop) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** @return the vendor's name for a provider id, or the id itself */
    public String vendorName(String providerId) {
        return vendors.getOrDefault(providerId, providerId);
    }
}
