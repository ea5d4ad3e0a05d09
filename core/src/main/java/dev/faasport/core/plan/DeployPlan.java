package dev.faasport.core.plan;


import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a deploy will do, unit by unit: creates and updates first (sorted by name), then deletes.
 *
 * @param setName the function set
 * @param changes one step per desired unit and per deployed unit no longer desired
 */
public record DeployPlan(String setName, List<UnitChange> changes) {

    public DeployPlan {
        Objects.requireNonNull(setName, "setName");
        changes = List.copyOf(changes);
    }

    /** @return how many steps of each kind, every kind present (0 when none) */
    public Map<UnitChange.Kind, Integer> counts() {
        Map<UnitChange.Kind, Integer> counts = new EnumMap<>(UnitChange.Kind.class);
        for (UnitChange.Kind k : UnitChange.Kind.values()) {
            counts.put(k, 0);
        }
        changes.forEach(c -> counts.merge(c.kind(), 1, Integer::sum));
        return counts;
    }

    /** @return whether applying the plan touches the target at all */
    public boolean hasRemoteChanges() {
        return changes.stream().anyMatch(UnitChange::isRemote);
    }

    /** @return the steps of one kind */
    public List<UnitChange> ofKind(UnitChange.Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).toList();
    }

    /** @return the plan as a plain-text table for the build log */
    public String render() {
        return PlanRenderer.render(this);
    }
}
