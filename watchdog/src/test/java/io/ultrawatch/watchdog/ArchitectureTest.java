package io.ultrawatch.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import org.junit.jupiter.api.Test;

/**
 * The package structure as a test: no cycles between packages, and the layers from the CLI at the top to the shared
 * vocabulary at the bottom. Each package's {@code package-info.java} says what it may import; a failure here names
 * the offending import. Fix the code, not the rule: a new dependency that breaks a layer usually wants an interface
 * owned by the lower package (as {@code control}'s {@code BotControl}) or a move to {@code model}.
 */
class ArchitectureTest {
    private static final String OURS = "io.ultrawatch.watchdog..";
    private static final String ROOT = "io.ultrawatch.watchdog";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    private static String pkg(String name) {
        return "io.ultrawatch.watchdog." + name + "..";
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.ultrawatch.watchdog.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /**
     * Top to bottom; a layer may use the layers below it, never one above. Within a layer the packages may use each
     * other (without cycles). The root package ({@code Watchdog}, {@code Assembly}) is the only place below the CLI
     * that wires everything together.
     */
    @Test
    void layersOnlyLookDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy(pkg("cli"))
                .layer("assembly").definedBy(ROOT)
                .layer("control").definedBy(pkg("control"))
                .layer("outputs").definedBy(pkg("status"), pkg("metrics"), pkg("history"), pkg("notify"))
                .layer("supervisor").definedBy(pkg("supervisor"))
                .layer("parts").definedBy(pkg("process"), pkg("probe"), pkg("resource"), pkg("policy"),
                        pkg("event"), pkg("eventlog"), pkg("log"), pkg("controlfile"), pkg("export"),
                        pkg("sdnotify"))
                .layer("config").definedBy(pkg("config"))
                .layer("foundation").definedBy(pkg("model"), pkg("time"), pkg("json"), pkg("files"))
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("assembly").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("control").mayOnlyBeAccessedByLayers("cli", "assembly")
                .whereLayer("outputs").mayOnlyBeAccessedByLayers("cli", "assembly", "control")
                .whereLayer("supervisor").mayOnlyBeAccessedByLayers("cli", "assembly", "control", "outputs")
                .whereLayer("parts").mayOnlyBeAccessedByLayers("cli", "assembly", "control", "outputs",
                        "supervisor")
                .whereLayer("config").mayOnlyBeAccessedByLayers("cli", "assembly", "control", "outputs",
                        "supervisor", "parts")
                .check(MAIN);
    }

    /** A package in no layer would escape the rule above unseen: every package of the watchdog has one. */
    @Test
    void everyPackageIsInALayer() {
        java.util.Set<String> layered = java.util.Set.of("cli", "control", "status", "metrics", "history", "notify",
                "supervisor", "process", "probe", "resource", "policy", "event", "eventlog", "log", "controlfile",
                "export", "sdnotify", "config", "model", "time", "json", "files");
        java.util.Set<String> found = new java.util.TreeSet<>();
        for (var c : MAIN) {
            String p = c.getPackageName();
            if (p.startsWith(ROOT + ".")) {
                found.add(p.substring(ROOT.length() + 1).split("\\.")[0]);
            }
        }
        assertThat(found).isSubsetOf(layered);
    }

    @Test
    void theFoundationImportsNothingOfOurs() {
        for (String leaf : new String[] {"model", "time", "json", "files"}) {
            classes().that().resideInAPackage(pkg(leaf))
                    .should().onlyDependOnClassesThat(resideOutsideOfPackage(OURS).or(resideInAPackage(pkg(leaf))))
                    .because(leaf + " is a leaf every package may use")
                    .check(MAIN);
        }
    }

    @Test
    void configImportsNoRuntimePackage() {
        classes().that().resideInAPackage(pkg("config"))
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(OURS)
                        .or(resideInAPackage(pkg("config"))).or(resideInAPackage(pkg("model"))))
                .because("a config is loaded and checked (check-config) without starting anything")
                .check(MAIN);
    }

    @Test
    void exportIsAFunctionOfTheConfigOnly() {
        classes().that().resideInAPackage(pkg("export"))
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(OURS).or(resideInAPackage(pkg("export")))
                        .or(resideInAPackage(pkg("config"))).or(resideInAPackage(pkg("model"))))
                .because("an export is a pure function from the config: it starts and reads nothing")
                .check(MAIN);
    }

    @Test
    void readersOfTheSupervisorSeeOnlyItsSnapshot() {
        noClasses().that().resideOutsideOfPackages(pkg("supervisor"), pkg("cli")).and().resideOutsideOfPackage(ROOT)
                .should().dependOnClassesThat(resideInAPackage(pkg("supervisor")).and(not(belongToAnyOf(
                        BotSnapshot.class))))
                .because("only the assembly drives supervisors; outputs read the snapshots they publish")
                .check(MAIN);
    }
}
