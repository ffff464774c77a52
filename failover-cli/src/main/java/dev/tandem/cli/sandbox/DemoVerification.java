package dev.tandem.cli.sandbox;

import dev.tandem.cli.output.ReportFile;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.TandemStore;
import dev.tandem.verifier.Verifier;
import dev.tandem.verifier.report.ReportHtml;
import dev.tandem.verifier.report.ReportText;
import dev.tandem.verifier.report.VerificationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;

/** The demo's verification step: one {@code tandem verify} run of the first flow, with its HTML report. */
final class DemoVerification {

    static final int CANARIES = 30;

    private final KafkaClients clients;
    private final Playbook playbook;
    private final PrintWriter out;
    private final Clock clock;

    DemoVerification(KafkaClients clients, Playbook playbook, PrintWriter out, Clock clock) {
        this.clients = clients;
        this.playbook = playbook;
        this.out = out;
        this.clock = clock;
    }

    void run(TandemStore store, Path report) throws InterruptedException {
        Flow flow = playbook.flows().get(0);
        VerifySpec playbookSpec = playbook.verify();
        VerifySpec spec = new VerifySpec(playbookSpec.canaryTopic(), CANARIES, playbookSpec.timeout(),
                playbookSpec.maxLatency(), playbookSpec.maxLost(), playbookSpec.maxDuplicated(),
                playbookSpec.maxCheckpointAge(), playbookSpec.interval());
        out.println();
        out.println("== 5. Verification (tandem verify --flow " + flow.name() + " --canaries " + CANARIES + ")");
        out.flush();
        VerificationReport result = new Verifier(playbook, clients, new CheckpointRepository(store.jdbi()),
                new dev.tandem.store.SourceGapRepository(store.jdbi()), clock)
                .verify(flow, spec);
        ReportText.print(result, out);
        ReportFile.write(report, ReportHtml.render(result, java.util.OptionalLong.of(spec.maxLatency().toMillis())));
        out.println("report: " + report.toAbsolutePath());
        out.flush();
    }
}
