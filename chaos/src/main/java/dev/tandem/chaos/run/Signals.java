package dev.tandem.chaos.run;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals Java cannot send itself: SIGSTOP and SIGCONT, through the system's {@code kill}. */
public final class Signals {

    private Signals() {
    }

    public static void stop(long pid) {
        send("-STOP", pid);
    }

    public static void resume(long pid) {
        send("-CONT", pid);
    }

    private static void send(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("kill " + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending " + signal + " to " + pid, e);
        }
    }
}
