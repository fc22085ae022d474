package io.ultrawatch.watchdog.cli;

import java.lang.reflect.Proxy;

/**
 * Makes SIGHUP reload the config, as daemons do, instead of the JVM's default (exit). {@code sun.misc.Signal} is
 * reached by reflection: naming it at compile time draws a warning that -Werror refuses. It lives in
 * {@code jdk.unsupported}, which every JDK 17 ships and exports.
 */
final class HangupTrap {
    private HangupTrap() {
    }

    /** Installs {@code onHangup}; false when the JVM does not allow it (then SIGHUP keeps its default). */
    static boolean install(Runnable onHangup) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object hup = signalClass.getConstructor(String.class).newInstance("HUP");
            Object handler = Proxy.newProxyInstance(HangupTrap.class.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            onHangup.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "ultrawatch SIGHUP handler";
                    });
            signalClass.getMethod("handle", signalClass, handlerType).invoke(null, hup, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
