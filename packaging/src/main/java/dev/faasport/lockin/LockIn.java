package dev.faasport.lockin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What ties each function to a vendor: the vendor APIs its handler reaches, and what becomes of each on a target.
 *
 * @param functions function name to its ties (vendor function APIs Faasport translates are left out)
 * @param vendors   provider id to the vendor's name
 */
public record LockIn(Map<String, List<Tie>> functions, Map<String, String> vendors) {

    public LockIn {
        Map<String, List<Tie>> copy = new TreeMap<>();
        functions.forEach((f, ties) -> copy.put(f, List.copyOf(ties)));
        functions = Collections.unmodifiableMap(copy);
        vendors = Map.copyOf(vendors);
    }

    /** @return the ties of a function, empty when it has none */
    public List<Tie> tiesOf(String function) {
        return functions.getOrDefault(function, List.of());
    }

    /** @return the ties of a function that do not belong to the target's own vendor */
    public List<Tie> tiesOff(String function, String target) {
        List<Tie> out = new ArrayList<>();
        for (Tie t : tiesOf(function)) {
            if (!t.api().vendor().equals(target)) {
                out.add(t);
            }
        }
        return out;
    }

    /** @return whether no function calls any vendor API */
    public boolean isEmpty() {
        return functions.values().stream().allMatch(List::isEmpty);
    }

    /** @return the vendor's name ("AWS") for a provider id */
    public String vendorName(String providerId) {
        return vendors.getOrDefault(providerId, providerId);
    }

    /** @return the short form of {@link #consequence}: "native", "with AWS credentials" or "does not work" */
    public String outcome(Tie tie, String target) {
        VendorApi api = tie.api();
        return api.vendor().equals(target) ? "native" : api.kind() == VendorApi.Kind.PLATFORM ? "does not work"
                : "with " + vendorName(api.vendor()) + " credentials";
    }

    /** @return what becomes of the call on the target: native there, works with credentials, or does not work */
    public String consequence(Tie tie, String target) {
        VendorApi api = tie.api();
        String v = vendorName(api.vendor());
        if (api.vendor().equals(target)) {
            return "native on " + v;
        }
        return api.kind() == VendorApi.Kind.PLATFORM ? "does not work on " + target + ": " + api.note()
                : "keeps working on " + target + " with " + v + " credentials and network egress to " + v
                + " (cross-cloud data transfer is billed)";
    }

    /** @return what to do about the tie on the target, or null when it is native there */
    public String fix(Tie tie, String target) {
        VendorApi api = tie.api();
        if (api.vendor().equals(target)) {
            return null;
        }
        if (api.kind() == VendorApi.Kind.PLATFORM) {
            return api.fix();
        }
        String keep = "keep " + api.name() + " and give the function " + vendorName(api.vendor())
                + " credentials from " + target + "'s secret store (never in its environment)";
        String equivalent = api.equivalents().get(target);
        return equivalent == null ? keep + "; " + target + " has no equivalent service"
                : "move the data to " + equivalent + " and call that instead, or " + keep;
    }
}
