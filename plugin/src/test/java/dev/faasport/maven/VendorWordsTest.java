package dev.faasport.maven;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, "vendor words only in vendor modules": no main class of the engine (core, packaging, limits, lock-in)
 * is named after a vendor or holds a string constant naming one. Vendor knowledge the engine reads is data (the limit
 * tables, the lock-in catalogue: resources, not classes) or comes from the provider (its {@code PackageLayout}).
 * {@link #NOT_YET} lists the classes that still carry vendor words, each with what remains; an entry that no longer
 * needs its place fails the test, so the list only shrinks.
 */
class VendorWordsTest {
    /** Vendor names and their products, in the spellings code uses; short ones only as whole words. */
    static final Pattern VENDOR = Pattern.compile("(?i:azure|google|lambda|amazon|microsoft)"
            + "|(?<![A-Za-z])(?:aws|gcp|gcf)(?![a-z])|(?:Aws|Gcp|Gcf)(?![a-z])|(?:AWS|GCP|GCF)(?![A-Z])");

    private static final String[] ENGINE = {"dev.faasport.core..", "dev.faasport.packaging..", "dev.faasport.limits..",
            "dev.faasport.lockin.."};

    /** Top-level classes (nested ones count with their owner) that still hold vendor words, and why. */
    static final Map<String, String> NOT_YET = Map.ofEntries(
            Map.entry("dev.faasport.packaging.LambdaZipLayout", "the Lambda layout: moves to providers/aws with its packaging tests"),
            Map.entry("dev.faasport.packaging.AzureLayout", "the Azure app layout: moves to providers/azure with AzurePlansTest"),
            Map.entry("dev.faasport.packaging.GoogleSourceLayout", "the Google source layout: moves to providers/gcp"),
            Map.entry("dev.faasport.packaging.Layouts", "the shipped providers' setting prefixes and layouts"),
            Map.entry("dev.faasport.packaging.ImagePlan", "Lambda base images and runtime interface client"),
            Map.entry("dev.faasport.packaging.Packager", "Lambda image handler, aws.layer settings of image units"),
            Map.entry("dev.faasport.packaging.SecretScanner", "vendor credential patterns"),
            Map.entry("dev.faasport.limits.LimitChecker", "vendor-specific fixes in its messages"),
            Map.entry("dev.faasport.limits.LimitTable", "provider ids in messages"),
            Map.entry("dev.faasport.core.error.HelpfulSuggestions", "each vendor's login command, the portable name rule"));

    private static JavaClasses engine;

    @BeforeAll
    static void importClasses() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.faasport.core", "dev.faasport.packaging", "dev.faasport.limits",
                        "dev.faasport.lockin");
    }

    @Test
    void engineClassesHoldNoVendorWords() {
        classes().that().resideInAnyPackage(ENGINE).and().doNotHaveFullyQualifiedName(VendorWordsTest.class.getName())
                .should(new ArchCondition<JavaClass>("hold no vendor words in their names or string constants") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        if (NOT_YET.containsKey(topLevel(c))) {
                            return;
                        }
                        List<String> words = vendorWords(c);
                        events.add(new SimpleConditionEvent(c, words.isEmpty(), c.getName() + " holds vendor words "
                                + words + ": perhaps they belong in the provider (its PackageLayout), a limit table"
                                + " or the lock-in catalogue"));
                    }
                }).check(engine);
    }

    @Test
    void everyClassNotYetCleanStillNeedsItsPlace() {
        Map<String, List<String>> found = new TreeMap<>();
        for (JavaClass c : engine) {
            if (NOT_YET.containsKey(topLevel(c))) {
                found.computeIfAbsent(topLevel(c), k -> new ArrayList<>()).addAll(vendorWords(c));
            }
        }
        Set<String> clean = new TreeSet<>(NOT_YET.keySet());
        found.forEach((name, words) -> {
            if (!words.isEmpty()) {
                clean.remove(name);
            }
        });
        assertThat(clean).as("classes that hold no vendor words any more: take them off NOT_YET").isEmpty();
    }

    @Test
    void theRuleSeesVendorWords() {
        assertThat(List.of("dev.faasport.runtime.aws.LambdaHandler", "azure.plan", "AzureWebJobsStorage",
                "gcp.entryPoint", "GcfHttpHandler", "AWS Lambda", "com.google.cloud", "aws.")).allMatch(s -> VENDOR.matcher(s).find());
        assertThat(List.of("laws", "draws", "faasport-functions.json", "local.port", "knative.namespace",
                "image.registry")).noneMatch(s -> VENDOR.matcher(s).find());
    }

    private static String topLevel(JavaClass c) {
        String name = c.getName();
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }

    /** @return the vendor words of the class's simple name and of its string constants */
    static List<String> vendorWords(JavaClass c) {
        List<String> out = new ArrayList<>();
        if (VENDOR.matcher(c.getSimpleName()).find()) {
            out.add("class " + c.getSimpleName());
        }
        try (InputStream in = c.getSource().orElseThrow().getUri().toURL().openStream()) {
            for (String s : stringConstants(in)) {
                if (VENDOR.matcher(s).find()) {
                    out.add('"' + s + '"');
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + c.getName(), e);
        }
        return out;
    }

    /** The class file's CONSTANT_String values (JVMS 4.4): literals, and the recipes of string concatenations. */
    static List<String> stringConstants(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> strings = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 8 -> strings.add(in.readUnsignedShort());
                case 7, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        List<String> out = new ArrayList<>();
        strings.forEach(i -> out.add(utf8[i]));
        return out;
    }
}
