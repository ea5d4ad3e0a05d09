package dev.faasport.core.model;

/**
 * Set-level defaults, a mutable bean for the POM's {@code <defaults>} element. Null means the documented default:
 * memory {@value #MEMORY_MB} MB, timeout {@value #TIMEOUT_SECONDS} s, max concurrency {@value #MAX_CONCURRENCY},
 * min instances {@value #MIN_INSTANCES}, package type zip. The environment and options are merged under each
 * function's own (the function's value wins).
 */
public class SetDefaults extends ResourceConfig {

    public static final int MEMORY_MB = 256;
    public static final int TIMEOUT_SECONDS = 30;
    public static final int MAX_CONCURRENCY = 10;
    public static final int MIN_INSTANCES = 0;
    public static final String PACKAGE_TYPE = "zip";
    /** queue batch size when neither the function nor the set says */
    public static final int BATCH_SIZE = 10;
    /** queue deliveries before the dead-letter queue */
    public static final int MAX_ATTEMPTS = 3;
}
