package dev.tandem.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.chaos.check.PartitionVerdict;
import dev.tandem.chaos.run.ChaosReport;
import dev.tandem.chaos.run.Brokers;
import dev.tandem.chaos.run.ChaosRun;
import dev.tandem.chaos.schedule.Fault;
import dev.tandem.chaos.schedule.FaultSchedule;
import dev.tandem.it.clusters.TwoClusters;
import dev.tandem.it.clusters.TwoClustersExtension;
import dev.tandem.it.support.TandemProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The build's chaos run (about three minutes): the workload and two replicator processes sharing a
 * flow and a PostgreSQL store, through two SIGKILLs, a SIGSTOP past the session timeout, the target's
 * broker frozen and the source's killed and restarted, the store stopped, retention deleting
 * records not copied yet, and a source topic deleted and re-created; then every record, sync point, checkpoint and reported gap checked. The release's
 * long run is {@code bench/chaos --minutes 10}. Replay a failure with {@code -Dtandem.chaos.seed=S}.
 */
@ExtendWith(TwoClustersExtension.class)
class ChaosIT {

    private static final Path WORK = Path.of(System.getProperty("tandem.it.work", "target/it-work")).toAbsolutePath();

    @Test
    void nothingIsLostReorderedOrWronglyTranslatedThroughFaultsInARow(TwoClusters clusters) throws Exception {
        long seed = Long.getLong("tandem.chaos.seed", System.nanoTime());
        FaultSchedule.Shape quick = FaultSchedule.Shape.quick();
        if (!clusters.east().canFreeze()) {
            // containers are stopped and started, not frozen: the broker faults they allow
            quick = new FaultSchedule.Shape(quick.kills(), quick.replicatorFreeze(),
                    List.of(new Fault.RestartBroker(Fault.Side.TARGET, true), new Fault.RestartBroker(Fault.Side.SOURCE, true)),
                    quick.dataFaults(), quick.pause());
        }
        List<FaultSchedule.Step> schedule = FaultSchedule.draw(seed, Duration.ZERO, quick);

        ChaosReport report = new ChaosRun(new ChaosRun.Settings(seed, schedule, 400, WORK.resolve("chaos"),
                TandemProcess.command(List.of()), Duration.ofSeconds(120)), new Brokers(clusters.east(), clusters.west()), System.out).run();
        System.out.println(report.markdown());

        assertThat(report.failures()).as("seed %d", seed).isEmpty();
        assertThat(report.faults()).hasSize(schedule.size());
        assertThat(schedule).extracting(FaultSchedule.Step::fault).hasAtLeastOneElementOfType(Fault.KillReplicator.class)
                .hasAtLeastOneElementOfType(Fault.FreezeReplicator.class).hasAtLeastOneElementOfType(Fault.RestartBroker.class)
                .hasAtLeastOneElementOfType(Fault.StoreUnreachable.class).hasAtLeastOneElementOfType(Fault.SourceRetention.class)
                .hasAtLeastOneElementOfType(Fault.RecreateSourceTopic.class);
        // the run wrote and checked something on every partition, and translated the group's commits
        assertThat(report.partitions()).allSatisfy(p -> assertThat(p.onSource()).isPositive())
                .allSatisfy(p -> assertThat(p.syncPointsChecked()).isPositive())
                .allSatisfy(p -> assertThat(p.checkpointsChecked()).isPositive());
        // retention deleted records on every partition but the re-created and the refilled topics' (each left out of it),
        // and some had not been copied: reported lost
        assertThat(report.partitions()).filteredOn(p -> !p.partition().contains(".recreated") && !p.partition().contains(".refilled"))
                .allSatisfy(p -> assertThat(p.deleted().count()).as(p.partition()).isPositive());
        // the re-created topic's partitions were checked as two topics each: the old one's records, then the new one's
        assertThat(report.partitions()).extracting(PartitionVerdict::partition).anyMatch(n -> n.contains(".recreated[old]-"))
                .anyMatch(n -> n.contains(".recreated[new]-"));
        assertThat(report.sum(p -> p.deleted().reported())).as("records deleted before they were copied, reported").isPositive();
    }
}
