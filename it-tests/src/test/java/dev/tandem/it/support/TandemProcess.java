package dev.tandem.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code tandem} command in a child JVM of its own (a process to stop or kill, as a host would be). */
public final class TandemProcess {

    private TandemProcess() {
    }

    /** Starts {@code tandem ARGS...} on the test classpath; its stdout and stderr go to {@code log}. */
    public static Process start(Path log, String... args) throws IOException {
        return new ProcessBuilder(command(List.of(), args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Stops a process started by {@link #start} as a service manager would (SIGTERM) and waits at most
     * {@code limit} for it to end; a process still running then is killed and the test fails.
     */
    public static void stop(Process process, Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("tandem (pid " + process.pid() + ") still ran " + limit + " after SIGTERM");
        }
    }

    /**
     * The port a process started by {@link #start} prints it serves on ({@code group(1)} of {@code printed},
     * e.g. {@code metrics on :(\\d+)/metrics}), once it has printed it, within {@code limit}.
     */
    public static int awaitPrintedPort(Path log, java.util.regex.Pattern printed, Duration limit) {
        return org.awaitility.Awaitility.await().atMost(limit).until(() -> {
            if (!Files.exists(log)) {
                return 0;
            }
            java.util.regex.Matcher m = printed.matcher(Files.readString(log));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }, port -> port > 0);
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}, ...) to process {@code pid} with kill(1); fails the test if kill does. */
    public static void signal(long pid, String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start().waitFor();
        if (exit != 0) {
            throw new AssertionError("kill -" + signal + " " + pid + " exited with " + exit);
        }
    }

    /** How a command run to its end went: exit code, what it printed on each stream, how long it took. */
    public record Finished(int exitCode, String out, String err, Duration took) {
    }

    /**
     * Runs {@code tandem ARGS...} with JVM options ({@code -Dorg.slf4j...} log levels) until it ends, its
     * streams kept apart in {@code dir}; fails the test if it has not ended after {@code limit}.
     */
    public static Finished run(Path dir, Duration limit, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "tandem-", ".out");
        Path err = Files.createTempFile(dir, "tandem-", ".err");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command(jvmOptions, args)).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("tandem " + String.join(" ", args) + " still ran after " + limit);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Finished(process.exitValue(), Files.readString(out), Files.readString(err), took);
    }

    private static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(command(jvmOptions));
        command.addAll(List.of(args));
        return command;
    }

    /** The {@code tandem} command on the test classpath, before its arguments: {@code java [OPTIONS] -cp ... Main}. */
    public static List<String> command(List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.tandem.cli.Main"));
        return List.copyOf(command);
    }
}
