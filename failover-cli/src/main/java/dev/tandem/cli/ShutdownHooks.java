package dev.tandem.cli;

/** Shutdown hooks that a command adds for Ctrl-C/SIGTERM and removes when it ends by itself. */
public final class ShutdownHooks {

    private ShutdownHooks() {
    }

    public static Thread add(String name, Runnable action) {
        Thread hook = new Thread(action, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Removes the hook; during a shutdown (the hook is running) there is nothing to remove. */
    public static void remove(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // the JVM is stopping and runs the hook itself
        }
    }
}
