package dev.tandem.cli.drill;

import dev.tandem.cli.output.ReportFile;
import dev.tandem.drills.DrillReport;
import dev.tandem.drills.DrillScheduler.ScheduledRun;
import dev.tandem.drills.ThisProcess;
import dev.tandem.store.DrillRunRepository;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** A drill run as the store keeps it, and its HTML report with the trends of the runs before it. */
public final class DrillRuns {

    /** How many past runs of a drill its report's RPO and RTO trend charts show. */
    static final int TREND_RUNS = 100;

    private DrillRuns() {
    }

    /** Writes the run's self-contained HTML report, with the drill's latest stored runs as trends. */
    public static void writeReport(DrillRunRepository runs, DrillReport report, dev.tandem.playbook.DrillSpec drill,
                                   Path file) {
        ReportFile.write(file, DrillReportHtml.render(report, drill, runs.recent(Optional.of(report.drill()), TREND_RUNS)));
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
                String.join("\n", r.failureTexts()), DrillReportOutput.json(r, false), scheduledFor, ranBy);
    }
}
