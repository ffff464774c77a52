package dev.tandem.cli.drill;

import dev.tandem.drill.DrillReport;
import dev.tandem.drill.DrillScheduler.ScheduledRun;
import dev.tandem.drill.ThisProcess;
import dev.tandem.store.DrillRunRepository;
import java.time.Instant;
import java.util.Optional;

/** A drill run as the store keeps it. */
public final class DrillRuns {

    private DrillRuns() {
    }

    /** A run of {@code tandem drill run} (or the demo) in this process. */
    public static DrillRunRepository.Run stored(DrillReport r) {
        return stored(r, Optional.empty(), ThisProcess.name());
    }

    /** A run the scheduler made, with its firing time and the scheduler that ran it. */
    public static DrillRunRepository.Run stored(ScheduledRun run) {
        return stored(run.report(), Optional.of(run.scheduledFor()), run.ranBy());
    }

    private static DrillRunRepository.Run stored(DrillReport r, Optional<Instant> scheduledFor, String ranBy) {
        return new DrillRunRepository.Run(r.runId(), r.drill(), r.flow(), r.startedAt(), r.finishedAt(), r.passed(),
                r.rpo().map(DrillReport.Rpo::records), r.rpo().map(DrillReport.Rpo::windowMs), r.rtoMs(), r.canaryP99Ms(),
                String.join("\n", r.failures()), DrillReportOutput.json(r, false), scheduledFor, ranBy);
    }
}
