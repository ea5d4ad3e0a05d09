package dev.faasport.maven;

import dev.faasport.core.model.FunctionConfig;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.core.model.SetDefaults;
import java.util.ArrayList;
import java.util.List;

/** Copies the POM's parameter beans onto the core's neutral configuration; validation is the core's job. */
final class ConfigMapper {

    private ConfigMapper() {
    }

    static FunctionSetConfig toConfig(String setName, DefaultsParameter d, List<FunctionParameter> functions) {
        SetDefaults defaults = new SetDefaults();
        if (d != null) {
            defaults.setMemoryMb(defaults.integer("memory", d.memory));
            defaults.setTimeoutSeconds(defaults.integer("timeout", d.timeout));
            defaults.setEnvironment(d.environment);
            defaults.setMaxConcurrency(defaults.integer("maxConcurrency", d.maxConcurrency));
            defaults.setMinInstances(defaults.integer("minInstances", d.minInstances));
            defaults.setPackageType(d.packageType);
            defaults.setOptions(d.options);
        }
        List<FunctionConfig> out = new ArrayList<>();
        if (functions != null) {
            for (FunctionParameter f : functions) {
                FunctionConfig c = new FunctionConfig(f.name, f.handler);
                c.setTrigger(f.trigger);
                c.setMethods(f.methods);
                c.setPublicAccess(c.bool("public", f.publicAccess));
                c.setBucket(f.bucket);
                c.setEvents(f.events);
                c.setPrefix(f.prefix);
                c.setSuffix(f.suffix);
                c.setQueue(f.queue);
                c.setBatchSize(c.integer("batchSize", f.batchSize));
                c.setMaxAttempts(c.integer("maxAttempts", f.maxAttempts));
                c.setSchedule(f.schedule);
                c.setMemoryMb(c.integer("memory", f.memory));
                c.setTimeoutSeconds(c.integer("timeout", f.timeout));
                c.setEnvironment(f.environment);
                c.setMaxConcurrency(c.integer("maxConcurrency", f.maxConcurrency));
                c.setMinInstances(c.integer("minInstances", f.minInstances));
                c.setPackageType(f.packageType);
                c.setOptions(f.options);
                out.add(c);
            }
        }
        return new FunctionSetConfig(setName, defaults, out);
    }
}
