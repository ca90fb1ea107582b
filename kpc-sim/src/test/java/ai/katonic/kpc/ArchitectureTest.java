package ai.katonic.kpc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering, over the compiled classes (tests left out). From the bottom: config, plan, state,
 * errors, runtime (the call log, the time scale), aws (the SDK clients and their errors, retries), the
 * engine (walk, apply, destroy, status; it is given the kinds as {@code engine.Kinds}); above them the
 * kinds (aws.ec2 ... aws.s3, k8s, helm, backup, and their catalog {@code kinds}), preflight, the CLI;
 * and the simulator, which the product never imports.
 */
class ArchitectureTest {
    static JavaClasses product;

    /** The packages below the kinds: they know no kind of resource, no command and no simulator. */
    static final List<String> KERNEL = List.of("ai.katonic.kpc.config", "ai.katonic.kpc.plan", "ai.katonic.kpc.state",
            "ai.katonic.kpc.errors", "ai.katonic.kpc.runtime", "ai.katonic.kpc.aws", "ai.katonic.kpc.engine");

    @BeforeAll
    static void load() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("ai.katonic.kpc");
    }

    static final DescribedPredicate<JavaClass> ABOVE_THE_KERNEL = DescribedPredicate.describe("a kind, a command or the simulator",
            c -> c.getPackageName().startsWith("ai.katonic.kpc.") && !KERNEL.contains(c.getPackageName()));

    @Test
    void noPackageCycles() {
        slices().matching("ai.katonic.kpc.(**)").should().beFreeOfCycles().check(product);
    }

    @Test
    void theKernelKnowsNoKindNoCommandAndNoSimulator() {
        noClasses().that().resideInAnyPackage(KERNEL.toArray(String[]::new)).should().dependOnClassesThat(ABOVE_THE_KERNEL).check(product);
    }

    @Test
    void theProductNeverImportsTheSimulator() {
        noClasses().that().resideOutsideOfPackage("ai.katonic.kpc.sim..").should().dependOnClassesThat()
                .resideInAPackage("ai.katonic.kpc.sim..").check(product);
    }

    /** What starts moto_server: a class that uses one of these (or the simulator's commands) runs on an emulated cloud. */
    private static final java.util.Set<String> CLOUD = java.util.Set.of("ai.katonic.kpc.sim.Simulator", "ai.katonic.kpc.sim.MotoServer",
            "ai.katonic.kpc.sim.SimProxy", "ai.katonic.kpc.engine.Moto");

    /**
     * A test class that starts an emulated cloud (moto, the simulator, {@code engine.Moto}) is marked
     * {@link EndToEnd}, so that {@code mvn test} stays the fast layer and Failsafe runs it. The simulator's
     * parts that need no moto (a cluster's API server, the jump host's SSH, the chart mirror) serve fast tests too.
     */
    @Test
    void everyTestOnAnEmulatedCloudIsMarkedEndToEnd() {
        JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS).importPackages("ai.katonic.kpc");
        List<String> unmarked = new java.util.ArrayList<>();
        for (JavaClass c : tests) {
            if (!c.getSimpleName().endsWith("Test") || c.isNestedClass() || c.isAnnotatedWith(EndToEnd.class)) continue;
            boolean emulates = tests.stream().filter(n -> n.equals(c) || n.getName().startsWith(c.getName() + "$"))
                    .flatMap(n -> n.getDirectDependenciesFromSelf().stream())
                    .anyMatch(d -> CLOUD.contains(d.getTargetClass().getName())
                            || d.getTargetClass().getPackageName().startsWith("ai.katonic.kpc.sim.cli"));
            if (emulates) unmarked.add(c.getName());
        }
        org.assertj.core.api.Assertions.assertThat(unmarked).as("test classes on an emulated cloud without @EndToEnd").isEmpty();
    }
}
