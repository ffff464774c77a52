package dev.tandem.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code tandem} command in a child JVM of its own (a process to stop or kill, as a host would be). */
public final class TandemProcess {

    private TandemProcess() {
    }

    /** Starts {@code tandem ARGS...} on the test classpath; its stdout and stderr go to {@code log}. */
    public static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.tandem.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
