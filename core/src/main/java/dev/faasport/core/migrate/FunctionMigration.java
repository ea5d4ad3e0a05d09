package dev.faasport.core.migrate;

import dev.faasport.spi.FunctionSpec;

import java.util.List;
import java.util.Objects;

/**
 * How one function moves from the source to the target.
 *
 * @param name     the function
 * @param source   its live configuration on the source, or null when the source does not hold it
 * @param project  its configuration in the project, or null when only the source holds it
 * @param target   what will be deployed to the target (the project's configuration mapped to the target's limits),
 *                 or null when it cannot be deployed
 * @param items    each setting, carried over unchanged or changed (with the old and new value)
 * @param blockers what stops the migration, each with its fixes
 * @param notes    warnings worth reading (secret-looking variables, data that is not moved, drift)
 */
public record FunctionMigration(String name, FunctionSpec source, FunctionSpec project, FunctionSpec target,
                                List<Item> items, List<Blocker> blockers, List<String> notes) {

    public FunctionMigration {
        Objects.requireNonNull(name, "name");
        items = List.copyOf(items);
        blockers = List.copyOf(blockers);
        notes = List.copyOf(notes);
    }

    /** @return the settings that change */
    public List<Item> changes() {
        return items.stream().filter(Item::changed).toList();
    }

    /** @return the settings that carry over as they are */
    public List<Item> unchanged() {
        return items.stream().filter(i -> !i.changed()).toList();
    }

    /** @return whether the function can be migrated */
    public boolean blocked() {
        return !blockers.isEmpty();
    }

    /**
     * One setting.
     *
     * @param field   memory, timeout, trigger, schedule, concurrency, environment NAME ...
     * @param from    the value on the source (never an environment value)
     * @param to      the value on the target (never an environment value)
     * @param changed whether the value changes
     * @param why     why it changes, or null
     */
    public record Item(String field, String from, String to, boolean changed, String why) {
    }

    /**
     * Something that stops the migration.
     *
     * @param field  the setting
     * @param reason what does not fit ("timeout 900 s > 600 s on Azure Functions consumption")
     * @param fixes  what the user can do, most useful first
     */
    public record Blocker(String field, String reason, List<String> fixes) {
        public Blocker {
            fixes = fixes == null ? List.of() : List.copyOf(fixes);
        }

        /** @return "reason, perhaps you should fix1, or fix2" */
        public String message() {
            return fixes.isEmpty() ? reason : reason + ", perhaps you should " + String.join(", or ", fixes);
        }
    }
}
