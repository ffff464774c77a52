package dev.tandem.cli.verify;

import dev.tandem.store.VerificationRunRepository;
import dev.tandem.verifier.report.ReportJson;
import dev.tandem.verifier.report.VerificationReport;

/** A verification run as the store keeps it (one run of {@code tandem verify}, or of its continuous mode). */
final class VerificationRuns {

    private VerificationRuns() {
    }

    static VerificationRunRepository.Run stored(VerificationReport report) {
        return new VerificationRunRepository.Run(report.runId(), report.flow(), report.startedAt(), report.finishedAt(),
                report.passed(), ReportJson.compact(report));
    }
}
