package dev.faasport.maven;

import dev.faasport.core.Faasport;
import dev.faasport.core.error.FaasportException;
import dev.faasport.core.config.ConfigurationProcessor;
import dev.faasport.core.config.RawConfiguration;
import dev.faasport.core.model.Project;
import dev.faasport.core.session.Providers;
import dev.faasport.core.session.Target;
import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.spi.ProviderConfig;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: reading the configuration, building the core's immutable inputs, and turning core failures
 * into Maven's two kinds (user errors fail the build with the core's "perhaps you should" message; anything else is
 * an execution error).
 */
public abstract class AbstractFaasMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    protected org.apache.maven.plugin.MojoExecution mojoExecution;

    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    protected List<Artifact> pluginArtifacts;

    /** Skips the goal. */
    @Parameter(property = "faas.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * The target: local (default), aws, azure, gcp or knative; package and check also take a comma list or "all" (every
     * provider, knative only when image.registry is set, since it deploys images).
     */
    @Parameter(property = "faas.provider", defaultValue = "local")
    protected String provider;

    /** The function set's name; cloud resources are tagged with it. */
    @Parameter(property = "faas.setName", defaultValue = "${project.artifactId}")
    protected String setName;

    /** Set-level defaults every function inherits. */
    @Parameter
    protected DefaultsParameter defaults;

    /** The functions; when none are declared they are discovered from the compiled classes. */
    @Parameter
    protected List<FunctionParameter> functions;

    /**
     * Provider settings, keys prefixed by provider id ({@code <aws.region>eu-west-1</aws.region>}). Any
     * {@code -Dfaas.<provider>.<key>=...} on the command line overrides them. Never put credentials here.
     */
    @Parameter
    protected Map<String, String> providerProperties;

    /** Set-level packaging settings ({@code azure.app}, {@code azure.plan}, {@code gcp.generation}). */
    @Parameter
    protected Map<String, String> settings;

    /** AWS: package the dependencies shared by all functions as one Lambda layer. */
    @Parameter(property = "faas.sharedLayer", defaultValue = "false")
    protected boolean sharedLayer;

    /** Where packages and reports go. */
    @Parameter(defaultValue = "${project.build.directory}/faas")
    protected File outputDirectory;

    /** Timestamp of archive entries, for reproducible packages. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    protected String outputTimestamp;

    /**
     * Environment variables (comma list) whose credential-looking values may be packaged in clear; the manifest keeps
     * only a hash of them. Prefer a reference, {@code secret:NAME}, to the target's secret store.
     */
    @Parameter(property = "faas.allowPlaintextSecret")
    protected String allowPlaintextSecret;

    /** Units deployed at once. */
    @Parameter(property = "faas.parallelism", defaultValue = "4")
    protected int parallelism;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("faas: skipped (faas.skip)");
            return;
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(getClass().getClassLoader());
        try {
            run();
        } catch (FaasportException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (MojoFailureException | MojoExecutionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MojoExecutionException("faas:" + goal() + " failed unexpectedly: " + e
                    + ", perhaps you should run with -e and report it", e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** The goal's work. */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /** @return the goal's name, for messages */
    protected abstract String goal();

    protected Faasport faasport() {
        return new Faasport(log(), getClass().getClassLoader(), new dev.faasport.packaging.Packager(imageBuilder()))
                .withOverridden(mojoExecution == null ? List.of()
                        : overridden(mojoExecution.getMojoDescriptor(), session.getUserProperties(), this));
    }

    /**
     * @return the {@code -Dfaas.*} command-line properties whose parameter got another value: Maven lets the POM's
     *         configuration win, so the goal would act on that value; the core decides what to do about it
     */
    static List<dev.faasport.core.error.Overridden> overridden(org.apache.maven.plugin.descriptor.MojoDescriptor descriptor,
                                                        Properties user, Object mojo) {
        List<dev.faasport.core.error.Overridden> out = new java.util.ArrayList<>();
        for (org.apache.maven.plugin.descriptor.Parameter p : descriptor.getParameters()) {
            String expression = p.getExpression();
            if (expression == null || !expression.startsWith("${faas.") || !expression.endsWith("}")) {
                continue;
            }
            String property = expression.substring(2, expression.length() - 1);
            String typed = user.getProperty(property);
            Object actual = field(mojo, p.getName());
            if (typed != null && actual != null && !typed.trim().equals(String.valueOf(actual))) {
                out.add(new dev.faasport.core.error.Overridden(property, typed, String.valueOf(actual)));
            }
        }
        return out;
    }

    private static Object field(Object mojo, String name) {
        for (Class<?> c = mojo.getClass(); c != null; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(mojo);
            } catch (NoSuchFieldException e) {
                // declared higher up
            } catch (IllegalAccessException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Registry credentials, as Jib does: a {@code <server>} in Maven's settings whose id is the registry host of
     * {@code image.registry}; otherwise the image builder falls back to the Docker config and credential helpers.
     */
    private dev.faasport.image.ImageBuilder imageBuilder() {
        dev.faasport.image.ImageBuilder builder = new dev.faasport.image.ImageBuilder(getLog()::debug);
        String registry = configuration().imageRegistry();
        if (registry != null && session.getSettings() != null) {
            String host = registry.split("/", 2)[0];
            org.apache.maven.settings.Server server = session.getSettings().getServer(host);
            if (server != null && server.getUsername() != null) {
                builder = builder.withCredential(host, server.getUsername(), server.getPassword());
            }
        }
        return builder;
    }

    protected ProviderConfig.Log log() {
        return new ProviderConfig.Log() {
            public void info(String m) { getLog().info(m); }
            public void warn(String m) { getLog().warn(m); }
            public void debug(String m) { getLog().debug(m); }
        };
    }

    protected Project buildProject() throws MojoExecutionException {
        FunctionSetConfig config = ConfigMapper.toConfig(setName, defaults, functions);
        return new MavenInputs(project, pluginArtifacts, getLog()).project(config, outputDirectory.toPath(),
                outputTimestamp, sharedLayer, packagingSettings(), allowPlaintextSecret);
    }

    /** @return the settings that shape packages, as core's {@link ConfigurationProcessor} decides them */
    protected Map<String, String> packagingSettings() {
        return configuration().packagingSettings();
    }

    /** decides from the raw values each time it is asked; built once so that providers are loaded once */
    private ConfigurationProcessor configuration;

    /** @return the configuration as this goal holds it, decided by the core */
    protected ConfigurationProcessor configuration() {
        if (configuration == null) {
            configuration = new ConfigurationProcessor(rawConfiguration(),
                    Providers.available(getClass().getClassLoader()));
        }
        return configuration;
    }

    /** The POM's and the command line's values as Maven hands them over; the core decides which wins. */
    private RawConfiguration rawConfiguration() {
        return new RawConfiguration() {
            public Map<String, String> providerProperties() {
                return providerProperties == null ? Map.of() : providerProperties;
            }

            public Map<String, String> settings() {
                return settings == null ? Map.of() : settings;
            }

            public Map<String, String> projectProperties() {
                return project == null ? Map.of() : map(project.getProperties());
            }

            public Map<String, String> systemProperties() {
                return session == null ? Map.of() : map(session.getSystemProperties());
            }

            public Map<String, String> commandLineProperties() {
                return session == null ? Map.of() : map(session.getUserProperties());
            }

            public String providers() {
                return provider;
            }
        };
    }

    private static Map<String, String> map(Properties p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (p != null) {
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        }
        return out;
    }

    protected Target target(String providerId) {
        return new Target(providerId, providerProperties(), outputDirectory.toPath());
    }

    /** POM providerProperties, overridden by -Dfaas.<provider>.<key> from project, system and user properties. */
    protected Map<String, String> providerProperties() {
        return configuration().providerProperties();
    }

    protected DeployOptions deployOptions() {
        return DeployOptions.defaults().withParallelism(Math.max(1, parallelism));
    }

    /** @return the provider list of -Dfaas.provider (comma separated, or "all") */
    protected List<String> providerList() {
        return configuration().providerIds();
    }

    /** @return the single provider of -Dfaas.provider, refusing a list */
    protected String singleProvider() throws MojoFailureException {
        List<String> ids = providerList();
        if (ids.size() != 1) {
            throw new MojoFailureException("faas:" + goal() + " works on one provider, but faas.provider is '"
                    + provider + "', perhaps you should pass one of " + ids + " with -Dfaas.provider=...");
        }
        return ids.get(0);
    }
}
