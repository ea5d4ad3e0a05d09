package dev.faasport.packaging;

import dev.faasport.image.FunctionImages;
import dev.faasport.image.ImageBuilder;
import dev.faasport.image.ImageException;
import dev.faasport.image.ImageRequest;
import dev.faasport.image.ImageResult;
import dev.faasport.limits.JavaRuntimes;
import dev.faasport.limits.LimitTable;
import dev.faasport.runtime.json.Json;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageBuild;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.PackageLayout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * Builds the deployable archives of a function set for one provider, reproducibly: the same inputs give
 * byte-identical archives. A second run with unchanged inputs writes nothing and reports {@code upToDate}.
 * <p>
 * The packager is the orchestrator: it validates the request, scans for secrets, collects the classes, dependencies
 * and adapter jars, keeps the up-to-date state and the manifest, builds container images ({@link ImagePlan}) and
 * chooses each unit's runtime; what archives a set becomes and what goes where inside them is the format's
 * {@link PackageLayout}, supplied by the provider ({@code Provider.packageLayout()}) or, for the formats of the
 * providers Faasport ships, one of {@link Layouts}.
 * Safe to call from several threads for different providers.
 */
public final class Packager {
    /** The descriptor resource every adapter reads. */
    public static final String DESCRIPTOR = PackageBuild.DESCRIPTOR;
    /** The jar holding the descriptor in packages whose classes are in jars. */
    public static final String DESCRIPTOR_JAR = "faasport-descriptor.jar";
    /** The jar holding the project's classes in packages whose classes are in jars. */
    public static final String APP_JAR = "faasport-app.jar";
    /** The manifest's file name under the output directory. */
    public static final String MANIFEST = "manifest.json";

    // bump when a layout changes, so that old fingerprints no longer match
    private static final String LAYOUT_VERSION = "1";
    private static final String STATE = ".faasport-state.json";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    // the prefixes of every provider Faasport ships; a provider of its own sees their keys, and they see its keys
    private static final Set<String> PROVIDER_PREFIXES = Layouts.PROVIDER_PREFIXES;
    private static final Object MANIFEST_LOCK = new Object();
    private static final long STORE_ABOVE = 16L << 20;

    private final SecretScanner scanner = new SecretScanner();
    /** Made on first use: zip-only packaging never loads jib-core. */
    private final java.util.function.Supplier<ImageBuilder> images;

    /** A packager whose images are pushed with registry credentials from the Docker config and credential helpers. */
    public Packager() {
        this.images = ImageBuilder::new;
    }

    /** @param images builds and pushes container images (e.g. with credentials from the Maven settings) */
    public Packager(ImageBuilder images) {
        java.util.Objects.requireNonNull(images, "images");
        this.images = () -> images;
    }

    /**
     * Packages the set for one provider under {@code req.outputDir()/<providerId>/} and records it in the manifest.
     *
     * @throws PackagingException when an input is unusable: a secret, a corrupt or unreadable jar, a symlink loop,
     *                            a function the format cannot express
     */
    public PackageResult pack(PackageRequest req, String providerId, PackageFormat format) throws PackagingException {
        if (format == null) {
            throw new PackagingException("Provider " + providerId + " names no package format"
                    + ", perhaps you should fix the provider's packageFormat()");
        }
        PackageLayout layout = Layouts.builtIn(format).orElseThrow(() -> new PackagingException("Provider "
                + providerId + " deploys package format " + format + ", which Faasport cannot lay out itself"
                + ", perhaps you should return its layout from the provider's packageLayout()"));
        return pack(req, providerId, layout);
    }

    /**
     * Packages the set for one provider in the provider's own layout; see {@link #pack(PackageRequest, String,
     * PackageFormat)}.
     */
    public PackageResult pack(PackageRequest req, String providerId, PackageLayout layout) throws PackagingException {
        java.util.Objects.requireNonNull(layout, "layout");
        PackageFormat format = layout.format();
        validate(req, providerId, format);
        Path dir = req.outputDir().resolve(providerId);
        Path manifest = req.outputDir().resolve(MANIFEST);
        Map<String, String> settings = providerSettings(req.settings(), providerId);
        if (ImagePlan.imageFunctions(req, format).isEmpty()) {
            // image settings must not change the config hash of zip-only units
            settings.keySet().removeIf(k -> k.startsWith("image.") || k.startsWith(providerId + ".image."));
        }
        ImagePlan imagePlan = ImagePlan.of(req, providerId, format, settings);
        if (imagePlan != null) {
            imagePlan.checkRuntime(imagePlan.runtimeJars(req), req.setName());
        }
        for (FunctionSpec f : req.functions()) {
            scanner.scanEnvironment(f.name(), f.environment(), req.allowPlaintextSecrets());
        }
        List<Inputs.ClassFile> classes = Inputs.classes(req.classesDir(), scanner);
        String fingerprint = fingerprint(req, providerId, format, settings, classes, imagePlan);

        PackageResult previous = upToDate(req, dir, manifest, fingerprint);
        if (previous != null) {
            return previous;
        }
        for (Inputs.ClassFile c : classes) {
            scanner.scan(c.name(), c.file());
        }
        for (Dependency d : req.dependencies()) {
            Inputs.checkJar("Dependency " + d.coordinates(), d.file(), scanner);
        }
        for (Path a : req.adapters(format)) {
            Inputs.checkJar("Faasport adapter jar", a, scanner);
        }

        // Faasport's adapter jars go into every package: the vendor runtime must run them too
        int adapterLevel = JavaLevel.measure(null, req.adapters(format), null);
        Build build = new Build(req, providerId, dir, layout, settings, classes, adapterLevel,
                imagePlan == null ? Set.of() : imagePlan.functions);
        try {
            Files.createDirectories(dir);
            layout.check(build);
            layout.write(build);
            build.deleteWork();
            if (imagePlan != null) {
                build.images(imagePlan, images.get(), providerId);
            }
            deleteStale(dir, build.written);
            writeState(dir, fingerprint, build);
            writeManifest(manifest, req, providerId, format, build);
        } catch (PackageBuild.Refused e) {
            throw new PackagingException(e.getMessage(), e);
        } catch (Archive.TooLarge e) {
            throw new PackagingException("The " + providerId + " package of set '" + req.setName() + "' is too large"
                    + " for a zip archive (" + e.getMessage() + "), perhaps you should exclude dependencies that are"
                    + " not needed at run time or use packageType image", e);
        } catch (IOException e) {
            throw new PackagingException("Writing the " + providerId + " packages under " + dir + " failed (" + e
                    + "), perhaps you should check the disk space and permissions of the output directory", e);
        }
        List<Path> written = new ArrayList<>(build.written);
        written.add(manifest);
        return new PackageResult(build.units, false, manifest, written);
    }

    private static void validate(PackageRequest req, String providerId, PackageFormat format)
            throws PackagingException {
        if (providerId == null || !providerId.matches("[a-z][a-z0-9-]*")) {
            throw new PackagingException("Provider id '" + providerId + "' is not usable as a directory name"
                    + ", perhaps you should pass the provider's id (local, aws, azure, gcp)");
        }
        if (req.functions().isEmpty()) {
            throw new PackagingException("Function set '" + req.setName() + "' has no functions to package"
                    + ", perhaps you should declare at least one function");
        }
        Set<String> names = new TreeSet<>();
        for (FunctionSpec f : req.functions()) {
            if (!SAFE_NAME.matcher(f.name()).matches() || f.name().contains("..")) {
                throw new PackagingException("Function name '" + f.name() + "' cannot be used as a file name"
                        + ", perhaps you should use letters, digits, '-' and '_' only");
            }
            if (!names.add(f.name().toLowerCase(Locale.ROOT))) {
                throw new PackagingException("Function name '" + f.name() + "' appears twice in set '"
                        + req.setName() + "' (names are compared ignoring case), perhaps you should rename one");
            }
        }
    }

    /** Settings that concern this provider: neutral keys and its own prefix; other providers' keys would make spurious changes. */
    static Map<String, String> providerSettings(Map<String, String> all, String providerId) {
        Map<String, String> out = new TreeMap<>();
        all.forEach((k, v) -> {
            boolean foreign = PROVIDER_PREFIXES.stream().anyMatch(k::startsWith) && !k.startsWith(providerId + ".");
            if (!foreign) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String fingerprint(PackageRequest req, String providerId, PackageFormat format,
                                      Map<String, String> settings, List<Inputs.ClassFile> classes,
                                      ImagePlan imagePlan) throws PackagingException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("layout", LAYOUT_VERSION);
        doc.put("provider", providerId);
        doc.put("format", format.name());
        doc.put("set", req.setName());
        doc.put("config", ConfigHash.of(req.functions(), settings));
        doc.put("timestamp", req.timestamp().toString());
        doc.put("sharedLayer", req.sharedLayer());
        doc.put("allowPlaintextSecrets", List.copyOf(req.allowPlaintextSecrets()));
        List<Object> files = new ArrayList<>();
        for (Inputs.ClassFile c : classes) {
            files.add(List.of(c.name(), c.size(), c.mtime()));
        }
        doc.put("classes", files);
        List<Object> jars = new ArrayList<>();
        for (Dependency d : req.dependencies()) {
            jars.add(List.of(d.coordinates(), stat(d.file())));
        }
        doc.put("dependencies", jars);
        List<Object> adapters = new ArrayList<>();
        for (Path a : req.adapters(format)) {
            adapters.add(stat(a));
        }
        doc.put("adapters", adapters);
        if (imagePlan != null) {
            doc.put("images", imagePlan.fingerprint());
        }
        return ConfigHash.sha256(Json.write(doc).getBytes(StandardCharsets.UTF_8));
    }

    private static String stat(Path file) throws PackagingException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file.toAbsolutePath().normalize() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            throw new PackagingException("Cannot read " + file + " (" + e + ")"
                    + ", perhaps you should resolve the dependencies again (mvn dependency:resolve)", e);
        }
    }

    // ------------------------------------------------------------------ up-to-date check and state

    @SuppressWarnings("unchecked")
    private static PackageResult upToDate(PackageRequest req, Path dir, Path manifest, String fingerprint) {
        Path state = dir.resolve(STATE);
        if (!Files.isRegularFile(state) || !Files.isRegularFile(manifest)) {
            return null;
        }
        try {
            Map<String, Object> s = Json.parseObject(Files.readString(state));
            if (!fingerprint.equals(s.get("fingerprint")) || !manifestLists(manifest, req.setName(), dir)) {
                return null;
            }
            for (Object o : (List<Object>) s.get("files")) {
                List<Object> f = (List<Object>) o;
                Path p = dir.resolve((String) f.get(0));
                if (!Files.isRegularFile(p) || Files.size(p) != ((Number) f.get(1)).longValue()) {
                    return null;
                }
            }
            Map<String, FunctionSpec> byName = new TreeMap<>();
            req.functions().forEach(f -> byName.put(f.name(), f));
            List<DeployUnit> units = new ArrayList<>();
            for (Object o : (List<Object>) s.get("units")) {
                Map<String, Object> u = (Map<String, Object>) o;
                List<FunctionSpec> fns = new ArrayList<>();
                for (Object n : (List<Object>) u.get("functions")) {
                    FunctionSpec f = byName.get((String) n);
                    if (f == null) {
                        return null;
                    }
                    fns.add(f);
                }
                Map<String, Object> a = (Map<String, Object>) u.get("artifact");
                // an image has no file: the pushed image is reused by its digest reference
                Artifact artifact = new Artifact(PackageFormat.valueOf((String) a.get("format")),
                        a.get("path") == null ? null : dir.resolve((String) a.get("path")), (String) a.get("sha256"),
                        ((Number) a.get("zippedBytes")).longValue(), ((Number) a.get("unzippedBytes")).longValue(),
                        (String) a.get("imageRef"));
                Map<String, String> settings = new TreeMap<>();
                ((Map<String, Object>) u.get("settings")).forEach((k, v) -> settings.put(k, String.valueOf(v)));
                units.add(new DeployUnit(req.setName(), (String) u.get("name"), fns, artifact,
                        (String) u.get("configHash"), settings));
            }
            return new PackageResult(units, true, manifest, List.of());
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable or old state only means we build again
        }
    }

    /**
     * @return whether the manifest still records this set and this provider: one damaged or emptied by hand or by a
     *         crash is not trusted (the packages are built and the manifest written again)
     */
    private static boolean manifestLists(Path manifest, String setName, Path providerDir) {
        try {
            Map<String, Object> doc = Json.parseObject(Files.readString(manifest));
            return setName.equals(doc.get("set")) && doc.get("providers") instanceof Map<?, ?> providers
                    && providers.get(providerDir.getFileName().toString()) instanceof Map<?, ?> p
                    && p.get("units") instanceof List<?> units && !units.isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void writeState(Path dir, String fingerprint, Build build) throws IOException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("fingerprint", fingerprint);
        List<Object> files = new ArrayList<>();
        for (Path p : build.written) {
            files.add(List.of(Inputs.relative(dir, p), Files.size(p)));
        }
        s.put("files", files);
        List<Object> units = new ArrayList<>();
        for (DeployUnit u : build.units) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", u.name());
            m.put("functions", u.functions().stream().map(FunctionSpec::name).toList());
            m.put("configHash", u.configHash());
            m.put("settings", u.settings());
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("format", u.artifact().format().name());
            if (u.artifact().path() != null) {
                a.put("path", Inputs.relative(dir, u.artifact().path()));
            }
            if (u.artifact().imageRef() != null) {
                a.put("imageRef", u.artifact().imageRef());
            }
            a.put("sha256", u.artifact().sha256());
            a.put("zippedBytes", u.artifact().zippedBytes());
            a.put("unzippedBytes", u.artifact().unzippedBytes());
            m.put("artifact", a);
            units.add(m);
        }
        s.put("units", units);
        Files.writeString(dir.resolve(STATE), Json.writePretty(s) + "\n");
    }

    @SuppressWarnings("unchecked")
    private static void deleteStale(Path dir, List<Path> written) throws IOException {
        Path state = dir.resolve(STATE);
        if (!Files.isRegularFile(state)) {
            return;
        }
        try {
            Map<String, Object> s = Json.parseObject(Files.readString(state));
            Set<Path> keep = new TreeSet<>();
            written.forEach(p -> keep.add(p.toAbsolutePath().normalize()));
            for (Object o : (List<Object>) s.get("files")) {
                Path p = dir.resolve((String) ((List<Object>) o).get(0)).toAbsolutePath().normalize();
                // only files this packager wrote, inside its own directory
                if (p.startsWith(dir.toAbsolutePath().normalize()) && !keep.contains(p)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (RuntimeException e) {
            // an old state we cannot read leaves old archives in place; they are harmless
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeManifest(Path manifest, PackageRequest req, String providerId, PackageFormat format,
                                      Build build) throws IOException {
        synchronized (MANIFEST_LOCK) {
            Map<String, Object> doc = new TreeMap<>();
            if (Files.isRegularFile(manifest)) {
                try {
                    doc.putAll(Json.parseObject(Files.readString(manifest)));
                } catch (RuntimeException e) {
                    doc.clear(); // a damaged manifest is rebuilt from this run
                }
            }
            if (!req.setName().equals(doc.get("set"))) {
                doc.clear();
            }
            doc.put("set", req.setName());
            doc.put("timestamp", req.timestamp().toString());
            Map<String, Object> providers = new TreeMap<>();
            if (doc.get("providers") instanceof Map<?, ?> m) {
                providers.putAll((Map<String, Object>) m);
            }
            Map<String, Object> p = new TreeMap<>();
            p.put("format", format.name());
            p.put("units", build.manifestUnits);
            if (build.layer != null) {
                p.put("layer", archiveJson(req.outputDir(), build.layer));
            }
            providers.put(providerId, p);
            doc.put("providers", providers);
            Path tmp = manifest.resolveSibling(MANIFEST + "." + providerId + ".tmp");
            Files.writeString(tmp, Json.writePretty(doc) + "\n");
            Files.move(tmp, manifest, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static Map<String, Object> archiveJson(Path outputDir, Archive.Written w) {
        Map<String, Object> a = new TreeMap<>();
        a.put("path", Inputs.relative(outputDir, w.path()));
        a.put("sha256", w.sha256());
        a.put("zippedBytes", w.zippedBytes());
        a.put("unzippedBytes", w.unzippedBytes());
        List<Object> jars = new ArrayList<>();
        for (Archive.Entry e : w.jars()) {
            Map<String, Object> j = new TreeMap<>();
            j.put("entry", e.name());
            j.put("bytes", e.size());
            if (e.comment() != null) {
                j.put("coordinates", e.comment());
            }
            jars.add(j);
        }
        a.put("jars", jars);
        return a;
    }

    // ------------------------------------------------------------------ what a layout is offered

    /** The file name of a set's name, for archives named after the set. */
    static String safeFile(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** A jar manifest, with a {@code Class-Path} when {@code classPath} is not null. */
    static byte[] jarManifest(String classPath) throws IOException {
        return Build.manifestBytes(classPath);
    }

    /** One packaging run's working state, offered to the layout. */
    private static final class Build implements PackageBuild {
        final PackageRequest req;
        final String providerId;
        final int adapterLevel;
        final Path dir;
        final PackageLayout layout;
        final PackageFormat format;
        final Map<String, String> settings;
        final List<Inputs.ClassFile> classes;
        final Set<String> imageFunctions;
        final List<DeployUnit> units = new ArrayList<>();
        final List<Object> manifestUnits = new ArrayList<>();
        final List<Path> written = new ArrayList<>();
        final Map<Path, dev.faasport.packaging.Archive.Written> archives = new java.util.HashMap<>();
        final Map<String, Jar> dependencyJars;
        final Map<String, Jar> adapterJars;
        dev.faasport.packaging.Archive.Written layer;

        record Jar(Path file, String coordinates) {
        }

        Build(PackageRequest req, String providerId, Path dir, PackageLayout layout, Map<String, String> settings,
              List<Inputs.ClassFile> classes, int adapterLevel, Set<String> imageFunctions) {
            this.req = req;
            this.providerId = providerId;
            this.adapterLevel = adapterLevel;
            this.dir = dir;
            this.layout = layout;
            this.format = layout.format();
            this.settings = settings;
            this.classes = classes;
            this.imageFunctions = Set.copyOf(imageFunctions);
            this.dependencyJars = new TreeMap<>();
            for (Dependency d : req.dependencies()) {
                String name = d.file().getFileName().toString();
                if (dependencyJars.containsKey(name)) {
                    name = d.groupId() + "-" + name; // two groups ship the same file name
                }
                dependencyJars.put(name, new Jar(d.file(), d.coordinates()));
            }
            this.adapterJars = new TreeMap<>();
            for (Path a : req.adapters(format)) {
                String name = a.getFileName().toString();
                if (!layout.packs(name)) {
                    continue; // e.g. a jar only container images need
                }
                // the user's code often depends on faasport-runtime-api itself: one copy is enough
                if (!dependencyJars.containsKey(name)) {
                    adapterJars.put(name, new Jar(a, "faasport adapter " + name));
                }
            }
        }

        @Override
        public String setName() {
            return req.setName();
        }

        @Override
        public String providerId() {
            return providerId;
        }

        @Override
        public List<FunctionSpec> functions() {
            return SpecJson.sorted(req.functions());
        }

        @Override
        public Map<String, String> settings() {
            return java.util.Collections.unmodifiableMap(settings);
        }

        @Override
        public Set<String> imageFunctions() {
            return imageFunctions;
        }

        @Override
        public boolean sharedDependencies() {
            return req.sharedLayer();
        }

        @Override
        public boolean hasDependencies() {
            return !dependencyJars.isEmpty();
        }

        @Override
        public String descriptor(List<FunctionSpec> functions, boolean withConfiguration) {
            return SpecJson.descriptor(req.setName(), functions, withConfiguration, req.allowPlaintextSecrets());
        }

        @Override
        public List<String> jarNames() {
            Set<String> names = new TreeSet<>(dependencyJars.keySet());
            names.addAll(adapterJars.keySet());
            return List.copyOf(names);
        }

        @Override
        public PackageBuild.Archive archive() {
            return new Zip();
        }

        @Override
        public void shared(Artifact archive) {
            layer = archives.get(archive.path());
            if (layer == null) {
                throw new IllegalArgumentException(archive.path() + " was not written by this build");
            }
        }

        Path work() {
            return dir.resolve(".work");
        }

        void deleteWork() throws IOException {
            Path work = work();
            if (!Files.isDirectory(work)) {
                return;
            }
            try (var files = Files.walk(work)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }

        /** An archive of this build: its jars and classes come from the request. */
        private final class Zip implements PackageBuild.Archive {
            private final dev.faasport.packaging.Archive zip = new dev.faasport.packaging.Archive(req.timestamp());

            @Override
            public Zip text(String name, String text) {
                zip.text(name, text);
                return this;
            }

            @Override
            public Zip bytes(String name, byte[] bytes) {
                zip.bytes(name, bytes);
                return this;
            }

            @Override
            public Zip classes(String prefix) {
                addClasses(zip, prefix);
                return this;
            }

            @Override
            public Zip dependencies(String prefix) {
                addJars(zip, prefix, dependencyJars);
                return this;
            }

            @Override
            public Zip adapters(String prefix) {
                addJars(zip, prefix, adapterJars);
                return this;
            }

            @Override
            public Zip file(String name, Path file, String comment) {
                zip.file(name, file, true, comment);
                return this;
            }

            @Override
            public Artifact write(String fileName) throws IOException {
                Path target = dir.resolve(fileName).normalize();
                if (!target.getParent().equals(dir.normalize())) {
                    throw new IllegalArgumentException("Archive name '" + fileName + "' leaves " + dir);
                }
                dev.faasport.packaging.Archive.Written w = Build.this.write(zip, target);
                archives.put(w.path(), w);
                return new Artifact(format, w.path(), w.sha256(), w.zippedBytes(), w.unzippedBytes(), null);
            }

            @Override
            public Path writeWork(String fileName) throws IOException {
                Path target = work().resolve(fileName);
                zip.write(target);
                return target;
            }
        }

        void addClasses(dev.faasport.packaging.Archive a, String prefix) {
            for (Inputs.ClassFile c : classes) {
                // jars are compressed already, and big resources are stored rather than deflated in memory
                a.file(prefix + c.name(), c.file(), c.name().endsWith(".jar") || c.size() > STORE_ABOVE, null);
            }
        }

        void addJars(dev.faasport.packaging.Archive a, String prefix, Map<String, Jar> jars) {
            jars.forEach((name, jar) -> a.file(prefix + name, jar.file(), true, jar.coordinates()));
        }

        dev.faasport.packaging.Archive.Written write(dev.faasport.packaging.Archive a, Path target) throws IOException {
            dev.faasport.packaging.Archive.Written w = a.write(target);
            written.add(target);
            return w;
        }

        @Override
        public void unit(String name, List<FunctionSpec> functions, Artifact archive, Map<String, String> extra,
                         Map<String, String> configSettings, Map<String, Object> manifestExtra) {
            dev.faasport.packaging.Archive.Written w = archives.get(archive.path());
            if (w == null) {
                throw new IllegalArgumentException("Unit " + name + ": " + archive.path() + " was not written by this build");
            }
            Map<String, String> unitSettings = new TreeMap<>(settings);
            unitSettings.putAll(extra);
            unitSettings.putAll(configSettings);
            Artifact artifact = new Artifact(format, w.path(), w.sha256(), w.zippedBytes(), w.unzippedBytes(), null);
            Map<String, String> hashed = new TreeMap<>(settings);
            if (adapterLevel > 0) {
                unitSettings.put(JavaRuntimes.ADAPTER_VERSION, Integer.toString(adapterLevel));
            }
            // the runtime is configuration: a new choice (another compiled level, a new default) redeploys the unit
            runtime(unitSettings, functions).ifPresent(r -> {
                unitSettings.put(JavaRuntimes.RUNTIME, r);
                hashed.put(JavaRuntimes.RUNTIME, r);
            });
            // e.g. a shared archive: a dependency-only change must reach every unit
            hashed.putAll(configSettings);
            DeployUnit u = new DeployUnit(req.setName(), name, functions, artifact,
                    ConfigHash.of(functions, hashed), unitSettings);
            units.add(u);
            Map<String, Object> m = new TreeMap<>();
            m.put("name", name);
            m.put("configHash", u.configHash());
            m.put("artifact", archiveJson(req.outputDir(), w));
            List<Object> fns = new ArrayList<>();
            SpecJson.sorted(functions).forEach(f -> fns.add(SpecJson.manifestSpec(f, req.allowPlaintextSecrets())));
            m.put("functions", fns);
            m.put("settings", unitSettings);
            m.putAll(manifestExtra);
            manifestUnits.add(m);
        }

        /**
         * @return the vendor runtime the unit deploys to: the one asked for, else the newest LTS that runs its
         *         classes (see {@link JavaRuntimes}); empty where the table names no runtime property (local: the
         *         build's JVM) or where no runtime fits, which the checker reports
         */
        java.util.Optional<String> runtime(Map<String, String> unitSettings, List<FunctionSpec> functions) {
            LimitTable table;
            try {
                table = LimitTable.load(providerId);
            } catch (IllegalArgumentException e) {
                return java.util.Optional.empty(); // a provider without a limit table chooses its runtime itself
            }
            String planValue = unitSettings.getOrDefault(providerId + ".plan", unitSettings.get(providerId + ".generation"));
            String plan = table.plan(planValue).orElse(table.defaultPlan());
            java.util.Optional<dev.faasport.limits.Limit> data = table.find(LimitTable.RUNTIME_KEY, plan, null);
            if (data.isEmpty() || data.get().property() == null) {
                return java.util.Optional.empty();
            }
            String asked = JavaRuntimes.asked(data.get(), unitSettings, functions);
            java.util.Optional<String> chosen = JavaRuntimes.select(data.get().runtimes(),
                    JavaRuntimes.needed(unitSettings), asked).map(dev.faasport.limits.JavaRuntime::name);
            return asked != null ? java.util.Optional.of(chosen.orElse(asked)) : chosen;
        }

        /** Builds and pushes one image per function of the plan, with the descriptor of that function only. */
        void images(ImagePlan plan, ImageBuilder builder, String providerId) throws IOException, PackagingException {
            Path work = dir.resolve(".work");
            List<Path> dependencies = req.dependencies().stream().map(Dependency::file).toList();
            List<Path> runtime = plan.runtimeJars(req).stream()
                    .filter(j -> !dependencyJars.containsKey(j.getFileName().toString())).toList();
            for (FunctionSpec f : SpecJson.sorted(req.functions())) {
                if (!plan.functions.contains(f.name())) {
                    continue;
                }
                Path descriptor = work.resolve(f.name()).resolve(DESCRIPTOR);
                Files.createDirectories(descriptor.getParent());
                Files.writeString(descriptor, SpecJson.descriptor(req.setName(), List.of(f), false, req.allowPlaintextSecrets()));
                FunctionImages.FunctionContent content = new FunctionImages.FunctionContent(f.name(), dependencies,
                        runtime, req.classesDir(), descriptor);
                ImageRequest request = plan.request(content, plan.target(req.setName(), f.name()));
                ImageResult result;
                try {
                    result = builder.build(request);
                } catch (ImageException e) {
                    throw new PackagingException("The container image of function '" + f.name() + "' for "
                            + providerId + ": " + e.getMessage(), e);
                }
                Map<String, Object> json = plan.json(result, request);
                Path record = dir.resolve(f.name() + ".image.json");
                Files.writeString(record, Json.writePretty(json) + "\n");
                written.add(record);

                Map<String, String> unitSettings = new TreeMap<>(settings);
                unitSettings.put("image.ref", result.imageRef());
                unitSettings.put(dev.faasport.limits.LimitChecker.IMAGE_BASE_BYTES, Long.toString(result.baseCompressedBytes()));
                if (plan.lambda) {
                    unitSettings.put(LambdaZipLayout.HANDLER_SETTING, LambdaZipLayout.HANDLER);
                }
                Artifact artifact = new Artifact(PackageFormat.OCI_IMAGE, null, result.digestHex(),
                        result.totalBytes(), result.applicationUncompressedBytes(), result.imageRef());
                DeployUnit u = new DeployUnit(req.setName(), f.name(), List.of(f), artifact,
                        ConfigHash.of(List.of(f), settings), unitSettings);
                units.add(u);
                Map<String, Object> m = new TreeMap<>();
                m.put("name", f.name());
                m.put("configHash", u.configHash());
                m.put("artifact", json);
                m.put("functions", List.of(SpecJson.manifestSpec(f, req.allowPlaintextSecrets())));
                m.put("settings", unitSettings);
                if (plan.lambda) {
                    m.put("handler", LambdaZipLayout.HANDLER);
                }
                manifestUnits.add(m);
                Files.deleteIfExists(descriptor);
                Files.deleteIfExists(descriptor.getParent());
            }
            Files.deleteIfExists(work);
        }

        static byte[] manifestBytes(String classPath) throws IOException {
            Manifest m = new Manifest();
            m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            m.getMainAttributes().put(new Attributes.Name("Created-By"), "Faasport");
            if (classPath != null) {
                m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.write(out);
            return out.toByteArray();
        }

        private static String safeFile(String name) {
            return name.replaceAll("[^A-Za-z0-9_.-]", "_");
        }
    }
}
