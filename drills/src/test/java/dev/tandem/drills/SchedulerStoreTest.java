package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class SchedulerStoreTest {

    @Test
    void aFiringMoreThanFiveSecondsLateIsAMisfire() {
        assertThat(SchedulerStore.inMemory(2).getProperty("org.quartz.jobStore.misfireThreshold")).isEqualTo("5000");
    }

    @Test
    void everyScheduledDrillHasAThreadOfItsOwnAndTheSchedulerAtLeastOne() {
        assertThat(SchedulerStore.inMemory(3).getProperty("org.quartz.threadPool.threadCount")).isEqualTo("3");
        assertThat(SchedulerStore.inMemory(0).getProperty("org.quartz.threadPool.threadCount")).isEqualTo("1");
    }

    @Test
    void everySchedulerSharingTheScheduleHasTheSameNameAndAnInstanceIdOfItsOwnProcess() {
        Properties config = SchedulerStore.inMemory(1);

        assertThat(config.getProperty("org.quartz.scheduler.instanceName")).isEqualTo("tandem-drills");
        assertThat(config.getProperty("org.quartz.scheduler.instanceId")).isEqualTo(ThisProcess.name());
    }
}
