package dev.tandem.chaos;

import dev.tandem.chaos.run.ChaosReport;
import dev.tandem.chaos.run.ChaosRun;
import dev.tandem.chaos.run.SandboxBroker;
import dev.tandem.chaos.schedule.FaultSchedule;
import dev.tandem.sandbox.BrokerClasspath;
import dev.tandem.sandbox.FreePorts;
import dev.tandem.sandbox.JvmProfile;
import dev.tandem.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code bench/chaos [--minutes N] [--seed S] [--rate R] [--quick]}: the release's chaos run on two
 * fresh local clusters. Prints the schedule first (replay a run with its seed), then each fault, then
 * the report (also written to {@code WORK/chaos-report.md}); exit 0 when nothing was lost, 1 otherwise.
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        long seed = System.nanoTime();
        Duration minutes = Duration.ofMinutes(10);
        int rate = 1_000;
        boolean quick = false;
        Path work = Path.of("bench/target/chaos");
        String tandem = "bin/tandem";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--minutes" -> minutes = Duration.ofMinutes(Long.parseLong(args[++i]));
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--quick" -> quick = true;
                case "--work" -> work = Path.of(args[++i]);
                case "--tandem" -> tandem = args[++i];
                default -> {
                    System.err.println("chaos: unknown argument " + args[i]
                            + " (usage: bench/chaos [--minutes N] [--seed S] [--rate R] [--quick])");
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(work);
        List<FaultSchedule.Step> schedule = FaultSchedule.draw(seed, quick ? Duration.ZERO : minutes,
                quick ? FaultSchedule.Shape.quick() : FaultSchedule.Shape.full());
        Sandbox sandbox = new Sandbox(work.resolve("clusters-" + Long.toHexString(seed & 0xffffff)), FreePorts.brokerPort(), FreePorts.brokerPort(),
                JvmProfile.STEADY, BrokerClasspath.locate(), Clock.systemUTC());
        // stopped early (Ctrl-C): no broker or replicator of the run left behind
        Thread cleanUp = new Thread(() -> {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            sandbox.down();
        }, "chaos-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        sandbox.up();
        ChaosReport report;
        try {
            report = new ChaosRun(new ChaosRun.Settings(seed, schedule, rate, work, List.of(tandem),
                    Duration.ofSeconds(180)), SandboxBroker.of(sandbox), System.out).run();
        } finally {
            sandbox.down();
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        }
        String markdown = report.markdown();
        System.out.println();
        System.out.print(markdown);
        Files.writeString(work.resolve("chaos-report.md"), markdown);
        System.exit(report.passed() ? 0 : 1);
    }
}
