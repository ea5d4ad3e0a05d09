package dev.faasport.maven;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The core's packages form layers: the facade's package ({@code dev.faasport.core}) on top, each sub-package
 * ({@code model}, {@code plan}, {@code deploy}, {@code migrate}, ...) below it, and no two of them importing each
 * other. The root package is a slice of its own, so a sub-package reaching back up to the facade is a cycle too.
 */
class CorePackageCyclesTest {

    private static final String CORE = "dev.faasport.core";

    /** Each class goes to its package's first segment under core; the core package itself is the slice "(facade)". */
    static final SliceAssignment CORE_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String p = javaClass.getPackageName();
            if (p.equals(CORE)) {
                return SliceIdentifier.of("(facade)");
            }
            if (p.startsWith(CORE + ".")) {
                return SliceIdentifier.of(p.substring(CORE.length() + 1).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of dev.faasport.core (the core package itself included)";
        }
    };

    private static JavaClasses core() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CORE);
    }

    @Test
    void corePackagesAreFreeOfCycles() {
        slices().assignedFrom(CORE_PACKAGES).should().beFreeOfCycles().check(core());
    }

    /** The rule can fail: it sees a cycle between the facade's package and a sub-package that imports it back. */
    @Test
    void theRuleSeesACycleThroughTheFacadePackage() {
        JavaClasses cyclic = new ClassFileImporter().importClasses(Facade.class, Facade.Sub.class);
        SliceAssignment nested = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                return c.getSimpleName().equals("Sub") ? SliceIdentifier.of("sub") : SliceIdentifier.of("(facade)");
            }

            @Override
            public String getDescription() {
                return "a facade and a sub-package";
            }
        };
        EvaluationResult result = slices().assignedFrom(nested).should().beFreeOfCycles().evaluate(cyclic);
        assertThat(result.hasViolation()).isTrue();
        assertThat(CORE_PACKAGES.getIdentifierOf(new ClassFileImporter().importClass(dev.faasport.core.Faasport.class)))
                .isEqualTo(SliceIdentifier.of("(facade)"));
    }

    /** Two classes that import each other, standing for a facade and a sub-package that reaches back. */
    static final class Facade {
        Sub sub;

        static final class Sub {
            Facade facade;
        }
    }
}
