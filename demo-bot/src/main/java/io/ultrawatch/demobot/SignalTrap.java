package io.ultrawatch.demobot;

import java.lang.reflect.Proxy;

/**
 * Routes a signal to our own handler instead of the JVM's. For SIGTERM the JVM's would start an orderly shutdown;
 * trapping it is what lets {@code ignore-term} keep the whole bot, main loop and {@code /health} included, running
 * after a TERM. SIGHUP is trapped for the reload of settings.
 *
 * <p>{@code sun.misc.Signal} is reached by reflection: it is unsupported API, and naming it at compile time draws a
 * warning that {@code -Werror} turns into an error. It lives in {@code jdk.unsupported}, which every JDK 17 ships
 * and exports, so the reflection needs no command-line flags.
 */
final class SignalTrap {

    private SignalTrap() {
    }

    /**
     * Installs {@code handler} for the signal {@code name} ("TERM", "HUP"); it runs on a fresh thread per signal.
     *
     * @return {@code false}, leaving the JVM's default in place, when the JVM does not allow it (no
     *     {@code sun.misc.Signal}, or {@code -Xrs})
     */
    static boolean trap(String name, Runnable onSignal) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object term = signalClass.getConstructor(String.class).newInstance(name);
            Object handler = Proxy.newProxyInstance(SignalTrap.class.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            onSignal.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "demo-bot SIG" + name + " handler";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            signalClass.getMethod("handle", signalClass, handlerType).invoke(null, term, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
