package dev.faasport.maven;

import java.util.List;
import java.util.Map;

/**
 * One {@code <function>} of the plugin configuration. Null fields take the set's defaults. Numbers and booleans are
 * read as text and converted by the core, so {@code <memory>512MB</memory>} fails with a valid example instead of
 * Maven's "Cannot convert". (An unknown element such as {@code <memroy>} is refused by Maven before the goal runs:
 * Maven binds every element to a field, and its message names the element.)
 */
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
    String publicAccess;
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
    String batchSize;
    /** queue: deliveries before dead-lettering */
    String maxAttempts;
    /** schedule: cron(...) or rate(...) */
    String schedule;
    String memory;
    String timeout;
    Map<String, String> environment;
    String maxConcurrency;
    String minInstances;
    /** zip or image */
    String packageType;
    /** provider-specific options, keys prefixed by provider id (aws.snapStart) */
    Map<String, String> options;

    /** POM spelling {@code <public>}: not a legal Java field name, so Maven sets it through this setter. */
    public void setPublic(String value) {
        this.publicAccess = value;
    }
}
