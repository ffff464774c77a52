package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.acls.Acl;
import dev.tandem.playbook.StoreSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncedAclRepositoryTest {

    @TempDir
    Path dir;

    /** Shared with {@link PostgresStoreTest}: recorded per flow and origin, once each, and forgotten. */
    static void recordsOncePerFlowAndOriginAndForgets(TandemStore store) {
        SyncedAclRepository repository = new SyncedAclRepository(store.jdbi());
        String flow = "flow-" + System.nanoTime();
        Acl read = new Acl(Acl.Resource.TOPIC, "east.orders", false, "User:alice", "*", "READ", true);
        Acl group = new Acl(Acl.Resource.GROUP, "bill", true, "User:alice", "*", "READ", true);
        Acl write = new Acl(Acl.Resource.TOPIC, "east.orders", false, "User:alice", "*", "WRITE", true);
        Instant now = Instant.parse("2026-12-03T07:00:00Z");

        repository.record(flow, SyncedAclRepository.Origin.SYNC, List.of(read, group), now);
        repository.record(flow, SyncedAclRepository.Origin.SYNC, List.of(read), now.plusSeconds(1));
        repository.record(flow, SyncedAclRepository.Origin.MIGRATION, List.of(write), now);
        repository.record("other-" + flow, SyncedAclRepository.Origin.SYNC, List.of(write), now);

        assertThat(repository.created(flow, SyncedAclRepository.Origin.SYNC)).containsExactlyInAnyOrder(read, group);
        assertThat(repository.created(flow, SyncedAclRepository.Origin.MIGRATION)).containsExactly(write);
        repository.forget(flow, List.of(group));
        assertThat(repository.created(flow, SyncedAclRepository.Origin.SYNC)).containsExactly(read);
        assertThat(repository.created("other-" + flow, SyncedAclRepository.Origin.SYNC)).containsExactly(write);
    }

    @Test
    void recordsOncePerFlowAndOriginAndForgetsOnH2() {
        try (TandemStore store = TandemStore.open(new StoreSpec("jdbc:h2:file:" + dir.resolve("store"),
                Optional.empty(), Optional.empty()))) {
            recordsOncePerFlowAndOriginAndForgets(store);
        }
    }
}
