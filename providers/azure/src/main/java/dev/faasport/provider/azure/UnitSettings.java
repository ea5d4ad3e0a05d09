package dev.faasport.provider.azure;

import dev.faasport.limits.JavaRuntimes;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;

/**
 * What packaging recorded on an Azure deploy unit, read once from its string-keyed settings; validation stays with
 * the readers ({@link AzureSettings#appName(DeployUnit)}, {@link AzureSettings#plan(DeployUnit)},
 * {@link FunctionAppMapping#javaVersion(DeployUnit)}), which name the key in their messages.
 *
 * @param javaRuntime  the Java version packaging selected ({@code java.runtime}), or null
 * @param app          the project's {@code azure.app} as packaged, or null
 * @param appDefaulted whether packaging derived the app name because nobody chose one ({@code azure.appDefaulted})
 * @param plan         the hosting plan the unit was packaged for ({@code azure.plan}), or null
 */
record UnitSettings(String javaRuntime, String app, boolean appDefaulted, String plan) {
    static final String JAVA_RUNTIME = JavaRuntimes.RUNTIME;
    static final String APP = "azure.app";
    /** The setting packaging writes when the app name was not chosen with azure.app. */
    static final String APP_DEFAULTED = "azure.appDefaulted";
    static final String PLAN = "azure.plan";
    /** A function's own hosting plan (packaging gives functions of each plan an app of their own). */
    static final String FUNCTION_PLAN = "azure.plan";

    static UnitSettings of(DeployUnit unit) {
        return new UnitSettings(unit.settings().get(JAVA_RUNTIME), unit.settings().get(APP),
                Boolean.parseBoolean(unit.settings().get(APP_DEFAULTED)), unit.settings().get(PLAN));
    }

    /** @return the function's azure.plan option, or null */
    static String plan(FunctionSpec function) {
        return function.options().get(FUNCTION_PLAN);
    }
}
