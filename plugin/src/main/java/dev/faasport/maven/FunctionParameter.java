package dev.faasport.maven;

import java.util.List;
import java.util.Map;

/** One {@code <function>} of the plugin configuration. Null fields take the set's defaults. */
public class FunctionParameter {
    /** the function's name, unique in the set */
    String name;
    /** fully qualified handler class */
    String handler;
    /** http, storage, queue or schedule */
    String trigger;
    /** http: allowed methods; empty = any */
    List<String> methods;
    /** http: callable by anyone ({@code <public>true</public>}) */
    Boolean publicAccess;
    /** storage: bucket name */
    String bucket;
    /** storage: created, deleted */
    List<String> events;
    /** storage: key prefix filter */
    String prefix;
    /** storage: key suffix filter */
    String suffix;
    /** queue: queue name */
    String queue;
    /** queue: most messages per invocation */
    Integer batchSize;
    /** queue: deliveries before dead-lettering */
    Integer maxAttempts;
    /** schedule: cron(...) or rate(...) */
    String schedule;
    Integer memory;
    Integer timeout;
    Map<String, String> environment;
    Integer maxConcurrency;
    Integer minInstances;
    /** zip or image */
    String packageType;
    /** provider-specific options, keys prefixed by provider id (aws.snapStart) */
    Map<String, String> options;

    /** POM spelling {@code <public>}: not a legal Java field name, so Maven sets it through this setter. */
    public void setPublic(Boolean value) {
        this.publicAccess = value;
    }
}
