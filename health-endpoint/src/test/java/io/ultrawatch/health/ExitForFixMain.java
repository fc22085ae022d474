package io.ultrawatch.health;

/** Run by {@code HealthEndpointTest} as a child JVM: calls {@link HealthEndpoint#exitForFix} with its argument. */
final class ExitForFixMain {

    private ExitForFixMain() {
    }

    public static void main(String[] args) {
        HealthEndpoint.exitForFix(args.length > 0 ? args[0] : null);
        System.out.println("exitForFix returned"); // never reached
    }
}
