package dev.tandem.cli.drill;

import dev.tandem.drill.DrillReport;
import dev.tandem.store.DrillRunRepository;

/** A drill run as the store keeps it. */
public final class DrillRuns {

    private DrillRuns() {
    }

    public static DrillRunRepository.Run stored(DrillReport r) {
        return new DrillRunRepository.Run(r.runId(), r.drill(), r.flow(), r.startedAt(), r.finishedAt(), r.passed(),
                r.rpo().map(DrillReport.Rpo::records), r.rpo().map(DrillReport.Rpo::windowMs), r.rtoMs(), r.canaryP99Ms(),
                String.join("\n", r.failures()), DrillReportOutput.json(r, false));
    }
}
