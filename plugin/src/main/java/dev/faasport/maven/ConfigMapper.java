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
            defaults.setMemoryMb(d.memory);
            defaults.setTimeoutSeconds(d.timeout);
            defaults.setEnvironment(d.environment);
            defaults.setMaxConcurrency(d.maxConcurrency);
            defaults.setMinInstances(d.minInstances);
            defaults.setPackageType(d.packageType);
            defaults.setOptions(d.options);
        }
        List<FunctionConfig> out = new ArrayList<>();
        if (functions != null) {
            for (FunctionParameter f : functions) {
                FunctionConfig c = new FunctionConfig(f.name, f.handler);
                c.setTrigger(f.trigger);
                c.setMethods(f.methods);
                c.setPublicAccess(f.publicAccess);
                c.setBucket(f.bucket);
                c.setEvents(f.events);
                c.setPrefix(f.prefix);
                c.setSuffix(f.suffix);
                c.setQueue(f.queue);
                c.setBatchSize(f.batchSize);
                c.setMaxAttempts(f.maxAttempts);
                c.setSchedule(f.schedule);
                c.setMemoryMb(f.memory);
                c.setTimeoutSeconds(f.timeout);
                c.setEnvironment(f.environment);
                c.setMaxConcurrency(f.maxConcurrency);
                c.setMinInstances(f.minInstances);
                c.setPackageType(f.packageType);
                c.setOptions(f.options);
                out.add(c);
            }
        }
        return new FunctionSetConfig(setName, defaults, out);
    }
}
