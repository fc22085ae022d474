package io.ultrawatch.watchdog.cli;

import java.lang.reflect.Proxy;

/**
 * Replaces the JVM's default handling of a signal (for HUP, TERM and INT: run the shutdown hooks and exit 128+n) with
 * our own handler, as daemons do. {@code sun.misc.Signal} is reached by reflection: naming it at compile time draws a
 * warning that -Werror refuses. It lives in {@code jdk.unsupported}, which every JDK 17 ships and exports.
 */
final class SignalTrap {
    private SignalTrap() {
    }

    /**
     * Installs {@code handler} for the signal named like {@code "HUP"}; false when the JVM does not allow it (e.g.
     * under {@code -Xrs}), then the signal keeps its default. The handler runs on a thread of its own per signal.
     */
    static boolean install(String signal, Runnable handler) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object sig = signalClass.getConstructor(String.class).newInstance(signal);
            Object proxy = Proxy.newProxyInstance(SignalTrap.class.getClassLoader(), new Class<?>[] {handlerType},
                    (self, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            handler.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(self);
                        case "equals" -> self == args[0];
                        default -> "ultrawatch SIG" + signal + " handler";
                    });
            signalClass.getMethod("handle", signalClass, handlerType).invoke(null, sig, proxy);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
