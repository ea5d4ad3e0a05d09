package dev.faasport.core.plan;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Diffs the desired units against what the target holds. Code is compared by the archive's SHA-256, configuration by
 * {@link DeployUnit#configHash()}, both as recorded on the target at deploy time, so every provider decides
 * "unchanged" the same way.
 */
public final class Planner {

    private Planner() {
    }

    /**
     * @param desired  the units of the set as packaged now (all of one set)
     * @param deployed what {@code ProviderSession.list()} returned; units of other sets are ignored
     * @throws IllegalArgumentException when two desired units share a name or belong to different sets
     */
    public static DeployPlan plan(List<DeployUnit> desired, List<DeployedUnit> deployed) {
        if (desired.isEmpty() && deployed.isEmpty()) {
            return new DeployPlan("", List.of());
        }
        String setName = desired.isEmpty() ? deployed.get(0).setName() : desired.get(0).setName();
        return plan(setName, desired, deployed);
    }

    /** Plans for a named set; with no desired unit every deployed unit of the set is deleted (faas:remove). */
    public static DeployPlan plan(String setName, List<DeployUnit> desired, List<DeployedUnit> deployed) {
        Map<String, DeployUnit> want = new TreeMap<>();
        for (DeployUnit u : desired) {
            if (!setName.equals(u.setName())) {
                throw new IllegalArgumentException("unit " + u.name() + " belongs to set " + u.setName() + ", not " + setName);
            }
            if (want.put(u.name(), u) != null) {
                throw new IllegalArgumentException("two desired units are named " + u.name());
            }
        }
        Map<String, DeployedUnit> have = new LinkedHashMap<>();
        for (DeployedUnit u : deployed) {
            // a provider's list() should only return this set's units; never touch another set's even if it does
            if (u.setName() == null || u.setName().equals(setName)) {
                have.putIfAbsent(u.name(), u);
            }
        }
        List<UnitChange> changes = new ArrayList<>();
        for (DeployUnit u : want.values()) {
            DeployedUnit current = have.get(u.name());
            changes.add(new UnitChange(kind(u, current), u, current));
        }
        have.values().stream()
                .filter(u -> !want.containsKey(u.name()))
                .sorted(Comparator.comparing(DeployedUnit::name))
                .forEach(u -> changes.add(new UnitChange(UnitChange.Kind.DELETE, null, u)));
        return new DeployPlan(setName, changes);
    }

    /**
     * Hex hashes are equal ignoring case; a recorded hash cut short by the target (Google labels hold 63 characters of
     * the 64) still matches when at least 32 characters are left, since a collision on those is not a real risk.
     */
    static boolean sameHash(String desired, String recorded) {
        if (desired == null || recorded == null) {
            return Objects.equals(desired, recorded);
        }
        String d = desired.toLowerCase(java.util.Locale.ROOT);
        String r = recorded.toLowerCase(java.util.Locale.ROOT);
        if (d.equals(r)) {
            return true;
        }
        return r.length() >= 32 && r.length() < d.length() && d.startsWith(r);
    }

    static UnitChange.Kind kind(DeployUnit desired, DeployedUnit current) {
        if (current == null) {
            return UnitChange.Kind.CREATE;
        }
        boolean code = !sameHash(desired.artifact().sha256(), current.artifactSha256());
        boolean config = !sameHash(desired.configHash(), current.configHash());
        if (code && config) {
            return UnitChange.Kind.UPDATE;
        }
        if (code) {
            return UnitChange.Kind.UPDATE_CODE;
        }
        return config ? UnitChange.Kind.UPDATE_CONFIG : UnitChange.Kind.UNCHANGED;
    }
}
