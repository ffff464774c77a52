package dev.tandem.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Shutdown hooks that a command adds for Ctrl-C/SIGTERM and removes when it ends by itself.
 *
 * <p>In the {@code tandem} process ({@link #stopOnSignals()}, from {@link Main}), SIGTERM and SIGINT run
 * them before the JVM's shutdown begins, then end the process with 128 + the signal's number, as the JVM
 * itself does. The JVM runs every shutdown hook at once, and H2 closes its databases in one of its own:
 * beside a replicator's stop, it closed the store before the flow's last save in one stop of three of
 * {@code bench/run} (2026-12-07), and the records copied since the last commit were copied again by the
 * next start. A second signal during the stop ends the process at once (its hooks, H2's among them, run).
 */
public final class ShutdownHooks {

    private static final Set<Thread> HOOKS = ConcurrentHashMap.newKeySet();
    /** 128 + the number of the signal that asked the process to stop; 0 until one did. */
    private static final AtomicInteger SIGNALLED = new AtomicInteger();
    private static final CountDownLatch HOOKS_RAN = new CountDownLatch(1);
    /** A hook is registered, removed or taken by a signal's stop whole, never half. */
    private static final Object LOCK = new Object();

    private ShutdownHooks() {
    }

    public static Thread add(String name, Runnable action) {
        Thread hook = new Thread(action, name);
        synchronized (LOCK) {
            Runtime.getRuntime().addShutdownHook(hook); // also for a System.exit elsewhere, or a JVM that keeps its signals
            HOOKS.add(hook);
        }
        return hook;
    }

    /** Removes the hook; during a shutdown (the hook is running) there is nothing to remove. */
    public static void remove(Thread hook) {
        synchronized (LOCK) {
            HOOKS.remove(hook);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shutdownInProgress) {
                // the JVM is stopping and runs the hook itself
            } catch (IllegalArgumentException notRegistered) {
                // removed already
            }
        }
    }

    /**
     * SIGTERM and SIGINT run the hooks, then exit. A JVM that keeps a signal to itself ({@code -Xrs}, or a
     * platform without it) keeps its own handling: the hooks run as shutdown hooks.
     */
    static void stopOnSignals() {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), ShutdownHooks::stopOn);
            } catch (IllegalArgumentException | UnsupportedOperationException kept) {
                // the JVM's own handling stays
            }
        }
    }

    /**
     * Ends the process with {@code code}; when a signal asked it to stop, waits for that stop's hooks and
     * ends it with 128 + the signal's number (a command that returns because its hooks stopped it must not
     * end the process under them).
     */
    static void exit(int code) {
        if (SIGNALLED.get() != 0) {
            uninterruptibly(HOOKS_RAN::await);
            System.exit(SIGNALLED.get());
        }
        System.exit(code);
    }

    private static void stopOn(Signal signal) {
        int code = 128 + signal.getNumber();
        if (!SIGNALLED.compareAndSet(0, code)) {
            System.exit(SIGNALLED.get()); // asked again: now
            return;
        }
        try {
            List<Thread> hooks;
            synchronized (LOCK) {
                hooks = new ArrayList<>(HOOKS);
                hooks.forEach(ShutdownHooks::remove);
            }
            hooks.forEach(Thread::start);
            for (Thread hook : hooks) {
                uninterruptibly(hook::join);
            }
        } finally {
            HOOKS_RAN.countDown();
        }
        System.exit(code);
    }

    private interface Wait {
        void run() throws InterruptedException;
    }

    /** Waits through interrupts (the stop must finish), then keeps the interrupt. */
    private static void uninterruptibly(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
