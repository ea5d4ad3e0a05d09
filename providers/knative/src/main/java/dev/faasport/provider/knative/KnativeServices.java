package dev.faasport.provider.knative;

import dev.faasport.spi.FaasportEnvironment;
import dev.faasport.spi.ResourceTags;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.Trigger;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The mapping between a deploy unit and a Knative Service resource, both ways, and the checks that come first. */
final class KnativeServices {

    static final CustomResourceDefinitionContext SERVICES = new CustomResourceDefinitionContext.Builder()
            .withGroup("serving.knative.dev").withVersion("v1").withKind("Service").withPlural("services")
            .withScope("Namespaced").build();

    static final String LABEL_SET = ResourceTags.SET;
    /** The key of a referenced Kubernetes Secret that holds the value: {@code secret:db-password} reads db-password's "value". */
    static final String SECRET_KEY = "value";
    static final String LABEL_FUNCTION = ResourceTags.FUNCTION;
    static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    // hashes are 64 hex characters, one more than a label value may hold: they live in annotations
    static final String ANNOTATION_CODE = ResourceTags.CODE_SHA256;
    static final String ANNOTATION_CONFIG = ResourceTags.CONFIG_HASH;
    static final String ANNOTATION_HANDLER = ResourceTags.HANDLER;
    static final String ANNOTATION_SHAPE = ResourceTags.SHAPE;
    static final String ANNOTATION_MAX_SCALE_OPTION = ResourceTags.PREFIX + "max-scale";
    static final String MIN_SCALE = "autoscaling.knative.dev/min-scale";
    static final String MAX_SCALE = "autoscaling.knative.dev/max-scale";
    static final String VISIBILITY = "networking.knative.dev/visibility";
    static final String FUNCTION_ENV = FaasportEnvironment.FUNCTION;
    /** The neutral option that caps the number of instances. */
    static final String OPTION_MAX_SCALE = "knative.maxScale";

    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private KnativeServices() {
    }

    /** Checks everything Kubernetes and Knative would reject, before any remote call. */
    static void validate(DeployUnit unit) throws ProviderException {
        String name = unit.name();
        if (name.length() > 63 || !DNS_1035_LABEL.matcher(name).matches()) {
            throw ProviderException.permanent("Function '" + name + "' cannot be a Knative Service name: it must be a "
                    + "DNS-1035 label (lower-case letters, digits and '-', starting with a letter, at most 63 characters)",
                    "perhaps you should rename it to '" + suggestName(name) + "'");
        }
        FunctionSpec f = unit.function();
        Artifact artifact = unit.artifact();
        if (artifact == null || artifact.format() != PackageFormat.OCI_IMAGE || artifact.imageRef() == null
                || artifact.imageRef().isBlank()) {
            throw ProviderException.permanent("Function '" + name + "' has no pushed container image (Knative deploys OCI images only)",
                    "perhaps you should set <packageType>image</packageType> and an image registry for it");
        }
        if (f.memoryMb() <= 0) {
            throw ProviderException.permanent("Function '" + name + "' has memoryMb " + f.memoryMb() + ", which must be > 0",
                    "perhaps you should set memoryMb to e.g. 256");
        }
        if (f.timeoutSeconds() <= 0) {
            throw ProviderException.permanent("Function '" + name + "' has timeoutSeconds " + f.timeoutSeconds() + ", which must be > 0",
                    "perhaps you should set timeoutSeconds to at most the cluster's max-revision-timeout-seconds (600 by default)");
        }
        if (f.maxConcurrency() < 0 || f.minInstances() < 0) {
            throw ProviderException.permanent("Function '" + name + "' has a negative maxConcurrency or minInstances",
                    "perhaps you should use 0 for the defaults");
        }
        if (!(f.trigger() instanceof Trigger.Http)) {
            throw ProviderException.permanent("Function '" + name + "' has a " + f.trigger().kind()
                    + " trigger, but a Knative Service is invoked over HTTP only",
                    "perhaps you should give it an http trigger, or deploy it to a cloud provider");
        }
        int maxScale = maxScale(f);
        if (maxScale < 0 || (maxScale > 0 && maxScale < f.minInstances())) {
            throw ProviderException.permanent("Function '" + name + "' has option " + OPTION_MAX_SCALE + "=" + f.option(OPTION_MAX_SCALE, "")
                    + ", which must be a whole number >= minInstances (" + f.minInstances() + ")",
                    "perhaps you should raise it or remove it (0 = unbounded)");
        }
        for (String key : concat(f.environment().keySet(), f.secrets().keySet())) {
            if (!ENV_NAME.matcher(key).matches()) {
                throw ProviderException.permanent("Function '" + name + "' has environment variable '" + key
                        + "', which Kubernetes rejects", "perhaps you should use letters, digits, '_', '-' and '.' only, not starting with a digit");
            }
        }
    }

    private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int maxScale(FunctionSpec f) {
        try {
            return Integer.parseInt(f.option(OPTION_MAX_SCALE, "0").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String suggestName(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
        if (s.isEmpty()) {
            s = "fn";
        }
        return s.length() > 63 ? s.substring(0, 63).replaceAll("-+$", "") : s;
    }

    /** @return the Knative Service that runs the unit's function */
    static GenericKubernetesResource toResource(DeployUnit unit, String namespace) {
        FunctionSpec f = unit.function();
        Trigger.Http http = (Trigger.Http) f.trigger();
        Map<String, String> labels = new TreeMap<>();
        labels.put(LABEL_SET, unit.setName());
        labels.put(LABEL_FUNCTION, unit.name());
        labels.put(LABEL_MANAGED_BY, "faasport");
        if (!http.publicAccess()) {
            // not reachable from outside the cluster: Knative's documented way to keep a service private
            labels.put(VISIBILITY, "cluster-local");
        }
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(ANNOTATION_CODE, unit.artifact().sha256());
        annotations.put(ANNOTATION_CONFIG, unit.configHash() == null ? "" : unit.configHash());
        annotations.put(ANNOTATION_HANDLER, f.handler());
        annotations.put(ANNOTATION_SHAPE, f.shape().name());

        Map<String, String> templateAnnotations = new TreeMap<>();
        templateAnnotations.put(MIN_SCALE, Integer.toString(f.minInstances()));
        int maxScale = maxScale(f);
        if (maxScale > 0) {
            templateAnnotations.put(MAX_SCALE, Integer.toString(maxScale));
        }
        List<Map<String, Object>> env = new ArrayList<>();
        Map<String, String> variables = new TreeMap<>(f.environment());
        variables.put(FUNCTION_ENV, f.name());
        variables.put(dev.faasport.spi.FaasportEnvironment.TIMEOUT_SECONDS, Integer.toString(f.timeoutSeconds()));
        variables.forEach((k, v) -> env.add(entry("name", k, "value", v)));
        // a reference: the kubelet reads the Secret's key when it starts the container ("Distribute Credentials
        // Securely Using Secrets", kubernetes.io, read 2026-12); the value never enters the Service
        f.secrets().forEach((k, secret) -> env.add(entry("name", k, "valueFrom",
                Map.of("secretKeyRef", entry("name", secret, "key", SECRET_KEY)))));

        String memory = f.memoryMb() + "Mi";
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "function");
        container.put("image", unit.artifact().imageRef());
        container.put("env", env);
        container.put("resources", entry("limits", Map.of("memory", memory), "requests", Map.of("memory", memory)));

        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("containerConcurrency", f.maxConcurrency());
        podSpec.put("timeoutSeconds", f.timeoutSeconds());
        podSpec.put("containers", List.of(container));

        Map<String, Object> template = new LinkedHashMap<>();
        template.put("metadata", entry("labels", Map.of(LABEL_SET, unit.setName(), LABEL_FUNCTION, unit.name()),
                "annotations", templateAnnotations));
        template.put("spec", podSpec);

        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion("serving.knative.dev/v1");
        resource.setKind("Service");
        resource.setMetadata(new ObjectMetaBuilder().withName(unit.name()).withNamespace(namespace)
                .withLabels(labels).withAnnotations(annotations).build());
        resource.setAdditionalProperty("spec", Map.of("template", template));
        return resource;
    }

    /**
     * Keeps the labels and annotations others put on the service (Knative's webhook records creator and last modifier,
     * and refuses an update that drops the creator); Faasport's own keys come from {@code desired}.
     */
    static void keepForeignMetadata(GenericKubernetesResource current, GenericKubernetesResource desired) {
        Map<String, String> labels = new TreeMap<>(current.getMetadata().getLabels() == null ? Map.of() : current.getMetadata().getLabels());
        labels.remove(VISIBILITY);
        labels.putAll(desired.getMetadata().getLabels());
        desired.getMetadata().setLabels(labels);
        Map<String, String> annotations = new TreeMap<>(current.getMetadata().getAnnotations() == null ? Map.of()
                : current.getMetadata().getAnnotations());
        annotations.putAll(desired.getMetadata().getAnnotations());
        desired.getMetadata().setAnnotations(annotations);
    }

    /** @return the unit as the cluster holds it, with its live configuration read back from the resource */
    static DeployedUnit toDeployedUnit(GenericKubernetesResource r) {
        Map<String, String> labels = r.getMetadata().getLabels() == null ? Map.of() : r.getMetadata().getLabels();
        Map<String, String> annotations = r.getMetadata().getAnnotations() == null ? Map.of() : r.getMetadata().getAnnotations();
        String name = r.getMetadata().getName();
        String function = labels.getOrDefault(LABEL_FUNCTION, name);
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("namespace", String.valueOf(r.getMetadata().getNamespace()));
        String url = string(r.get("status", "url"));
        Map<String, String> endpoints = new TreeMap<>();
        if (url != null) {
            endpoints.put(function, url);
            attributes.put("url", url);
        }
        attributes.put("ready", readyCondition(r).map(c -> string(c.get("status"))).orElse("Unknown"));
        String revision = string(r.get("status", "latestReadyRevisionName"));
        if (revision != null) {
            attributes.put("revision", revision);
        }
        Map<String, Object> container = firstContainer(r);
        String image = container == null ? null : string(container.get("image"));
        if (image != null) {
            attributes.put("image", image);
        }
        List<FunctionSpec> functions = new ArrayList<>();
        String handler = annotations.get(ANNOTATION_HANDLER);
        String shape = annotations.get(ANNOTATION_SHAPE);
        if (handler != null && shape != null && container != null) {
            try {
                functions.add(readSpec(r, function, handler, FunctionShape.valueOf(shape), container, labels));
            } catch (RuntimeException ignored) {
                // an annotation or field edited by hand: list the unit without its live specification
            }
        }
        return new DeployedUnit(labels.getOrDefault(LABEL_SET, ""), name, annotations.get(ANNOTATION_CODE),
                annotations.get(ANNOTATION_CONFIG), functions, endpoints, attributes);
    }

    @SuppressWarnings("unchecked")
    private static FunctionSpec readSpec(GenericKubernetesResource r, String function, String handler, FunctionShape shape,
                                         Map<String, Object> container, Map<String, String> labels) {
        Map<String, String> env = new TreeMap<>();
        Map<String, String> secrets = new TreeMap<>();
        Object envList = container.get("env");
        if (envList instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> e = (Map<String, Object>) o;
                if (e.get("value") != null) {
                    env.put(String.valueOf(e.get("name")), String.valueOf(e.get("value")));
                } else if (GenericKubernetesResource.get(e, "valueFrom", "secretKeyRef", "name") instanceof String s) {
                    secrets.put(String.valueOf(e.get("name")), s);
                }
            }
        }
        env.remove(FUNCTION_ENV);
        env.remove(dev.faasport.spi.FaasportEnvironment.TIMEOUT_SECONDS);
        String memory = string(GenericKubernetesResource.get((Map<String, Object>) container, "resources", "limits", "memory"));
        int memoryMb = memory == null ? 0 : parseMebibytes(memory);
        Number timeout = r.get("spec", "template", "spec", "timeoutSeconds");
        Number concurrency = r.get("spec", "template", "spec", "containerConcurrency");
        Map<String, Object> templateAnnotations = r.get("spec", "template", "metadata", "annotations");
        int minScale = 0;
        Map<String, String> options = new TreeMap<>();
        if (templateAnnotations != null) {
            minScale = Integer.parseInt(String.valueOf(templateAnnotations.getOrDefault(MIN_SCALE, "0")));
            Object max = templateAnnotations.get(MAX_SCALE);
            if (max != null) {
                options.put(OPTION_MAX_SCALE, String.valueOf(max));
            }
        }
        boolean publicAccess = !"cluster-local".equals(labels.get(VISIBILITY));
        return new FunctionSpec(function, handler, shape, new Trigger.Http(List.of(), publicAccess), memoryMb,
                timeout == null ? 0 : timeout.intValue(), env, concurrency == null ? 0 : concurrency.intValue(), minScale,
                FunctionSpec.PackageType.IMAGE, options, secrets);
    }

    /** Parses a Kubernetes memory quantity into MiB (Mi, Gi, M, G, or bytes). */
    static int parseMebibytes(String quantity) {
        String q = quantity.trim();
        if (q.endsWith("Mi")) {
            return Integer.parseInt(q.substring(0, q.length() - 2));
        }
        if (q.endsWith("Gi")) {
            return Integer.parseInt(q.substring(0, q.length() - 2)) * 1024;
        }
        if (q.endsWith("M")) {
            return (int) (Long.parseLong(q.substring(0, q.length() - 1)) * 1_000_000L / (1024 * 1024));
        }
        if (q.endsWith("G")) {
            return (int) (Long.parseLong(q.substring(0, q.length() - 1)) * 1_000_000_000L / (1024 * 1024));
        }
        return (int) (Long.parseLong(q) / (1024 * 1024));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> firstContainer(GenericKubernetesResource r) {
        List<Object> containers = r.get("spec", "template", "spec", "containers");
        return containers == null || containers.isEmpty() ? null : (Map<String, Object>) containers.get(0);
    }

    @SuppressWarnings("unchecked")
    static java.util.Optional<Map<String, Object>> readyCondition(GenericKubernetesResource r) {
        List<Object> conditions = r.get("status", "conditions");
        if (conditions == null) {
            return java.util.Optional.empty();
        }
        return conditions.stream().map(c -> (Map<String, Object>) c).filter(c -> "Ready".equals(c.get("type"))).findFirst();
    }

    static String string(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static Map<String, Object> entry(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
