package dev.tandem.chaos.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The replicator processes sharing the run's flow: {@code tandem replicate PLAYBOOK} each, started
 * by {@code command} (the release's {@code bin/tandem}, or {@code java -cp ... dev.tandem.cli.Main}),
 * each with its log in the work folder (a restarted one appends to it).
 */
public final class ReplicatorProcesses implements AutoCloseable {

    private final List<String> command;
    private final List<Path> playbooks;
    private final Path logs;
    private final Process[] processes;
    private final boolean[] frozen;

    /** One process per playbook (the same flow, each its own store). */
    public ReplicatorProcesses(List<String> command, List<Path> playbooks, Path logs) {
        this.command = List.copyOf(command);
        this.playbooks = List.copyOf(playbooks);
        this.logs = logs;
        this.processes = new Process[playbooks.size()];
        this.frozen = new boolean[playbooks.size()];
    }

    public int count() {
        return processes.length;
    }

    public void start(int i) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("replicate", playbooks.get(i).toString(), "--no-progress"));
        try {
            processes[i] = new ProcessBuilder(args).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(i).toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("start replicator " + i, e);
        }
    }

    public Path log(int i) {
        return logs.resolve("replicator-" + i + ".log");
    }

    /** SIGKILL, waited for. */
    public void kill(int i) throws InterruptedException {
        processes[i].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (a clean stop: its progress committed), waited for; killed if still running after 30 s. */
    public void stop(int i) throws InterruptedException {
        if (!processes[i].isAlive()) {
            return;
        }
        processes[i].destroy();
        if (!processes[i].waitFor(30, TimeUnit.SECONDS)) {
            processes[i].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Starts replicator {@code i} and waits, at most {@code limit}, until it is running (its store open: the
     * {@code replicating [...]} line) or has ended: a kill and its restart are one fault, and the next fault must
     * not find the new process still starting (a store outage then fails its start, exit 5, as it should).
     */
    public void startAndAwaitRunning(int i, java.time.Duration limit) throws InterruptedException {
        long from = logSize(i);
        start(i);
        long deadline = System.nanoTime() + limit.toNanos();
        while (processes[i].isAlive() && !runsSince(i, from) && System.nanoTime() - deadline < 0) {
            processes[i].waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    private long logSize(int i) {
        try {
            return java.nio.file.Files.exists(log(i)) ? java.nio.file.Files.size(log(i)) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("size of " + log(i), e);
        }
    }

    /**
     * Whether replicator {@code i}'s log, from byte {@code from} on (what its latest start wrote, not the whole
     * log again), has the line {@code tandem replicate} prints once its store is open (README, <i>Replication</i>).
     */
    private boolean runsSince(int i, long from) {
        try (java.nio.channels.FileChannel log = java.nio.channels.FileChannel.open(log(i))) {
            java.nio.ByteBuffer appended = java.nio.ByteBuffer.allocate((int) Math.max(0, log.size() - from));
            log.read(appended, from);
            return new String(appended.array(), 0, appended.position(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .anyMatch(line -> line.startsWith("replicating [") && line.endsWith("; stop with Ctrl-C"));
        } catch (IOException e) {
            return false; // read again at the next turn
        }
    }

    /** Waits at most {@code limit} for replicator {@code i} to end by itself; whether it did. */
    public boolean awaitExit(int i, java.time.Duration limit) throws InterruptedException {
        return processes[i].waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exit code of replicator {@code i}, which has ended. */
    public int exitValue(int i) {
        return processes[i].exitValue();
    }

    public void freeze(int i) {
        Signals.stop(processes[i].pid());
        frozen[i] = true;
    }

    public void thaw(int i) {
        Signals.resume(processes[i].pid());
        frozen[i] = false;
    }

    /** A replicator that has ended by itself since the last call (its exit told once), restarted: never a silent stop. */
    public Optional<String> restartExited() {
        for (int i = 0; i < processes.length; i++) {
            if (processes[i] != null && !processes[i].isAlive()) {
                String exit = "replicator " + i + " exited by itself with code " + processes[i].exitValue() + " (see " + log(i) + ")";
                start(i);
                return Optional.of(exit);
            }
        }
        return Optional.empty();
    }

    /** SIGTERM to each (thawed first), as a service manager stops them; killed if still running after 30 s. */
    @Override
    public void close() throws InterruptedException {
        for (int i = 0; i < processes.length; i++) {
            if (processes[i] == null) {
                continue;
            }
            if (frozen[i]) {
                thaw(i);
            }
            processes[i].destroy();
        }
        for (Process process : processes) {
            if (process != null && !process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
