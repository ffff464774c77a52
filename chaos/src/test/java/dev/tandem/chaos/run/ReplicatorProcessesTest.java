package dev.tandem.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted replicator counts as running once its own start printed the running line, not an earlier start. */
class ReplicatorProcessesTest {

    private static final String RUNNING = "replicating [f (east -> west)]; stop with Ctrl-C";

    @TempDir
    Path work;

    @Test
    void theWaitEndsWhenTheNewProcessSaysItRuns() throws Exception {
        // prints the line, then runs on: the wait ends while it runs
        try (ReplicatorProcesses processes = processes("echo '" + RUNNING + "'; sleep 30")) {
            processes.startAndAwaitRunning(0, Duration.ofSeconds(60));
            assertThat(processes.awaitExit(0, Duration.ZERO)).as("still running when the wait ended").isFalse();
        }
    }

    @Test
    void aRunningLineOfAnEarlierStartDoesNotEndTheWait() throws Exception {
        // the log holds an earlier start's line; this start prints none and ends after a while: the wait lasts till then
        try (ReplicatorProcesses processes = processes("echo starting; sleep 1")) {
            Files.writeString(processes.log(0), "earlier start\n" + RUNNING + "\n");
            processes.startAndAwaitRunning(0, Duration.ofSeconds(60));
            assertThat(processes.awaitExit(0, Duration.ZERO)).as("ended before the wait did").isTrue();
            assertThat(Files.readString(processes.log(0))).as("appended to").startsWith("earlier start").contains("starting");
        }
    }

    private ReplicatorProcesses processes(String script) throws Exception {
        Path playbook = Files.writeString(work.resolve("playbook.yaml"), "");
        // sh -c SCRIPT NAME ARGS...: the replicate arguments become the script's $1..., which it ignores
        return new ReplicatorProcesses(List.of("sh", "-c", script, "replicator"), List.of(playbook), work);
    }
}
