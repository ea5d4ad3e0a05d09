package dev.faasport.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a function of the set, for discovery when the plugin configuration declares none. The class must
 * implement one of this package's function interfaces or {@link java.util.function.Function}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Function {

    /** @return the function's name; empty means the class's simple name in kebab case */
    String name() default "";

    /** @return memory in MB; 0 means the set's default */
    int memory() default 0;

    /** @return timeout in seconds; 0 means the set's default */
    int timeout() default 0;

    /** @return for a {@link StorageFunction}: the bucket whose events trigger it */
    String bucket() default "";

    /** @return for a {@link QueueFunction}: the queue it consumes */
    String queue() default "";

    /** @return for a {@link ScheduleFunction}: {@code cron(...)} or {@code rate(...)} */
    String schedule() default "";
}
