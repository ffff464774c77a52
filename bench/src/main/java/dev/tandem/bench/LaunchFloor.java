package dev.tandem.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The floor of start-up: {@code bin/tandem --version}, launch to exit (the JVM and the command line,
 * no clusters). Run before anything is timed, it also makes sure that no launch in the measurements
 * pays for a build: one that would is refused.
 */
final class LaunchFloor {

    private LaunchFloor() {
    }

    /** The fastest of {@code runs} launches. */
    static Duration measure(Path launcher, int runs) throws Exception {
        Duration best = null;
        boolean rebuilt = false;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(launcher + " --version failed: " + output);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (output.contains("building")) {
                if (rebuilt) {
                    throw new IllegalStateException(launcher + " rebuilds its jar at every launch (a source newer"
                            + " than the jar?): nothing it launches can be timed");
                }
                rebuilt = true;
                i--; // that launch measured the build, not the start: once more
                continue;
            }
            best = best == null || took.compareTo(best) < 0 ? took : best;
        }
        return best;
    }
}
