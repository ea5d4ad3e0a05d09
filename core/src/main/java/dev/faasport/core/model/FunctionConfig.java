package dev.faasport.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One function as configured, before defaults and validation: a mutable bean that a build plugin fills (the Maven
 * plugin copies its own POM parameter beans onto it; plexus could also set these setters directly). Every field may
 * be null, which means "use the set's default" (or, for the trigger, "derive it from the handler's shape").
 * Messages name the POM elements: {@code memory} and {@code timeout} for {@link #getMemoryMb()} and
 * {@link #getTimeoutSeconds()}.
 * {@link FunctionSets#build} turns it into a validated {@link dev.faasport.spi.FunctionSpec}.
 */
public class FunctionConfig extends ResourceConfig {

    private String name;
    private String handler;
    /** http, storage, queue or schedule; null derives it from the handler's shape */
    private String trigger;
    // http
    private List<String> methods;
    private Boolean publicAccess;
    // storage
    private String bucket;
    private List<String> events;
    private String prefix;
    private String suffix;
    // queue
    private String queue;
    private Integer batchSize;
    private Integer maxAttempts;
    // schedule
    private String schedule;

    public FunctionConfig() {
    }

    /** A config with a name and a handler, the rest defaulted; for code and tests that build sets by hand. */
    public FunctionConfig(String name, String handler) {
        this.name = name;
        this.handler = handler;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getHandler() { return handler; }
    public void setHandler(String handler) { this.handler = handler; }
    public String getTrigger() { return trigger; }
    public void setTrigger(String trigger) { this.trigger = trigger; }
    public List<String> getMethods() { return methods; }
    public void setMethods(List<String> methods) { this.methods = methods == null ? null : new ArrayList<>(methods); }
    public Boolean getPublicAccess() { return publicAccess; }
    public void setPublicAccess(Boolean publicAccess) { this.publicAccess = publicAccess; }
    /** POM spelling {@code <public>true</public>}: "public" cannot be a Java field name, so only the setter has it. */
    public void setPublic(Boolean publicAccess) { this.publicAccess = publicAccess; }
    public String getBucket() { return bucket; }
    public void setBucket(String bucket) { this.bucket = bucket; }
    public List<String> getEvents() { return events; }
    public void setEvents(List<String> events) { this.events = events == null ? null : new ArrayList<>(events); }
    public String getPrefix() { return prefix; }
    public void setPrefix(String prefix) { this.prefix = prefix; }
    public String getSuffix() { return suffix; }
    public void setSuffix(String suffix) { this.suffix = suffix; }
    public String getQueue() { return queue; }
    public void setQueue(String queue) { this.queue = queue; }
    public Integer getBatchSize() { return batchSize; }
    public void setBatchSize(Integer batchSize) { this.batchSize = batchSize; }
    public Integer getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(Integer maxAttempts) { this.maxAttempts = maxAttempts; }
    public String getSchedule() { return schedule; }
    public void setSchedule(String schedule) { this.schedule = schedule; }
    /** Fluent setters for code that builds configs by hand. */
    public FunctionConfig trigger(String kind) { setTrigger(kind); return this; }
    public FunctionConfig bucket(String value) { setBucket(value); return this; }
    public FunctionConfig queue(String value) { setQueue(value); return this; }
    public FunctionConfig schedule(String value) { setSchedule(value); return this; }
    public FunctionConfig memoryMb(Integer value) { setMemoryMb(value); return this; }
    public FunctionConfig timeoutSeconds(Integer value) { setTimeoutSeconds(value); return this; }
    public FunctionConfig environment(Map<String, String> value) { setEnvironment(value); return this; }

    @Override
    public String toString() {
        return "FunctionConfig{name=" + name + ", handler=" + handler + ", trigger=" + trigger + "}";
    }
}
