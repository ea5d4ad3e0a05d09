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
 * @param unreached vendor SDKs packaged with every function that no handler reaches (reflection, dependency
 *                  injection, or unused)
 */
public record LockIn(Map<String, List<Tie>> functions, Map<String, String> vendors, List<Packaged> unreached) {

    public LockIn {
        Map<String, List<Tie>> copy = new TreeMap<>();
        functions.forEach((f, ties) -> copy.put(f, List.copyOf(ties)));
        functions = Collections.unmodifiableMap(copy);
        vendors = Map.copyOf(vendors);
        unreached = unreached == null ? List.of() : List.copyOf(unreached);
    }

    public LockIn(Map<String, List<Tie>> functions, Map<String, String> vendors) {
        this(functions, vendors, List.of());
    }

    /**
     * @param target a provider id: SDKs of its own vendor are left out; or null for all
     * @return one line about the SDKs no handler reaches, or null when there are none
     */
    public String unreachedLine(String target) {
        List<String> parts = new ArrayList<>();
        unreached.stream().filter(p -> !p.api().vendor().equals(target)).forEach(p -> parts.add(p.dependency()
                + " (" + vendorName(p.api().vendor()) + " " + p.api().name() + ")"));
        if (parts.isEmpty()) {
            return null;
        }
        return "Packaged with every function but reached from no handler (used through reflection or dependency"
                + " injection, which class files do not show, or not at all): " + String.join(", ", parts)
                + "; a function that calls them is tied to their vendor as listed above";
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

    /** @return whether some function calls a vendor API */
    public boolean hasTies() {
        return functions.values().stream().anyMatch(ties -> !ties.isEmpty());
    }

    /** @return whether no function calls any vendor API and no vendor SDK is packaged */
    public boolean isEmpty() {
        return unreached.isEmpty() && !hasTies();
    }

    /** @return the vendor's name ("AWS") for a provider id */
    public String vendorName(String providerId) {
        return vendors.getOrDefault(providerId, providerId);
    }

    /** @return the short form of {@link #consequence}: "native", "with AWS credentials" or "does not work" */
    public String outcome(Tie tie, String target) {
        VendorApi api = tie.api();
        return api.vendor().equals(target) ? "native" : api.servedBy().containsKey(target) ? "served on " + target
                : api.kind() == VendorApi.Kind.PLATFORM ? "does not work"
                : "with " + vendorName(api.vendor()) + " credentials";
    }

    /** @return what becomes of the call on the target: native there, works with credentials, or does not work */
    public String consequence(Tie tie, String target) {
        VendorApi api = tie.api();
        String v = vendorName(api.vendor());
        if (api.vendor().equals(target)) {
            return "native on " + v;
        }
        if (api.servedBy().containsKey(target)) {
            return "served on " + target + " by " + api.servedBy().get(target);
        }
        return api.kind() == VendorApi.Kind.PLATFORM ? "does not work on " + target + ": " + api.note()
                : "keeps working on " + target + " with " + v + " credentials and network egress to " + v
                + " (cross-cloud data transfer is billed)";
    }

    /** @return what to do about the tie on the target, or null when it is native or served there */
    public String fix(Tie tie, String target) {
        VendorApi api = tie.api();
        if (api.vendor().equals(target) || api.servedBy().containsKey(target)) {
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
