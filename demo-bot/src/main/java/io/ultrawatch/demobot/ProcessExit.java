package io.ultrawatch.demobot;

/** How the bot ends its own process; a seam so that tests can apply {@code crash} without dying. */
interface ProcessExit {

    /** Ends the process at once: no shutdown hooks, no finalization. */
    void halt(int status);

    /** Ends the process the orderly way: shutdown hooks run. */
    void exit(int status);

    /** The real thing. */
    ProcessExit RUNTIME = new ProcessExit() {
        @Override
        public void halt(int status) {
            Runtime.getRuntime().halt(status);
        }

        @Override
        public void exit(int status) {
            System.exit(status);
        }
    };
}
